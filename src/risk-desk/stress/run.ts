/**
 * The stress test of a book (docs/STRESS.md): the base market compiled once, the book in
 * integers once, then for every scenario its shocked market compiled once, every account
 * evaluated with the exact margin maths, the lapse order walked, and the scenario
 * summarised against the insurance balance.
 */
import { ArgumentError } from "../../errors";
import { MULTIPLIER_MAX, MULTIPLIER_MIN } from "../../bounds";
import { compileRiskFields } from "../../risk-table";
import { Market } from "../../schema";
import { integerBook } from "./book";
import {
  DEFAULT_STRESS_MULTIPLIER_BPS,
  baseMargins,
  compileMoved,
  evaluateScenario,
} from "./evaluate";
import { DEFAULT_LAPSE_STEPS, lapseOrder } from "./lapse-order";
import { ScenarioSummary, summarizeScenario, worstScenario } from "./summary";
import { Book, StressScenario } from "./types";

export interface StressOptions {
  /** Insurance balance, V (default 0). */
  insurance?: bigint;
  /** Maintenance multiplier in bps (default 10000 = 1.0). */
  multiplierBps?: bigint;
  /** Grid steps of the lapse walk (default 20). */
  steps?: number;
  /** Circuit instance the book is compiled for (default "standard"). */
  instance?: string;
  /** market.json's name in errors. */
  marketFile?: string;
  /** Called before each scenario (index, count, name). */
  onScenario?: (index: number, count: number, name: string) => void;
}

/** The stress test's result. */
export interface StressResult {
  accounts: number;
  multiplierBps: bigint;
  insurance: bigint;
  steps: number;
  scenarios: ScenarioSummary[];
  /** Index of the worst scenario in `scenarios` (-1 when there are none). */
  worst: number;
  /** Bad debt above the insurance balance in some scenario. */
  failed: boolean;
}

/**
 * Runs every scenario over `book` in `market`. Throws {@link InputError} naming an account's
 * file when it does not fit the market, {@link ArgumentError} for a bad option.
 */
export function runStress(
  market: Market,
  book: Book,
  scenarios: readonly StressScenario[],
  opts: StressOptions = {},
): StressResult {
  const multiplierBps = opts.multiplierBps ?? DEFAULT_STRESS_MULTIPLIER_BPS;
  if (multiplierBps < MULTIPLIER_MIN || multiplierBps > MULTIPLIER_MAX)
    throw new ArgumentError("multiplier", "must be in 1.0..100.0");
  const insurance = opts.insurance ?? 0n;
  if (insurance < 0n) throw new ArgumentError("insurance", "must not be negative");
  if (scenarios.length === 0) throw new ArgumentError("scenarios", "no scenario to run");
  const steps = opts.steps ?? DEFAULT_LAPSE_STEPS;
  const base = compileRiskFields(market, opts.instance ?? "standard", opts.marketFile);
  const accounts = integerBook(book, base);
  const before = baseMargins(base, accounts, multiplierBps);
  const summaries = scenarios.map((s, i) => {
    opts.onScenario?.(i, scenarios.length, s.name);
    const shocked = compileMoved(market, s.move, base, `"${s.name}"`);
    const outcomes = evaluateScenario(shocked, accounts, before, multiplierBps);
    const lapse = lapseOrder(market, base, s, accounts, before, outcomes, multiplierBps, steps);
    return summarizeScenario(s, outcomes, lapse, insurance);
  });
  return {
    accounts: accounts.length,
    multiplierBps,
    insurance,
    steps,
    scenarios: summaries,
    worst: worstScenario(summaries),
    failed: summaries.some((s) => !s.covered),
  };
}
