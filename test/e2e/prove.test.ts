/**
 * Full Groth16 pipeline through the CLI on the standard instance (keys from `npm run
 * circuits`): input, prove, verify; an insolvent portfolio is refused before proving, a raw
 * insolvent input is refused by the circuit, and a tampered proof file fails verification.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { P } from "../../src/field";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "zkmargin.js");
const ex = (f: string) => path.join(ROOT, "examples", f);

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("prove and verify, standard instance (CLI)", function () {
  this.timeout(300000);
  let dir: string;
  let risk: string;
  let proofFile: string;
  const account = (name: string) => [
    ex(`portfolio-${name}.json`),
    "--risk",
    risk,
    "--collateral",
    ex(`balances-${name}.json`),
  ];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-prove-"));
    risk = path.join(dir, "risk.json");
    proofFile = path.join(dir, "proof.json");
    const r = run("risk", "build", ex("market.json"), "-o", risk, "--instance", "standard");
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("proves a solvent portfolio and the proof verifies", () => {
    const r = run("prove", ...account("hedged-options"), "-o", proofFile, "--json");
    expect(r.code, r.stderr).to.equal(0);
    const proof = JSON.parse(fs.readFileSync(proofFile, "utf8"));
    expect(proof).to.include({ version: 1, circuit: "standard", unsafeDevelopmentKeys: true });
    expect(proof.vkeyHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(proof.publicSignals).to.have.length(3);
    // the public signals are the ones `zkmargin input` computes for the same files
    const inputFile = path.join(dir, "input.json");
    expect(run("input", ...account("hedged-options"), "-o", inputFile).code).to.equal(0);
    const input = JSON.parse(fs.readFileSync(inputFile, "utf8"));
    expect(proof.publicSignals).to.deep.equal([input.stateHash, input.riskRoot, input.multiplier]);
    const v = run("verify", proofFile, "--json");
    expect(v.code, v.stderr).to.equal(0);
    expect(JSON.parse(v.stdout)).to.include({ valid: true });
  });

  it("proves at the initial-margin multiplier too (1.25) and the multiplier is public", () => {
    const f = path.join(dir, "proof-im.json");
    expect(
      run("prove", ...account("hedged-options"), "--multiplier", "1.25", "-o", f).code,
    ).to.equal(0);
    expect(JSON.parse(fs.readFileSync(f, "utf8")).publicSignals[2]).to.equal("12500");
    expect(run("verify", f).code).to.equal(0);
  });

  it("rejects a tampered public signal, a signal at the modulus and a foreign key", () => {
    const proof = JSON.parse(fs.readFileSync(proofFile, "utf8"));
    for (const [i, value] of [
      [0, (BigInt(proof.publicSignals[0]) ^ 1n).toString()], // another account state
      [1, (BigInt(proof.publicSignals[1]) + 1n).toString()], // another risk root
      [2, "12500"], // another multiplier
      [1, (BigInt(proof.publicSignals[1]) + P).toString()], // same value + p
    ] as [number, string][]) {
      const t = structuredClone(proof);
      t.publicSignals[i] = value;
      const f = path.join(dir, `tampered-${i}.json`);
      fs.writeFileSync(f, JSON.stringify(t));
      const r = run("verify", f);
      expect(r.code, `signal ${i}`).to.equal(1);
      expect(r.stderr).to.match(/invalid proof/);
    }
    const small = path.join(ROOT, "build", "small", "verification_key.json");
    const r = run("verify", proofFile, "--vkey", small);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/vkeyHash/);
  });

  it("refuses an insolvent portfolio with exit 1, naming group and scenario, writing nothing", () => {
    const f = path.join(dir, "never.json");
    const r = run("prove", ...account("insolvent"), "-o", f);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/insolvent: .*group BTC, scenario \d+ \(.+\)/);
    expect(r.stderr).not.to.match(/\n\s+at /);
    expect(fs.existsSync(f)).to.equal(false);
  });

  it("prove --raw-input feeds the circuit unchecked: an insolvent input is refused by the circuit", () => {
    const inputFile = path.join(dir, "insolvent-input.json");
    expect(run("input", ...account("insolvent"), "-o", inputFile).code).to.equal(0);
    const f = path.join(dir, "never2.json");
    const r = run("prove", "--raw-input", inputFile, "--instance", "standard", "-o", f);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/the circuit rejected the input/);
    expect(fs.existsSync(f)).to.equal(false);
  });

  it("bad proof files are bad input (exit 2) naming the field", () => {
    const f = path.join(dir, "bad-proof.json");
    fs.writeFileSync(f, JSON.stringify({ version: 1, circuit: "standard" }));
    const r = run("verify", f);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/bad-proof\.json: vkeyHash: /);
  });
});
