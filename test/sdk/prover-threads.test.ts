/**
 * snarkjs builds its BN254 curve, with a pool of worker threads, on first use and caches it in
 * globalThis.curve_bn128 only once the build has finished: proofs verified (or made) together
 * before that each built their own curve, and every pool but the last was never terminated,
 * so the process could not exit. The load test's relayer (eight wallets posting at once) hung
 * on SIGTERM that way. A child process verifies four proofs at once, releases the threads and
 * must exit by itself.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import {
  buildRiskTable,
  parseBalances,
  parseMarket,
  parsePortfolio,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../../src";
import { buildSolvencyInput } from "../../src/circuit-input";
import { proveWithInstance } from "../../src/node/prover";
import { releaseProverThreads } from "../../src/proof";

const ROOT = path.resolve(__dirname, "..", "..");
const ex = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", f), "utf8"));
const VKEY = path.join(ROOT, "build", "small", "verification_key.json");

describe("prover threads: concurrent first use of the curve", function () {
  this.timeout(120000);
  let dir = "";
  let proofFile = "";

  before(async function () {
    if (!fs.existsSync(path.join(ROOT, "build", "small", "small.zkey"))) {
      console.log("      skipped: no small keys (npm run circuits)");
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-threads-"));
    const table = buildRiskTable(parseMarket(ex("market.json")), "small");
    const p = toIntegerPortfolio(parsePortfolio(ex("portfolio-perps.json")), table, "portfolio");
    const b = toIntegerBalances(parseBalances(ex("balances-perps.json")), table);
    const { input } = buildSolvencyInput(table, p, b, 10000n);
    proofFile = path.join(dir, "proof.json");
    fs.writeFileSync(proofFile, JSON.stringify(await proveWithInstance("small", input)));
    await releaseProverThreads();
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("four proofs verified at once, then released: the process exits by itself", () => {
    const code = `
      const { verifyProof, releaseProverThreads } = require("./src/proof");
      const file = require(${JSON.stringify(proofFile)});
      const vkey = require(${JSON.stringify(VKEY)});
      Promise.all([1, 2, 3, 4].map(() => verifyProof(file, vkey))).then(async (r) => {
        console.log(r.map((x) => x.ok).join(","));
        await releaseProverThreads();
      });`;
    const r = spawnSync(process.execPath, ["-r", "./scripts/register-ts.js", "-e", code], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30000,
    });
    expect(r.stdout.trim(), r.stderr).to.equal("true,true,true,true");
    expect(
      [r.status, r.signal],
      "exit code and signal (SIGTERM: still running after 30 s)",
    ).to.deep.equal([0, null]);
  });
});
