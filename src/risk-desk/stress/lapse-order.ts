/**
 * The order in which accounts lapse as the market walks toward a scenario (docs/STRESS.md).
 *
 * Method: the walk is a grid of `steps` fractions t = 1/steps, 2/steps, ..., 1 (default 20
 * steps: 0.05, 0.10, ..., 1). At fraction t every group and collateral return of the
 * scenario is scaled by t (price x (1 + t x move), linear in price) and every volFactor
 * becomes 1 + t x (volFactor - 1). Each step's market is compiled once and shared by every
 * account. An account's lapse point is the first grid t at which it is not solvent at the
 * maintenance multiplier; an account not solvent before the shock lapses at t = 0; an
 * account solvent at every grid point does not lapse. The resolution is 1/steps: a lapse
 * point t means "between t - 1/steps and t". Once an account has lapsed it is not
 * evaluated again (an account that recovers later in the walk still lapsed first at t).
 */
import { ArgumentError } from "../../errors";
import { MarginResult } from "../../margin";
import { RiskTableFields } from "../../risk-table";
import { Market } from "../../schema";
import { CollateralMove, GroupMove, MarketMove } from "../market-move";
import { compileMoved, marginOf } from "./evaluate";
import { AccountOutcome, IntegerAccount, LapseOrder, LapsePoint, StressScenario } from "./types";

/** Default number of grid steps of the walk (resolution 0.05). */
export const DEFAULT_LAPSE_STEPS = 20;
/** Most grid steps accepted. */
export const MAX_LAPSE_STEPS = 1000;

/** The grid t = k / steps, k = 1..steps. */
export function lapseGrid(steps = DEFAULT_LAPSE_STEPS): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_LAPSE_STEPS)
    throw new ArgumentError("steps", `must be an integer in 1..${MAX_LAPSE_STEPS}`);
  return Array.from({ length: steps }, (_, k) => (k + 1) / steps);
}

/** `move` scaled to the fraction `t` of the shock (returns x t, volFactor 1 + t (f - 1)). */
export function scaleMove(move: MarketMove, t: number): MarketMove {
  const out: MarketMove = {};
  if (move.groups) {
    const groups: Record<string, GroupMove> = {};
    for (const [id, g] of Object.entries(move.groups)) {
      groups[id] = {
        ...(g.return !== undefined ? { return: g.return * t } : {}),
        ...(g.volFactor !== undefined ? { volFactor: 1 + t * (g.volFactor - 1) } : {}),
      };
    }
    out.groups = groups;
  }
  if (move.collateral) {
    const collateral: Record<string, CollateralMove> = {};
    for (const [sym, c] of Object.entries(move.collateral))
      collateral[sym] = c.return !== undefined ? { return: c.return * t } : {};
    out.collateral = collateral;
  }
  return out;
}

const byT = (a: LapsePoint, b: LapsePoint): number =>
  a.t - b.t || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The lapse order of `scenario`. `before` and `full` are every account's results in the base
 * market and under the full shock (from evaluate.ts), reused for t = 0 and t = 1.
 */
export function lapseOrder(
  market: Market,
  base: RiskTableFields,
  scenario: StressScenario,
  accounts: readonly IntegerAccount[],
  before: readonly MarginResult[],
  full: readonly AccountOutcome[],
  multiplierBps: bigint,
  steps = DEFAULT_LAPSE_STEPS,
): LapseOrder {
  const grid = lapseGrid(steps);
  const lapses: LapsePoint[] = [];
  let open: number[] = [];
  accounts.forEach((a, i) => {
    if (!before[i].solvent) lapses.push({ name: a.name, t: 0 });
    else open.push(i);
  });
  const cumulative = [lapses.length];
  for (const t of grid) {
    const still: number[] = [];
    if (t === 1) {
      for (const i of open) {
        if (full[i].solvent) still.push(i);
        else lapses.push({ name: accounts[i].name, t });
      }
    } else if (open.length > 0) {
      const fields = compileMoved(
        market,
        scaleMove(scenario.move, t),
        base,
        `"${scenario.name}" at t = ${t}`,
      );
      for (const i of open) {
        if (marginOf(fields, accounts[i], multiplierBps).solvent) still.push(i);
        else lapses.push({ name: accounts[i].name, t });
      }
    }
    open = still;
    cumulative.push(lapses.length);
  }
  return { grid, lapses: lapses.sort(byT), cumulative };
}
