/**
 * Health at a multiplier, defined once for the what-if tools: health = Equity / (M x MM),
 * so health >= 1 is exactly the circuit's check at M (../solvency.ts) and, at M = 1.0, it is
 * the report's "Health (Equity / MM)" (src/report/format.ts). Health is carried in basis
 * points (1.0 = 10000) and compared exactly: 10^8 x Equity >= X x M x MM, with Equity >= 0.
 * Also what binds the requirement at a point (floor or scan; the group and scenario).
 */
import { BPS } from "../../bounds";
import { decimalToScaled, formatScaled, parseDecimal } from "../../decimal";
import { ArgumentError } from "../../errors";
import type { SolvencyFigures } from "../solvency";
import type { MarginResult } from "../types";

/** The largest health target accepted (x100). */
export const HEALTH_MAX_BPS = 1_000_000n;

/** Whether the figures meet health `targetBps` at multiplier `multiplierBps`. */
export function meetsHealth(f: SolvencyFigures, multiplierBps: bigint, targetBps: bigint): boolean {
  return f.equity >= 0n && BPS * BPS * f.equity >= targetBps * multiplierBps * f.maintenanceMargin;
}

/**
 * Health in basis points, truncated toward zero, or null when MM = 0 (any target is met
 * then, as long as Equity >= 0).
 */
export function healthBps(f: SolvencyFigures, multiplierBps: bigint): bigint | null {
  if (f.maintenanceMargin === 0n) return null;
  return (BPS * BPS * f.equity) / (multiplierBps * f.maintenanceMargin);
}

/** A health in basis points as a 4-decimal string ("1.2345"), "n/a" for null. */
export function formatHealth(bps: bigint | null): string {
  return bps === null ? "n/a" : formatScaled(bps, 4, 4);
}

/**
 * Parses a health target ("1.2") into basis points: > 0, at most 100, at most 4 decimals.
 * Throws an {@link ArgumentError} naming `source`.
 */
export function parseHealth(s: string, source = "targetHealth"): bigint {
  const d = parseDecimal(s);
  const bps = d ? decimalToScaled(d, 4) : undefined;
  if (bps === undefined)
    throw new ArgumentError(source, 'must be a decimal with at most 4 decimals, e.g. "1.2"');
  if (bps <= 0n || bps > HEALTH_MAX_BPS) throw new ArgumentError(source, "must be in 0.0001..100");
  return bps;
}

/** Throws an {@link ArgumentError} naming `name` unless `bps` is a health target. */
export function checkHealthTarget(bps: bigint, name = "targetHealth"): void {
  if (bps <= 0n || bps > HEALTH_MAX_BPS)
    throw new ArgumentError(name, "must be in 1..1000000 basis points (0.0001..100)");
}

/** What sets MM at a point. */
export interface Binding {
  /** "none": MM is 0 or only the liquidity add-on; "floor": Floor >= Scan; "scan". */
  kind: "none" | "floor" | "scan";
  /** The group with the largest requirement w_g (first on ties), for "scan". */
  group: string | null;
  /** That group's worst scenario. */
  scenario: number | null;
  scenarioLabel: string | null;
  /** The joint worst scenario when groups carry correlations (SPEC 7.1), else null. */
  jointScenario: number | null;
  jointScenarioLabel: string | null;
}

/** What binds the maintenance margin of `r`. */
export function bindingOf(r: MarginResult): Binding {
  const none: Binding = {
    kind: "none",
    group: null,
    scenario: null,
    scenarioLabel: null,
    jointScenario: null,
    jointScenarioLabel: null,
  };
  if (r.scan === 0n && r.floor === 0n) return none;
  if (r.floor >= r.scan) return { ...none, kind: "floor" };
  let top = r.groups[0];
  for (const g of r.groups) if (g.requirement > top.requirement) top = g;
  const joint = r.joint > 0n;
  return {
    kind: "scan",
    group: top.id,
    scenario: top.worstScenario,
    scenarioLabel: top.worstScenarioLabel,
    jointScenario: joint ? r.jointWorstScenario : null,
    jointScenarioLabel: joint ? r.jointWorstScenarioLabel : null,
  };
}

/** The figures of one margin computation a what-if shows. */
export interface WhatIfSummary {
  equity: bigint;
  maintenanceMargin: bigint;
  multiplier: bigint;
  /** Equity / (M x MM) in basis points, null when MM = 0. */
  health: bigint | null;
  solvent: boolean;
  binding: Binding;
}

/** The summary of `r` (its own multiplier). */
export function summarize(r: MarginResult): WhatIfSummary {
  return {
    equity: r.equity,
    maintenanceMargin: r.maintenanceMargin,
    multiplier: r.multiplier,
    health: healthBps(r, r.multiplier),
    solvent: r.solvent,
    binding: bindingOf(r),
  };
}
