/**
 * Distance to insolvency: for each group alone and for all groups together, the smallest
 * relative price move down and up at which the account stops being solvent at a multiplier,
 * each point found by re-running the exact margin maths (`computeMargin`) on the risk table
 * of the shifted market (./shift.ts, ./evaluator.ts).
 *
 * Method. Margin is not monotone in the move (options), so the move is scanned outward from
 * 0 on a grid (`stepBps`, default 50 bps = 0.5 %, to `maxDownBps` 9950 = -99.5 % and
 * `maxUpBps` 30000 = +300 %, the range end itself included) until the first insolvent grid
 * point; then bisected between it and the last solvent grid point until the two are
 * `precisionBps` apart (default 1 bp). The reported move is the insolvent end (insolvent
 * there), `lastSolventBps` the solvent end. A solvent island narrower than a step between two
 * grid points may be missed, and a point may be found past a narrower insolvent island.
 */
import { ArgumentError, InputError } from "../../errors";
import type { IntegerBalances, IntegerPortfolio } from "../../portfolio";
import type { Market } from "../../schema";
import { MULTIPLIER_MAX, MULTIPLIER_MIN } from "../../bounds";
import { computeMargin } from "../compute";
import { solventAt } from "../solvency";
import type { MarginResult } from "../types";
import { type Binding, bindingOf } from "./health";
import { ShiftedTables } from "./evaluator";
import { type GroupMoves, MOVE_BPS_MAX, MOVE_BPS_MIN } from "./shift";

/** The grid and precision of the search (basis points). */
export interface DistanceOptions {
  stepBps?: number;
  maxDownBps?: number;
  maxUpBps?: number;
  precisionBps?: number;
}

export const DEFAULT_DISTANCE_OPTIONS: Required<DistanceOptions> = {
  stepBps: 50,
  maxDownBps: 9950,
  maxUpBps: 30000,
  precisionBps: 1,
};

/** Where the account stops being solvent in one direction. */
export interface Crossing {
  direction: "down" | "up";
  /**
   * "insolvent-now": already insolvent at move 0; "crossed": insolvent at `moveBps`;
   * "none": solvent at every grid point of the range; "out-of-bounds": the table could not
   * be built at `limitBps` (a value past the bounds of PROTOCOL section 4) before a crossing.
   */
  status: "insolvent-now" | "crossed" | "none" | "out-of-bounds";
  /** The first insolvent move found, signed basis points (null unless crossed / now). */
  moveBps: number | null;
  /** The solvent move next to it (moveBps -/+ precision), null unless crossed. */
  lastSolventBps: number | null;
  /** The moved groups' prices at `moveBps` (exact decimals), by group id. */
  prices: Record<string, string> | null;
  binding: Binding | null;
  equity: bigint | null;
  maintenanceMargin: bigint | null;
  /** The range end scanned (none) or the move where the table failed (out-of-bounds). */
  limitBps: number | null;
}

/** One line of the report: a group alone, or every group together ("all"). */
export interface DistanceRow {
  set: string;
  groups: string[];
  down: Crossing;
  up: Crossing;
}

export interface DistanceReport {
  multiplier: bigint;
  options: Required<DistanceOptions>;
  rows: DistanceRow[];
  /** Sub-market compilations this report cost (shared between multipliers). */
  compilations: number;
}

/** The name of the "all groups together" row. */
export const ALL_GROUPS = "all";

function checkOptions(o: DistanceOptions): Required<DistanceOptions> {
  const r = { ...DEFAULT_DISTANCE_OPTIONS, ...o };
  const int = (v: number, name: string, min: number, max: number): void => {
    if (!Number.isSafeInteger(v) || v < min || v > max)
      throw new ArgumentError(`options.${name}`, `must be an integer in ${min}..${max}`);
  };
  int(r.maxDownBps, "maxDownBps", 1, -MOVE_BPS_MIN);
  int(r.maxUpBps, "maxUpBps", 1, MOVE_BPS_MAX);
  int(r.stepBps, "stepBps", 1, Math.max(r.maxDownBps, r.maxUpBps));
  int(r.precisionBps, "precisionBps", 1, r.stepBps);
  return r;
}

/** Grid magnitudes: step, 2 step, ... below `max`, then `max`. */
function grid(step: number, max: number): number[] {
  const out: number[] = [];
  for (let m = step; m < max; m += step) out.push(m);
  out.push(max);
  return out;
}

/**
 * Distances to insolvency of `portfolio` with `balances` on `market` (instance
 * `instanceName`) at each of `multipliers` (basis points); one report per multiplier. The
 * scans share their tables. Throws {@link ArgumentError} for bad options, and the
 * {@link InputError} of the risk table when `market` itself cannot be compiled.
 */
