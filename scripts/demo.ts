/**
 * Demo of the SDK core: builds the risk table of examples/market.json into
 * build/demo/risk.json and prints the margin report of every bundled portfolio.
 *
 *   npm run demo   (ts-node --transpile-only scripts/demo.ts)
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
  InputError,
} from "../src";
import { loadBalances, loadMarket, loadPortfolio, loadRiskTable } from "../src/node/load";
import { writeFileAtomic } from "../src/node/files";

const ROOT = path.join(__dirname, "..");
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

function main(): void {
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
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e instanceof InputError ? "error: " : ""}${(e as Error).message}\n`);
  process.exitCode = e instanceof InputError ? 2 : 3;
}
