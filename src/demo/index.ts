/**
 * Demo: builds the risk table of examples/market.json into build/demo/risk.json, prints
 * the margin report of every bundled portfolio, then of the margin model v2 books of
 * examples/v2 (correlation credit, liquidity add-on, tiered collateral, tenor-scaled vol
 * shock), runs the risk desk on the example history (calibration, backtest, stress test of
 * the four books; risk-desk.ts), builds the instance's keys when they are missing
 * (prepare.ts: minutes on a fresh clone, then cached), proves the books that fit (the v2
 * market has 3 groups: the standard instance), verifies the proofs and shows the insolvent
 * one refused; then tells the on-chain story on an in-process Hardhat network
 * (chain-story.ts).
 *
 *   npm run demo [-- --instance standard]   or   zkmargin demo [--instance standard]
 */
import * as path from "node:path";
import {
  buildRiskTable,
  serializeRiskTable,
  toIntegerPortfolio,
  toIntegerBalances,
  checkSameAccount,
  computeMargin,
  formatMarginText,
  toHex32,
} from "..";
import { loadBalances, loadMarket, loadPortfolio, loadRiskTable } from "../node/load";
import { writeFileAtomic } from "../node/files";
import { buildSolvencyInput } from "../circuit-input";
import { CheckFailedError, InputError } from "../errors";
import { projectRoot } from "../node/artifacts";
import type { RiskTable } from "../risk-table";
import { proveWithInstance, verifyProofFile } from "../node/prover";
import { releaseProverThreads } from "../proof";
import { chainStory } from "./chain-story";
import { prepareDemo } from "./prepare";
import { riskDeskStory } from "./risk-desk";

const ROOT = projectRoot();
const EXAMPLES = path.join(ROOT, "examples");
const RISK = path.join(ROOT, "build", "demo", "risk.json");

const EXAMPLES_V2 = path.join(EXAMPLES, "v2");

/** The margin model v2 books of examples/v2 (SPEC 7.1), one per feature. */
const BOOKS_V2: Array<[string, string]> = [
  ["pairs", "v2 pairs: long BTC, short ETH perpetuals; correlations give a diversification credit"],
  [
    "concentrated",
    "v2 concentrated: a BTC-PERP short above its liquidity threshold pays the add-on",
  ],
  ["altcoin", "v2 altcoin: 2,000,000 UNI posted, valued by haircut tiers"],
  ["short-dated", "v2 short-dated: a 4.8-day strangle under the tenor-scaled vol shock"],
];

const BOOKS: Array<[string, string]> = [
  [
    "hedged-options",
    "hedged options book: call and put spreads, delta-hedged, USDC + WETH collateral",
  ],
  ["wrong-way", "wrong-way collateral: short BTC puts collateralised only by WBTC"],
  ["perps", "perpetuals only: long BTC, short ETH, USDC collateral"],
  ["insolvent", "insolvent: naked short BTC calls on thin USDC collateral"],
];

/**
 * Proves the books that fit the instance of `table` and shows the insolvent one refused; a
 * book larger than the instance (more positions than N, ...) is named and skipped.
 */
