/**
 * The backtest's test portfolios: the default set, and a portfolio cut into its slices (the
 * positions and collateral of one group; the whole portfolio).
 *
 * Default set, when none is given: the pure price-risk tests of the scan ranges. For each group,
 * one contract LONG and one contract SHORT of its first linear instrument (the first perpetual,
 * else the first future, else its first instrument of any kind), no collateral and no cash (a
 * portfolio's margin and its loss do not depend on how much it holds of a stable token, so none
 * is needed). A long linear position is exceeded when the group falls more than its margin
 * allows, a short when it rises: together they test both tails of every group's scan range.
 * Collateral-only portfolios are left out of the default: a grouped token's margin and loss are
 * those of a long linear position of the same value, so it would count the long tail twice.
 */
import { ArgumentError } from "../../errors";
import type { IntegerBalances, IntegerPortfolio } from "../../portfolio";
import type { RiskTableFields } from "../../risk-table";
import { type Market, parseBalances, parsePortfolio } from "../../schema";
import type { TestPortfolio } from "./types";

/** Account of the default test portfolios (any address will do; nothing is proved). */
export const TEST_ACCOUNT = "0x0000000000000000000000000000000000000001";
const TEST_SALT = "0x01";

function firstLinear(market: Market, group: string): string | undefined {
  const of = market.instruments.filter((i) => i.group === group);
  return (of.find((i) => i.kind === "perpetual") ?? of.find((i) => i.kind === "future") ?? of[0])
    ?.id;
}

/** The default test portfolios of `market` (see the module comment). */
export function defaultTestPortfolios(market: Market): TestPortfolio[] {
  const out: TestPortfolio[] = [];
  for (const g of market.groups) {
    const id = firstLinear(market, g.id);
    if (id === undefined) continue;
    for (const [side, q] of [
      ["long", "1"],
      ["short", "-1"],
    ] as const) {
      const name = `${side} ${id}`;
      out.push({
        name,
        portfolio: parsePortfolio(
          {
            version: 1,
            account: TEST_ACCOUNT,
            positions: [{ instrument: id, quantity: q, costBasis: "0" }],
            cash: "0",
            nonce: 0,
            salt: TEST_SALT,
          },
          name,
        ),
        balances: parseBalances({ version: 1, account: TEST_ACCOUNT, balances: {} }, name),
      });
    }
  }
  if (out.length === 0) throw new ArgumentError("market", "has no instrument to test");
  return out;
}

/** A slice of a portfolio: positions and amounts, in integers. */
export interface Slice {
  /** The group id. */
  scope: string;
  portfolio: IntegerPortfolio;
  amounts: bigint[];
}

/**
 * The slices of a portfolio: per group with any position or grouped collateral, its positions
 * of that group and its collateral of that group (no cash, no stable collateral). The margin
 * is a sum of per-group requirements with no offset across groups (SPEC 4), so a portfolio's
 * margin can only be exceeded when some group's is: the group slice is the unit of test.
 */
export function slicesOf(
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  table: RiskTableFields,
): Slice[] {
  const out: Slice[] = [];
  for (const g of table.groups) {
    const positions = portfolio.positions.filter(
      (p) => table.instruments[p.index].groupIndex === g.index,
    );
    const amounts = balances.amounts.map((a, slot) =>
      table.collateral.some((c) => c.slot === slot && c.groupTag === g.index + 1) ? a : 0n,
    );
    if (positions.length === 0 && amounts.every((a) => a === 0n)) continue;
    out.push({ scope: g.id, portfolio: { ...portfolio, positions, cash: 0n }, amounts });
  }
  return out;
}
