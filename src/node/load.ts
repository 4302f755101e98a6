/**
 * Node-only loaders: read, validate and convert the JSON files of SPEC section 5.
 */
import { readJsonFile } from "./files";
import { Market, Portfolio, Balances, parseMarket, parsePortfolio, parseBalances } from "../schema";
import { RiskTable, parseRiskTable } from "../risk-table";
import {
  IntegerBalances,
  IntegerPortfolio,
  checkSameAccount,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../portfolio";

/** Reads and validates market.json. */
export function loadMarket(file: string): Market {
  return parseMarket(readJsonFile(file), file);
}

/** Reads and validates risk.json (roots recomputed). */
export function loadRiskTable(file: string): RiskTable {
  return parseRiskTable(readJsonFile(file), file);
}

/** Reads and validates portfolio.json. */
export function loadPortfolio(file: string): Portfolio {
  return parsePortfolio(readJsonFile(file), file);
}

/** Reads and validates balances.json. */
export function loadBalances(file: string): Balances {
  return parseBalances(readJsonFile(file), file);
}

/** The three files of one margin computation, validated and in integers. */
export interface AccountFiles {
  table: RiskTable;
  portfolio: IntegerPortfolio;
  balances: IntegerBalances;
}

/** Loads risk.json, portfolio.json and balances.json, converts them and checks they name one account. */
export function loadAccountFiles(
  portfolioFile: string,
  riskFile: string,
  balancesFile: string,
): AccountFiles {
  const table = loadRiskTable(riskFile);
  const portfolio = toIntegerPortfolio(loadPortfolio(portfolioFile), table, portfolioFile);
  const balances = toIntegerBalances(loadBalances(balancesFile), table, balancesFile);
  checkSameAccount(portfolio, balances, balancesFile);
  return { table, portfolio, balances };
}