async function proveBooks(
  table: RiskTable,
  dir = EXAMPLES,
  books: Array<[string, string]> = BOOKS,
): Promise<void> {
  const name = table.instance.name;
  process.stdout.write(
    `\n== proofs of ${path.relative(process.cwd(), dir) || dir} ` +
      `(${name} instance, Groth16, DEVELOPMENT keys - unsafe for production)\n`,
  );
  try {
    for (const [book] of books) {
      const pf = path.join(dir, `portfolio-${book}.json`);
      const bf = path.join(dir, `balances-${book}.json`);
      let portfolio, balances;
      try {
        portfolio = toIntegerPortfolio(loadPortfolio(pf), table, path.relative(process.cwd(), pf));
        balances = toIntegerBalances(loadBalances(bf), table, path.relative(process.cwd(), bf));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        process.stdout.write(
          `   ${book.padEnd(15)} does not fit the ${name} instance (${e.message}); --instance standard proves it\n`,
        );
        continue;
      }
      const t0 = Date.now();
      try {
        const { input } = buildSolvencyInput(table, portfolio, balances, 10000n);
        const proof = await proveWithInstance(name, input);
        const ok = (await verifyProofFile(proof)).ok;
        process.stdout.write(
          `   ${book.padEnd(15)} proved in ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
            `verifies: ${ok}; public signals: stateHash ${toHex32(BigInt(proof.publicSignals[0])).slice(0, 18)}..., ` +
            `multiplier ${proof.publicSignals[2]}\n`,
        );
      } catch (e) {
        if (!(e instanceof CheckFailedError)) throw e;
        process.stdout.write(`   ${book.padEnd(15)} refused: ${e.message}\n`);
      }
    }
  } finally {
    await releaseProverThreads();
  }
}

/** Prints the margin report of each book of `dir` against `table` at multiplier 1.0. */
function reportBooks(table: RiskTable, dir: string, books: Array<[string, string]>): void {
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  for (const [name, title] of books) {
    const pf = path.join(dir, `portfolio-${name}.json`);
    const bf = path.join(dir, `balances-${name}.json`);
    const portfolio = toIntegerPortfolio(loadPortfolio(pf), table, rel(pf));
    const balances = toIntegerBalances(loadBalances(bf), table, rel(bf));
    checkSameAccount(portfolio, balances, rel(bf));
    const report = computeMargin(table, portfolio, balances.amounts, 10000n);
    process.stdout.write(`\n== ${title}\n   ${rel(pf)} with ${rel(bf)}, multiplier 1.0\n\n`);
    process.stdout.write(formatMarginText(report));
  }
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Circuit instance of the proofs and the on-chain story (default small). */
  instance?: string;
}

/**
 * The demo: margin reports of the bundled books, their proofs when keys are built, and the
 * on-chain story on an in-process Hardhat network (`npm run demo`, `zkmargin demo`).
 */
export async function runDemo(opts: DemoOptions = {}): Promise<void> {
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const marketFile = path.join(EXAMPLES, "market.json");
  const table = buildRiskTable(loadMarket(marketFile), "standard", rel(marketFile));
  writeFileAtomic(RISK, serializeRiskTable(table));
  process.stdout.write(
    `risk table of ${rel(marketFile)} -> ${rel(RISK)}\nrisk root ${toHex32(table.riskRoot)}\n`,
  );
  const reloaded = loadRiskTable(RISK); // exercises the parser and the root check
  reportBooks(reloaded, EXAMPLES, BOOKS);
  const marketV2 = path.join(EXAMPLES_V2, "market.json");
  const tableV2 = buildRiskTable(loadMarket(marketV2), "standard", rel(marketV2));
  process.stdout.write(
    `\n== margin model v2 (SPEC 7.1): ${rel(marketV2)}, risk root ${toHex32(tableV2.riskRoot)}\n`,
  );
  reportBooks(tableV2, EXAMPLES_V2, BOOKS_V2);
  riskDeskStory(EXAMPLES, loadMarket(marketFile), path.dirname(RISK));
  const instance = opts.instance ?? "small";
  process.stdout.write(`\n== keys for the ${instance} instance\n`);
  await prepareDemo(instance);
  const proofTable =
    instance === reloaded.instance.name
      ? reloaded
      : buildRiskTable(loadMarket(marketFile), instance, rel(marketFile));
  await proveBooks(proofTable);
  if (instance === tableV2.instance.name) await proveBooks(tableV2, EXAMPLES_V2, BOOKS_V2);
  else
    process.stdout.write(
      `\n   the v2 books need the standard instance (3 groups): --instance standard proves them\n`,
    );
  try {
    await chainStory(instance);
  } finally {
    await releaseProverThreads();
  }
}