export function distancesToInsolvency(
  market: Market,
  instanceName: string,
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  multipliers: readonly bigint[],
  options: DistanceOptions = {},
): DistanceReport[] {
  const o = checkOptions(options);
  if (multipliers.length === 0) throw new ArgumentError("multipliers", "must not be empty");
  multipliers.forEach((m, i) => {
    if (m < MULTIPLIER_MIN || m > MULTIPLIER_MAX)
      throw new ArgumentError(`multipliers[${i}]`, "must be in 10000..1000000 basis points");
  });
  const tables = new ShiftedTables(
    market,
    instanceName,
    portfolio.positions.map((p) => p.index),
  );
  const memo = new Map<string, MarginResult | InputError>();
  const sets: Array<{ set: string; groups: string[] }> = [
    ...market.groups.map((g) => ({ set: g.id, groups: [g.id] })),
    { set: ALL_GROUPS, groups: market.groups.map((g) => g.id) },
  ];
  // one MarginResult per move; solvency at each multiplier is read off its figures
  const evaluate = (groups: string[], bps: number): MarginResult | InputError => {
    const key = `${groups.join(",")}@${bps}`;
    let r = memo.get(key);
    if (r === undefined) {
      const moves: GroupMoves = Object.fromEntries(groups.map((g) => [g, bps]));
      try {
        r = computeMargin(tables.at(moves), portfolio, balances.amounts, multipliers[0]);
      } catch (e) {
        if (!(e instanceof InputError) || e instanceof ArgumentError) throw e;
        r = e;
      }
      memo.set(key, r);
    }
    return r;
  };
  const reports = multipliers.map((multiplier) => {
    const solvent = (r: MarginResult): boolean => solventAt(r, multiplier);
    const crossing = (groups: string[], direction: "down" | "up"): Crossing => {
      const sign = direction === "down" ? -1 : 1;
      const none: Crossing = {
        direction,
        status: "none",
        moveBps: null,
        lastSolventBps: null,
        prices: null,
        binding: null,
        equity: null,
        maintenanceMargin: null,
        limitBps: null,
      };
      const point = (status: Crossing["status"], at: number, r: MarginResult): Crossing => {
        const t = tables.at(Object.fromEntries(groups.map((g) => [g, at])));
        return {
          ...none,
          status,
          moveBps: at,
          prices: Object.fromEntries(
            t.groups.filter((g) => groups.includes(g.id)).map((g) => [g.id, g.price]),
          ),
          binding: bindingOf(r),
          equity: r.equity,
          maintenanceMargin: r.maintenanceMargin,
        };
      };
      const r0 = evaluate(groups, 0);
      if (r0 instanceof InputError) throw r0;
      if (!solvent(r0)) return point("insolvent-now", 0, r0);
      let lo = 0;
      const max = direction === "down" ? o.maxDownBps : o.maxUpBps;
      for (const g of grid(o.stepBps, max)) {
        const r = evaluate(groups, sign * g);
        if (r instanceof InputError)
          return { ...none, status: "out-of-bounds", limitBps: sign * g };
        if (solvent(r)) {
          lo = g;
          continue;
        }
        let hi = g;
        let rHi = r;
        while (hi - lo > o.precisionBps) {
          const mid = Math.floor((lo + hi) / 2);
          const rm = evaluate(groups, sign * mid);
          if (rm instanceof InputError) throw rm;
          if (solvent(rm)) lo = mid;
          else {
            hi = mid;
            rHi = rm;
          }
        }
        return { ...point("crossed", sign * hi, rHi), lastSolventBps: sign * lo };
      }
      return { ...none, limitBps: sign * max };
    };
    return {
      multiplier,
      options: o,
      rows: sets.map(({ set, groups }) => ({
        set,
        groups,
        down: crossing(groups, "down"),
        up: crossing(groups, "up"),
      })),
      compilations: 0,
    };
  });
  for (const r of reports) r.compilations = tables.compilations;
  return reports;
}

/**
 * Distances to insolvency at one multiplier (see {@link distancesToInsolvency}; call it
 * with the maintenance and with the initial multiplier, or the plural form for both).
 */
export function distanceToInsolvency(
  market: Market,
  instanceName: string,
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  multiplierBps: bigint,
  options: DistanceOptions = {},
): DistanceReport {
  return distancesToInsolvency(
    market,
    instanceName,
    portfolio,
    balances,
    [multiplierBps],
    options,
  )[0];
}
