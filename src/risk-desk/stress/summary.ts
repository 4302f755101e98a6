/**
 * Per-scenario figures of the stress test and the worst scenario (docs/STRESS.md): how many
 * accounts lapse, how many end in shortfall, the bad debt (the sum of the shortfalls)
 * against the insurance balance, and the accounts that lapse first.
 */
import { AccountOutcome, LapseOrder, LapsePoint, StressScenario } from "./types";

/** How many first lapses a summary lists. */
export const FIRST_LAPSES = 10;

/** The figures of one scenario (money in V). */
export interface ScenarioSummary {
  scenario: StressScenario;
  accounts: number;
  /** Not solvent before the shock already. */
  insolventBefore: number;
  /** Solvent before the shock, not solvent after it. */
  lapsing: number;
  /** Not solvent after the shock (insolventBefore + lapsing, less any that recover). */
  notSolventAfter: number;
  /** Accounts with equity < 0 after the shock. */
  inShortfall: number;
  /** Sum of the shortfalls. */
  badDebt: bigint;
  insurance: bigint;
  /** badDebt <= insurance. */
  covered: boolean;
  /** max(0, badDebt - insurance). */
  uncovered: bigint;
  /** The first accounts of the lapse order (at most {@link FIRST_LAPSES}). */
  firstLapses: LapsePoint[];
  /** Every account not solvent after the shock or in shortfall, largest shortfall first. */
  distressed: AccountOutcome[];
  lapse: LapseOrder;
}

const byShortfall = (a: AccountOutcome, b: AccountOutcome): number =>
  a.shortfall > b.shortfall ? -1 : a.shortfall < b.shortfall ? 1 : a.name < b.name ? -1 : 1;

/** The summary of one scenario from its outcomes and lapse order. */
export function summarizeScenario(
  scenario: StressScenario,
  outcomes: readonly AccountOutcome[],
  lapse: LapseOrder,
  insurance: bigint,
  first = FIRST_LAPSES,
): ScenarioSummary {
  let badDebt = 0n;
  let insolventBefore = 0;
  let lapsing = 0;
  let notSolventAfter = 0;
  let inShortfall = 0;
  for (const o of outcomes) {
    badDebt += o.shortfall;
    if (!o.solventBefore) insolventBefore++;
    if (o.solventBefore && !o.solvent) lapsing++;
    if (!o.solvent) notSolventAfter++;
    if (o.shortfall > 0n) inShortfall++;
  }
  return {
    scenario,
    accounts: outcomes.length,
    insolventBefore,
    lapsing,
    notSolventAfter,
    inShortfall,
    badDebt,
    insurance,
    covered: badDebt <= insurance,
    uncovered: badDebt > insurance ? badDebt - insurance : 0n,
    firstLapses: lapse.lapses.slice(0, first),
    distressed: outcomes.filter((o) => !o.solvent || o.shortfall > 0n).sort(byShortfall),
    lapse,
  };
}

/**
 * Index of the worst scenario: the largest bad debt, then the most accounts lapsing, then
 * the first in order. -1 when there are none.
 */
export function worstScenario(summaries: readonly ScenarioSummary[]): number {
  let worst = -1;
  summaries.forEach((s, i) => {
    if (worst < 0) worst = i;
    const w = summaries[worst];
    if (s.badDebt > w.badDebt || (s.badDebt === w.badDebt && s.lapsing > w.lapsing)) worst = i;
  });
  return worst;
}
