/**
 * Real Groth16 proofs of an instance for the batch-verifier tests and gas figures: `accounts`
 * proofs of the examples' perps book (each account its own address and salt, so its own state
 * hash) through the SDK prover, re-randomised (test/contracts/batch-proofs.ts) up to `count`.
 */
import fs from "node:fs";
import path from "node:path";
import { buildSolvencyInput } from "../../src/circuit-input";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { releaseProverThreads } from "../../src/proof";
import { buildRiskTable } from "../../src/risk-table/compile";
import { parseBalances, parseMarket, parsePortfolio } from "../../src/schema";
import { loadKeyInfo, proveWithInstance } from "../../src/node/prover";
import { type Curve, type SolProof, fromSnarkjs, rerandomize, vkeyDelta } from "./batch-proofs";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
const json = (f: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), "utf8")) as Record<string, unknown>;

export async function realProofs(
  curve: Curve,
  instance: string,
  accounts: number,
  count: number,
): Promise<{ proofs: SolProof[]; pubs: bigint[][] }> {
  const table = buildRiskTable(parseMarket(json("market.json")), instance);
  const base: SolProof[] = [];
  const basePubs: bigint[][] = [];
  try {
    for (let i = 0; i < accounts; i++) {
      const account = "0x" + (0xa11ce0 + i).toString(16).padStart(40, "0");
      const pf = {
        ...json("portfolio-perps.json"),
        account,
        salt: "0x" + (0x5a17 + i).toString(16),
      };
      const bal = { ...json("balances-perps.json"), account };
      const { input } = buildSolvencyInput(
        table,
        toIntegerPortfolio(parsePortfolio(pf), table, "portfolio"),
        toIntegerBalances(parseBalances(bal), table, "balances"),
        10000n,
      );
      const file = await proveWithInstance(instance, input);
      base.push(fromSnarkjs(file.proof));
      basePubs.push(file.publicSignals.map(BigInt));
    }
  } finally {
    await releaseProverThreads();
  }
  const delta = vkeyDelta(curve, loadKeyInfo(instance).vkey as { vk_delta_2: string[][] });
  const proofs: SolProof[] = [];
  const pubs: bigint[][] = [];
  for (let i = 0; i < count; i++) {
    const j = i % accounts;
    proofs.push(i < accounts ? base[j] : rerandomize(curve, base[j], delta, BigInt(77 + i)));
    pubs.push(basePubs[j]);
  }
  return { proofs, pubs };
}
