// `zkmargin audit` on the small instance: a clean build passes; a changed circuit source, a
// zkey from another circuit, a verifier and a batch verifier with one constant changed are
// each caught with a message that names them (more batch verifier cases: batch-audit.test.ts). Needs the built small keys (npm run circuits) and their ptau ($ZKMARGIN_PTAU or the one the build made).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import type { AuditReport } from "../../src/node/audit/audit";
import { formatAuditReport, runAudit } from "../../src/node/audit/audit";
import { expectedBatchVerifier } from "../../src/node/audit/batch-checks";
import { deployedCodeProblems, verifierSourceProblems } from "../../src/node/audit/keys";
import { circuitsDir } from "../../src/node/artifacts";
import { silentLog } from "../../src/node/pipeline/log";
import { buildInstance } from "../../src/node/pipeline/pipeline";
import { releaseSnarkjsWorkers } from "../../src/node/pipeline/tools";
import { compileSource } from "../contracts/solc";
import { makeFixture, placeholderConfig } from "../pipeline/fixture";
import { INIT_CACHE, ptau, SMALL, tmpDir } from "./helpers";

const failed = (r: AuditReport): string[] =>
  r.checks.filter((c) => c.status === "failed").map((c) => c.message);

describe("zkmargin audit (small instance)", function () {
  const dirs: string[] = [];
  before(function () {
    if (ptau() === undefined || !fs.existsSync(SMALL.zkey)) this.skip();
  });
  after(async () => {
    await releaseSnarkjsWorkers();
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  it("passes on the clean build: sources, r1cs, wasm, counts, zkey verify, vkey, verifiers", async () => {
    const r = await runAudit({ instances: ["small"], initCacheDir: INIT_CACHE });
    const text = formatAuditReport(r);
    console.log(`      (audit small: ${r.seconds.toFixed(0)} s)`);
    expect(failed(r), text).to.deep.equal([]);
    expect(r.ok).to.equal(true);
    const ids = r.checks.filter((c) => c.status === "ok").map((c) => c.check);
    for (const c of [
      "toolchain",
      "sources",
      "r1cs",
      "wasm",
      "templates",
      "zkey",
      "vkey",
      "verifier",
      "batch-verifier",
    ])
      expect(ids, c).to.include(c);
    expect(r.counts[0].constraints).to.equal(24278);
    expect(text).to.match(/InstrumentInclusion\(16, 4, 2\)\s+1420 x\s+4/);
  });

  it("names a changed circuit source, a zkey of another circuit and changed verifier constants", async () => {
    // A changed source: one more constraint in range-check.circom.
    const root = tmpDir("tamper");
    dirs.push(root);
    const src = path.join(root, "circuits");
    fs.cpSync(circuitsDir(), src, {
      recursive: true,
      filter: (f) => path.relative(circuitsDir(), f).split(path.sep)[0] !== "main",
    });
    const rc = path.join(src, "range-check.circom");
    fs.writeFileSync(
      rc,
      fs
        .readFileSync(rc, "utf8")
        .replace(
          "    bits <== Num2Bits(B)(in);",
          "    bits <== Num2Bits(B)(in);\n    signal extra <== in * in;",
        ),
    );
    // A zkey of another circuit: the placeholder circuit of the pipeline tests.
    const fx = makeFixture("tamper-zkey");
    dirs.push(fx.root);
    const other = await buildInstance("tiny", {
      config: placeholderConfig(),
      sourcesDir: fx.sourcesDir,
      mainDir: fx.mainDir,
      buildDir: fx.buildDir,
      env: { ZKMARGIN_PTAU: ptau() },
      log: silentLog,
    });
    // A verifier with one constant changed.
    const sol = fs.readFileSync(SMALL.verifier, "utf8");
    const m = /uint256 constant deltax1 = ([0-9]+);/.exec(sol);
    if (m === null) throw new Error("no deltax1 in the verifier");
    const bad = path.join(root, "Verifier.sol");
    fs.writeFileSync(bad, sol.replace(m[0], `uint256 constant deltax1 = ${BigInt(m[1]) + 1n};`));
    // A batch verifier (as generated from the key, given by file) with one constant changed.
    const batch = expectedBatchVerifier(
      SMALL,
      JSON.parse(fs.readFileSync(SMALL.vkey, "utf8")) as unknown,
    );
    const bm = /uint256 internal constant DELTA_X_IM = ([0-9]+);/.exec(batch);
    if (bm === null) throw new Error("no DELTA_X_IM in the batch verifier");
    const badBatch = path.join(root, "Batch.sol");
    fs.writeFileSync(badBatch, batch.replace(bm[0], bm[0].replace(bm[1], `${BigInt(bm[1]) + 1n}`)));

    const r = await runAudit({
      instances: ["small"],
      sourcesDir: src,
      templates: false,
      overrides: { small: { zkey: other.paths.zkey, verifier: bad, batchVerifier: badBatch } },
    });
    const f = failed(r).join("\n");
    expect(r.ok).to.equal(false);
    expect(f).to.match(/circuit source circuits\/range-check\.circom changed/);
    expect(f).to.match(/small: rebuilt r1cs sha256 .* differs from the manifest/);
    expect(f).to.match(/tiny\.zkey is a key for another circuit/);
    expect(f).to.match(/Verifier\.sol: constant deltax1 is \d+, the verification key has \d+/);
    expect(f).to.match(
      /small: Batch\.sol is not the batch verifier generated from the verification key: line \d+ is `uint256 internal constant DELTA_X_IM = \d+;`/,
    );
    expect(f).not.to.match(/VKEY_SHA256 is/);
  });

  it("checks deployed verifier code: every vkey constant must be in the runtime bytecode", async () => {
    const vkey = (await snarkjs.zKey.exportVerificationKey(SMALL.zkey)) as Record<string, unknown>;
    const src = fs.readFileSync(SMALL.verifier, "utf8");
    expect(verifierSourceProblems(src, vkey, "V")).to.deep.equal([]);
    // the runtime code as Hardhat compiles it (hardhat.config.ts: optimizer on, 200 runs)
    const code = compileSource(src, ["evm.deployedBytecode.object"]).Groth16Verifier.evm
      .deployedBytecode?.object;
    if (code === undefined) throw new Error("no deployed bytecode");
    expect(deployedCodeProblems(code, vkey, "verifier at 0x01")).to.deep.equal([]);
    // the same code checked against another key (delta changed) is caught by name
    const d = vkey.vk_delta_2 as string[][];
    const other = { ...vkey, vk_delta_2: [[d[0][0], (BigInt(d[0][1]) + 1n).toString()], d[1]] };
    expect(deployedCodeProblems(code, other, "verifier at 0x01").join("\n")).to.match(
      /lacks the verification key's constant deltax1/,
    );
    expect(deployedCodeProblems("0x", vkey, "v")).to.deep.equal([
      "v: no contract code at this address",
    ]);
  });
});
