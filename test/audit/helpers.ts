// Shared helpers of the audit tests: the small instance's built artifacts and a small proof.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CircuitSignals } from "snarkjs";
import { buildSolvencyInput } from "../../src/circuit-input";
import { artifactPaths } from "../../src/node/artifacts";
import { readManifest } from "../../src/node/pipeline";
import { loadAccountFiles, loadMarket } from "../../src/node/load";
import { proveWithInstance } from "../../src/node/prover";
import type { ProofFile } from "../../src/proof";
import { buildRiskTable, serializeRiskTable } from "../../src/risk-table";
import { parseMultiplier } from "../../src/margin";

export const ROOT = path.resolve(__dirname, "..", "..");
export const SMALL = artifactPaths("small");
const ex = (f: string): string => path.join(ROOT, "examples", f);

export function tmpDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `zkmargin-${label}-`));
}

/**
 * The ptau the tests verify against: $ZKMARGIN_PTAU, else the one the small build used (on a
 * fresh clone, the development ptau the build made), or undefined (tests then skip).
 */
export function ptau(): string | undefined {
  const p = process.env.ZKMARGIN_PTAU;
  if (p !== undefined && p !== "") return fs.existsSync(p) ? p : undefined;
  const built = readManifest(SMALL.manifest)?.keys?.ptau.path;
  return built !== undefined && fs.existsSync(built) ? built : undefined;
}

/**
 * One initial key of the small circuit per test run, shared by the audit and the ceremony
 * tests (snarkjs's zkey verify from r1cs = zkey new + verify from that initial key).
 */
export const INIT_CACHE = path.join(os.tmpdir(), `zkmargin-test-init-${process.pid}`);

export interface SmallProof {
  dir: string;
  risk: string;
  portfolio: string;
  collateral: string;
  proof: ProofFile;
}

/** A small-instance risk table of examples/market.json and a proof of the wrong-way portfolio. */
export async function makeSmallProof(dir: string): Promise<SmallProof> {
  const risk = path.join(dir, "risk.json");
  fs.writeFileSync(
    risk,
    serializeRiskTable(buildRiskTable(loadMarket(ex("market.json")), "small")),
  );
  const portfolio = ex("portfolio-wrong-way.json");
  const collateral = ex("balances-wrong-way.json");
  const { table, portfolio: p, balances } = loadAccountFiles(portfolio, risk, collateral);
  const { input } = buildSolvencyInput(table, p, balances, parseMultiplier("1.0"));
  const proof = await proveWithInstance("small", input as unknown as CircuitSignals);
  return { dir, risk, portfolio, collateral, proof };
}

// Root hook: remove the shared initial key when the run ends.
after(() => fs.rmSync(INIT_CACHE, { recursive: true, force: true }));
