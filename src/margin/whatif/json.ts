/**
 * The what-if results as JSON (`zkmargin whatif --json`, and the page): bigints become
 * strings (V, base units, 1e-8 contracts and basis points as integers), plus USD decimals
 * for money. The CLI prints exactly these objects, so its output equals the SDK's result.
 */
import { formatScaled } from "../../decimal";
import { usd } from "../../report/format";
import type { CollateralToReach } from "./collateral";
import type { Crossing, DistanceReport } from "./distance";
import type { DraftComparison } from "./draft";
import { formatHealth, type WhatIfSummary } from "./health";
import type { MaxQuantity } from "./quantity";

const str = (v: bigint | null): string | null => (v === null ? null : v.toString());
const money = (v: bigint | null): string | null => (v === null ? null : usd(v));

function crossingJson(c: Crossing): Record<string, unknown> {
  return {
    status: c.status,
    moveBps: c.moveBps,
    movePercent: c.moveBps === null ? null : formatScaled(BigInt(c.moveBps), 2),
    lastSolventBps: c.lastSolventBps,
    prices: c.prices,
    binding: c.binding,
    equity: money(c.equity),
    maintenanceMargin: money(c.maintenanceMargin),
    limitBps: c.limitBps,
  };
}

/** A distance report as JSON. */
export function distanceReportJson(r: DistanceReport): Record<string, unknown> {
  return {
    multiplier: formatScaled(r.multiplier, 4),
    multiplierBps: r.multiplier.toString(),
    method: { ...r.options },
    rows: r.rows.map((row) => ({
      set: row.set,
      groups: row.groups,
      down: crossingJson(row.down),
      up: crossingJson(row.up),
    })),
  };
}

/** A what-if summary as JSON. */
export function summaryJson(s: WhatIfSummary): Record<string, unknown> {
  return {
    equity: usd(s.equity),
    maintenanceMargin: usd(s.maintenanceMargin),
    multiplier: formatScaled(s.multiplier, 4),
    health: s.health === null ? null : formatHealth(s.health),
    healthBps: str(s.health),
    solvent: s.solvent,
    binding: s.binding,
  };
}

/** A draft comparison as JSON (the summaries; the full reports are `margin --json`'s). */
export function draftJson(d: DraftComparison): Record<string, unknown> {
  return { before: summaryJson(d.before), after: summaryJson(d.after) };
}

/** A collateral-to-reach answer as JSON. */
export function collateralToReachJson(c: CollateralToReach): Record<string, unknown> {
  return {
    symbol: c.symbol,
    slot: c.slot,
    targetHealth: formatHealth(c.targetHealth),
    multiplier: formatScaled(c.multiplier, 4),
    reached: c.reached,
    amount: c.amount === null ? null : formatScaled(c.amount, c.decimals),
    amountBaseUnits: str(c.amount),
    healthBefore: c.healthBefore === null ? null : formatHealth(c.healthBefore),
    healthAfter: c.healthAfter === null ? null : formatHealth(c.healthAfter),
  };
}

/** A max-quantity answer as JSON. */
export function maxQuantityJson(m: MaxQuantity): Record<string, unknown> {
  return {
    instrument: m.instrument,
    side: m.side,
    targetHealth: formatHealth(m.targetHealth),
    multiplier: formatScaled(m.multiplier, 4),
    status: m.status,
    quantity: m.quantity === null ? null : formatScaled(m.quantity, 8),
    quantityUnits: str(m.quantity),
    atQuantityBound: m.atQuantityBound,
    healthBefore: m.healthBefore === null ? null : formatHealth(m.healthBefore),
    healthAfter: m.healthAfter === null ? null : formatHealth(m.healthAfter),
  };
}
