/**
 * Demo: builds the risk table of examples/market.json into build/demo/risk.json, prints
 * the margin report of every bundled portfolio and, when keys are built, proves the
 * solvent ones, verifies the proofs and shows the insolvent one refused; then tells the
 * on-chain story on an in-process Hardhat network (chain-story.ts).
 *
 *   npm run demo [-- --instance small]   or   zkmargin demo [--instance small]
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
import { CheckFailedError } from "../errors";
import { artifactPaths, projectRoot } from "../node/artifacts";
import { proveWithInstance, verifyProofFile } from "../node/prover";
import { releaseProverThreads } from "../proof";
import * as fs from "node:fs";
import { chainStory } from "./chain-story";

const ROOT = projectRoot();
const EXAMPLES = path.join(ROOT, "examples");
const RISK = path.join(ROOT, "build", "demo", "risk.json");

const BOOKS: Array<[string, string]> = [
  [
    "hedged-options",
    "hedged options book: call and put spreads, delta-hedged, USDC + WETH collateral",
  ],
  ["wrong-way", "wrong-way collateral: short BTC puts collateralised only by WBTC"],
  ["perps", "perpetuals only: long BTC, short ETH, USDC collateral"],
  ["insolvent", "insolvent: naked short BTC calls on thin USDC collateral"],
];

/** Proves the solvent books and shows the insolvent one refused, when keys are built. */
async function proveBooks(table: ReturnType<typeof loadRiskTable>): Promise<void> {
  const paths = artifactPaths(table.instance.name);
  if (!fs.existsSync(paths.zkey)) {
    process.stdout.write(
      `\n(no proving key in ${path.relative(process.cwd(), paths.dir)}: run \`npm run circuits\` ` +
        "(ZKMARGIN_PTAU=<ptau>) to add proving and verification to this demo)\n",
    );
    return;
  }
  process.stdout.write("\n== proofs (Groth16, DEVELOPMENT keys - unsafe for production)\n");
  try {
    for (const [name] of BOOKS) {
      const portfolio = toIntegerPortfolio(
        loadPortfolio(path.join(EXAMPLES, `portfolio-${name}.json`)),
        table,
      );
      const balances = toIntegerBalances(
        loadBalances(path.join(EXAMPLES, `balances-${name}.json`)),
        table,
      );
      const t0 = Date.now();
      try {
        const { input } = buildSolvencyInput(table, portfolio, balances, 10000n);
        const proof = await proveWithInstance(table.instance.name, input as never);
        const ok = (await verifyProofFile(proof)).ok;
        process.stdout.write(
          `   ${name.padEnd(15)} proved in ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
            `verifies: ${ok}; public signals: stateHash ${toHex32(BigInt(proof.publicSignals[0])).slice(0, 18)}..., ` +
            `multiplier ${proof.publicSignals[2]}\n`,
        );
      } catch (e) {
        if (!(e instanceof CheckFailedError)) throw e;
        process.stdout.write(`   ${name.padEnd(15)} refused: ${e.message}\n`);
      }
    }
  } finally {
    await releaseProverThreads();
  }
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Circuit instance of the on-chain story (default standard). */
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
  for (const [name, title] of BOOKS) {
    const pf = path.join(EXAMPLES, `portfolio-${name}.json`);
    const bf = path.join(EXAMPLES, `balances-${name}.json`);
    const portfolio = toIntegerPortfolio(loadPortfolio(pf), reloaded, rel(pf));
    const balances = toIntegerBalances(loadBalances(bf), reloaded, rel(bf));
    checkSameAccount(portfolio, balances, rel(bf));
    const report = computeMargin(reloaded, portfolio, balances.amounts, 10000n);
    process.stdout.write(`\n== ${title}\n   ${rel(pf)} with ${rel(bf)}, multiplier 1.0\n\n`);
    process.stdout.write(formatMarginText(report));
  }
  await proveBooks(reloaded);
  const chainInstance = opts.instance ?? "standard";
  if (!fs.existsSync(artifactPaths(chainInstance).zkey)) {
    process.stdout.write(
      `\n(no proving key for the ${chainInstance} instance: run \`npm run circuits\` and \`npx hardhat compile\` ` +
        "to add the on-chain story to this demo)\n",
    );
    return;
  }
  try {
    await chainStory(chainInstance);
  } finally {
    await releaseProverThreads();
  }
}
