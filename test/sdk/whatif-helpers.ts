// Shared fixtures of the what-if tests (not a test file itself).
import { parseBalances, parseMarket, parsePortfolio, type Market } from "../../src/schema";
import { compileRiskFields, type RiskTableFields } from "../../src/risk-table";
import {
  type IntegerBalances,
  type IntegerPortfolio,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../../src/portfolio";
import { example } from "./helpers";

export interface Book {
  name: string;
  market: Market;
  marketFile: string;
  portfolioFile: string;
  balancesFile: string;
  table: RiskTableFields;
  portfolio: IntegerPortfolio;
  balances: IntegerBalances;
}

/** The example books the what-if tests run on: perps, hedged options, v2 pairs, wrong-way. */
export const BOOKS: Array<[string, string, string]> = [
  ["market.json", "portfolio-perps.json", "balances-perps.json"],
  ["market.json", "portfolio-hedged-options.json", "balances-hedged-options.json"],
  ["market.json", "portfolio-wrong-way.json", "balances-wrong-way.json"],
  ["v2/market.json", "v2/portfolio-pairs.json", "v2/balances-pairs.json"],
  ["v2/market.json", "v2/portfolio-altcoin.json", "v2/balances-altcoin.json"],
];

export function loadBook([m, p, b]: [string, string, string]): Book {
  const market = parseMarket(example(m));
  const table = compileRiskFields(market, "standard");
  return {
    name: p,
    market,
    marketFile: `examples/${m}`,
    portfolioFile: `examples/${p}`,
    balancesFile: `examples/${b}`,
    table,
    portfolio: toIntegerPortfolio(parsePortfolio(example(p)), table),
    balances: toIntegerBalances(parseBalances(example(b)), table),
  };
}
