// Shared fixtures of the SPEC 7.1 (margin model v2) tests (not a test file itself): a small
// hand-checkable market whose groups, instruments and tokens take the v2 fields on request.
import { parseMarket, parsePortfolio, parseBalances } from "../../src/schema";
import { buildRiskTable, RiskTable } from "../../src/risk-table";
import { toIntegerPortfolio, toIntegerBalances } from "../../src/portfolio";
import { computeMargin, MarginResult } from "../../src/margin";
import { tinyBalances, tinyPortfolio } from "./helpers";

export interface V2Options {
  /** groups[].correlation by group id (BTC, ETH, ALT). */
  correlation?: Record<string, unknown>;
  /** instruments[].concentration by instrument id (BTC-PERP, ETH-PERP). */
  concentration?: Record<string, unknown>;
  /** collateral[].tiers by symbol (USDC, ALT). */
  tiers?: Record<string, unknown>;
}

/**
 * BTC at 60000, ETH at 3000, ALT at 10 (psr 0.1 each: one PSR = 6000, 300, 1 USD); perpetuals
 * BTC-PERP and ETH-PERP (floor 0); tokens USDC (6 decimals, no haircut) and ALT (0 decimals:
 * one base unit is one token; haircut 0.2, group ALT).
 */
export function v2Market(o: V2Options = {}): Record<string, unknown> {
  const group = (id: string, price: string) => ({
    id,
    price,
    psr: "0.1",
    vsr: "0.2",
    ...(o.correlation?.[id] !== undefined ? { correlation: o.correlation[id] } : {}),
  });
  const perp = (id: string, g: string, mark: string) => ({
    id,
    group: g,
    kind: "perpetual",
    mark,
    multiplier: "1",
    floor: "0",
    ...(o.concentration?.[id] !== undefined ? { concentration: o.concentration[id] } : {}),
  });
  const token = (symbol: string, byte: string, rest: Record<string, unknown>) => ({
    symbol,
    token: "0x" + byte.repeat(20),
    ...rest,
    ...(o.tiers?.[symbol] !== undefined ? { tiers: o.tiers[symbol] } : {}),
  });
  return {
    version: 1,
    epoch: 7,
    timestamp: 1763900000,
    groups: [group("BTC", "60000"), group("ETH", "3000"), group("ALT", "10")],
    collateral: [
      token("USDC", "11", { decimals: 6, price: "1", haircut: "0" }),
      token("ALT", "33", { decimals: 0, price: "10", haircut: "0.2", group: "ALT" }),
    ],
    instruments: [perp("BTC-PERP", "BTC", "60000"), perp("ETH-PERP", "ETH", "3000")],
  };
}

export function v2Table(o: V2Options = {}): RiskTable {
  return buildRiskTable(parseMarket(v2Market(o)), "standard");
}

/** The margin of `positions` (cost basis 0 unless given) and `balances` against `table`. */
export function v2Margin(
  table: RiskTable,
  positions: Array<{ instrument: string; quantity: string; costBasis?: string }>,
  balances: Record<string, string> = {},
  multiplierBps = 10000n,
): MarginResult {
  const portfolio = toIntegerPortfolio(
    parsePortfolio(tinyPortfolio(positions.map((p) => ({ costBasis: "0", ...p })))),
    table,
  );
  const amounts = toIntegerBalances(parseBalances(tinyBalances(balances)), table).amounts;
  return computeMargin(table, portfolio, amounts, multiplierBps);
}
