/**
 * "Add collateral to reach health X": the smallest amount of one collateral token to add so
 * that health (./health.ts) reaches X, found exactly on the integers of the margin maths.
 *
 * Adding a units of token j raises e_j (piecewise linear with the haircut tiers, rounded
 * down per tier), hence Equity by e_j x U[j][0]; a token tied to a group also adds
 * e_j (U[j][0] - U[j][s]) to that group's scenario requirements (wrong-way), so MM may rise.
 * 10^8 Equity - X M MM is concave in e_j and e_j is non-decreasing in a, so the amounts that
 * meet X form one interval: the search doubles the amount from 1 base unit until X is met
 * (or the 2^100 amount bound is reached: unreachable), then bisects to the smallest amount.
 * If X cannot be met by this token (its marginal value falls short of what it adds to MM,
 * or a tier's factor is 0), the answer is `reached: false`.
 */
import { AMOUNT_LIMIT } from "../../bounds";
import { ArgumentError } from "../../errors";
import type { IntegerBalances, IntegerPortfolio } from "../../portfolio";
import type { RiskTableFields } from "../../risk-table";
import { computeMargin } from "../compute";
import { checkHealthTarget, healthBps, meetsHealth } from "./health";

export interface CollateralToReach {
  slot: number;
  symbol: string;
  decimals: number;
  targetHealth: bigint;
  multiplier: bigint;
  /** Whether some amount below the 2^100 bound meets the target. */
  reached: boolean;
  /** Base units to add (0 when already met), null when not reached. */
  amount: bigint | null;
  /** Health (bps, null when MM = 0) before, and after adding `amount`. */
  healthBefore: bigint | null;
  healthAfter: bigint | null;
}

/**
 * The smallest amount of collateral slot `slot` (base units) to add to `balances` so that
 * Equity / (M x MM) >= `targetHealth` (basis points) at `multiplierBps`. Throws an
 * {@link ArgumentError} naming `slot` or `targetHealth`.
 */
export function collateralToReach(
  table: RiskTableFields,
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  multiplierBps: bigint,
  targetHealth: bigint,
  slot: number,
): CollateralToReach {
  checkHealthTarget(targetHealth);
  const c = table.collateral[slot];
  if (!c) throw new ArgumentError("slot", `no collateral token in slot ${slot}`);
  const base = balances.amounts[slot] ?? 0n;
  const at = (add: bigint) => {
    const amounts = balances.amounts.slice();
    amounts[slot] = base + add;
    return computeMargin(table, portfolio, amounts, multiplierBps);
  };
  const ok = (add: bigint): boolean => meetsHealth(at(add), multiplierBps, targetHealth);
  const before = at(0n);
  const result = {
    slot,
    symbol: c.symbol,
    decimals: c.decimals,
    targetHealth,
    multiplier: multiplierBps,
    healthBefore: healthBps(before, multiplierBps),
  };
  if (meetsHealth(before, multiplierBps, targetHealth))
    return { ...result, reached: true, amount: 0n, healthAfter: result.healthBefore };
  const limit = AMOUNT_LIMIT - 1n - base;
  let lo = 0n; // does not meet
  let hi = 1n;
  while (hi < limit && !ok(hi)) {
    lo = hi;
    hi *= 2n;
  }
  if (hi >= limit) {
    hi = limit;
    if (hi <= lo || !ok(hi)) return { ...result, reached: false, amount: null, healthAfter: null };
  }
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return { ...result, reached: true, amount: hi, healthAfter: healthBps(at(hi), multiplierBps) };
}
