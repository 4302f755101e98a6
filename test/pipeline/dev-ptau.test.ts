import { expect } from "chai";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { generateDevPtau } from "../../src/node/ptau/dev-ptau";
import { snarkjsDevPtau } from "../../scripts/lib/snarkjs-ptau";
import type { DevPtauResult } from "../../src/node/ptau/dev-ptau";
import { readPtauHeader } from "../../src/node/pipeline/binfile";
import { compileCircom } from "../../src/node/circom/driver";
import { releaseSnarkjsWorkers } from "../../src/node/pipeline/tools";

const POWER = 8;

const ptau = snarkjs.powersOfTau as unknown as { verify(file: string): Promise<boolean> };
const zKey = snarkjs.zKey as unknown as {
  newZKey(r1cs: string, ptau: string, zkey: string): Promise<unknown>;
  verifyFromR1cs(r1cs: string, ptau: string, zkey: string): Promise<boolean>;
  exportVerificationKey(zkey: string): Promise<unknown>;
};

/** Offsets of the sections of an iden3 binary file. */
function sectionOffsets(buf: Buffer): Map<number, { offset: number; size: number }> {
  const out = new Map<number, { offset: number; size: number }>();
  let pos = 12;
  for (let i = 0; i < buf.readUInt32LE(8); i++) {
    const size = Number(buf.readBigUInt64LE(pos + 4));
    out.set(buf.readUInt32LE(pos), { offset: pos + 12, size });
    pos += 12 + size;
  }
  return out;
}

describe("development powers of tau (src/node/ptau)", function () {
  this.timeout(120_000);
  let dir: string;
  let ours: string;
  let result: DevPtauResult;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-devptau-"));
    ours = path.join(dir, `dev${POWER}.ptau`);
    result = await generateDevPtau({ power: POWER, out: ours });
  });

  after(async () => {
    await releaseSnarkjsWorkers();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses powers outside 1..20 and bad options, naming the option", async () => {
    for (const power of [0, 21, 8.5, -1]) {
      let err: unknown;
      await generateDevPtau({ power, out: path.join(dir, "bad.ptau") }).catch((e) => (err = e));
      expect(String(err)).to.match(/option "power" must be an integer from 1 to 20/);
    }
    let err: unknown;
    await generateDevPtau({ power: 4, out: "" }).catch((e) => (err = e));
    expect(String(err)).to.match(/option "out"/);
    expect(fs.existsSync(path.join(dir, "bad.ptau"))).to.equal(false);
  });

  it("writes a prepared ptau atomically, says UNSAFE, and reports its sha256", () => {
    const h = readPtauHeader(ours);
    expect(h.power).to.equal(POWER);
    expect(h.prepared).to.equal(true);
    const bytes = fs.readFileSync(ours);
    expect(bytes.includes(Buffer.from("UNSAFE: public seed"))).to.equal(true);
    expect(result.unsafe).to.equal(true);
    expect(result.warning).to.match(/UNSAFE FOR PRODUCTION/);
    expect(result.sha256).to.equal(crypto.createHash("sha256").update(bytes).digest("hex"));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp") || f.endsWith(".u"))).to.eql([]);
  });

  it("is byte for byte snarkjs new + contribute (seed as entropy) + prepare phase2", async () => {
    const theirs = await snarkjsDevPtau(dir, POWER);
    const a = fs.readFileSync(ours);
    const b = fs.readFileSync(theirs);
    expect(a.byteLength).to.equal(b.byteLength);
    expect(a.equals(b)).to.equal(true);
  });

  it("depends on the seed", async () => {
    const other = path.join(dir, "other.ptau");
    const r = await generateDevPtau({ power: 2, out: other, seed: "another seed", threads: 1 });
    const same = await generateDevPtau({ power: 2, out: other, threads: 1 });
    expect(r.sha256).to.not.equal(same.sha256);
    expect(r.responseHash).to.not.equal(same.responseHash);
  });

  it("passes snarkjs verify, which fails after one Lagrange point is changed", async () => {
    expect(await ptau.verify(ours)).to.equal(true);
    const bytes = fs.readFileSync(ours);
    const s12 = sectionOffsets(bytes).get(12);
    if (s12 === undefined) throw new Error("no section 12");
    // Block of domain size 2^3 starts after 1 + 2 + 4 points; replace its point 5 by point 6
    // (still a valid curve point, so only the Lagrange check can notice).
    const at = (i: number): number => s12.offset + (7 + i) * 64;
    bytes.copy(bytes, at(5), at(6), at(6) + 64);
    const tampered = path.join(dir, "tampered.ptau");
    fs.writeFileSync(tampered, bytes);
    expect(await ptau.verify(tampered)).to.equal(false);
  });

  it("keys a Groth16 circuit: zkey verifyFromR1cs passes and a proof verifies", async () => {
    const src = path.join(dir, "tiny.circom");
    fs.writeFileSync(
      src,
      [
        "pragma circom 2.1.9;",
        "template Tiny() {",
        "    signal input a;",
        "    signal input b;",
        "    signal output c;",
        "    signal ab;",
        "    ab <== a * b;",
        "    c <== ab * a + b;",
        "}",
        "component main {public [a]} = Tiny();",
        "",
      ].join("\n"),
    );
    const out = path.join(dir, "tiny");
    const { r1cs, wasm } = await compileCircom({
      mainFile: src,
      outDir: out,
      flags: ["--r1cs", "--wasm"],
      includeDirs: [],
    });
    const zkey = path.join(out, "tiny.zkey");
    await zKey.newZKey(r1cs, ours, zkey);
    expect(await zKey.verifyFromR1cs(r1cs, ours, zkey)).to.equal(true);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ a: 3, b: 4 }, wasm, zkey);
    expect(publicSignals).to.eql(["40", "3"]);
    const vkey = await zKey.exportVerificationKey(zkey);
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).to.equal(true);
  });
});
