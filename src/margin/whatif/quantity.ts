/**
 * "Largest quantity of instrument I that keeps health above X": the largest trade, buying or
 * selling I at its mark (cost basis q x mark, so Equity does not change), after which health
 * (./health.ts) is still at least X, in 1e-8 contracts (the quantity unit of portfolio.json).
 *
 * MM is convex in the traded quantity (scenario requirements are linear in it; max, Floor
 * |q| and the concentration excess are convex), so the quantities that keep X form one
 * interval (up to the 1 V rounding of Scan). From 0, which must meet X, the search doubles the
 * quantity until X fails or the 2^64 quantity bound is reached, then bisects to the last
 * quantity that meets X. A new instrument needs a free position slot (N of the instance).
 */
import { Q_LIMIT, Q_DECIMALS } from "../../bounds";
import { ArgumentError } from "../../errors";
import type { IntegerBalances, IntegerPortfolio } from "../../portfolio";
import type { RiskTableFields } from "../../risk-table";
import { computeMargin } from "../compute";
import { addPositions, leafOf } from "./apply";
import { checkHealthTarget, healthBps, meetsHealth } from "./health";

export type Side = "buy" | "sell";

export interface MaxQuantity {
  instrument: string;
  side: Side;
  targetHealth: bigint;
  multiplier: bigint;
  /**
   * "ok": `quantity` is the largest; "below-target": health is under X before any trade;
   * "no-free-slot": I is not held and every position slot is taken.
   */
  status: "ok" | "below-target" | "no-free-slot";
  /** Contracts x 10^8 (>= 0), null unless ok. */
  quantity: bigint | null;
  /** Whether the 2^64 quantity bound, not health, stopped the search. */
  atQuantityBound: boolean;
  healthBefore: bigint | null;
  healthAfter: bigint | null;
}

/** The decimals of a quantity (1e-8 contract). */
export const QUANTITY_DECIMALS = Q_DECIMALS;

/**
 * The largest quantity of `instrumentId` to `side` that keeps Equity / (M x MM) >=
 * `targetHealth` (basis points) at `multiplierBps`. Throws an {@link ArgumentError} naming
 * `instrumentId`, `side` or `targetHealth`.
 */
export function maxQuantity(
  table: RiskTableFields,
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  multiplierBps: bigint,
  instrumentId: string,
  targetHealth: bigint,
  side: Side,
): MaxQuantity {
  checkHealthTarget(targetHealth);
  if (side !== "buy" && side !== "sell") throw new ArgumentError("side", 'must be "buy" or "sell"');
  const inst = leafOf(table, instrumentId, "instrumentId");
  const held = portfolio.positions.find((p) => p.index === inst.index);
  const sign = side === "buy" ? 1n : -1n;
  const at = (q: bigint) =>
    computeMargin(
      table,
      q === 0n ? portfolio : addPositions(table, portfolio, [{ instrument: inst.id, q: sign * q }]),
      balances.amounts,
      multiplierBps,
    );
  const before = at(0n);
  const result = {
    instrument: inst.id,
    side,
    targetHealth,
    multiplier: multiplierBps,
    healthBefore: healthBps(before, multiplierBps),
    atQuantityBound: false,
  };
  if (!meetsHealth(before, multiplierBps, targetHealth))
    return { ...result, status: "below-target", quantity: null, healthAfter: null };
  if (!held && portfolio.positions.length >= table.instance.N)
    return { ...result, status: "no-free-slot", quantity: null, healthAfter: null };
  const heldQ = held ? sign * held.q : 0n; // the held quantity in the trade's direction
  const limit = Q_LIMIT - 1n - heldQ; // |held + trade| < 2^64
  const ok = (q: bigint): boolean => meetsHealth(at(q), multiplierBps, targetHealth);
  let lo = 0n; // meets
  let hi = 1n;
  while (hi < limit && ok(hi)) {
    lo = hi;
    hi *= 2n;
  }
  if (hi >= limit) {
    hi = limit;
    if (ok(hi)) {
      return {
        ...result,
        status: "ok",
        quantity: hi,
        atQuantityBound: true,
        healthAfter: healthBps(at(hi), multiplierBps),
      };
    }
  }
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return { ...result, status: "ok", quantity: lo, healthAfter: healthBps(at(lo), multiplierBps) };
}
