/**
 * The worst historical windows of the history as stress scenarios (docs/STRESS.md).
 *
 * Windows: the group (and collateral) histories are aligned on their common bar times; a
 * window is every run of `bars` consecutive bar intervals, bars = ceil(horizon / interval)
 * (default horizon: the liquidation horizon proof TTL + grace, DEFAULT_LIQUIDATION_HORIZON = 4200 s,
 * 2 bars of an hourly history), one window starting at every bar (overlapping). Its joint
 * move is each history's simple return close[end] / close[start] - 1. Groups without a
 * history do not move; collateral without a history of its own moves with its group (or not
 * at all when it has none). Implied volatilities are left unchanged.
 *
 * Criterion: the book's loss, estimated in doubles (window-loss.ts): windows are ranked by
 * the estimated bad debt (sum of negative equities), then by the gross loss of the book (sum
 * over accounts of the equity lost, gains not netted), then by earlier start. The k worst windows that do
 * not overlap an already chosen one are kept (so one crash gives one scenario). The
 * doubles only rank; every figure reported for a chosen window is recomputed exactly.
 */
import { ArgumentError, InputError } from "../../errors";
import { DEFAULT_LIQUIDATION_HORIZON } from "../../chain/defaults";
import { Market } from "../../schema";
import { PriceHistory } from "../history/types";
import { alignHistories } from "../history";
import { CollateralMove, GroupMove, MarketMove } from "../market-move";
import { Book, StressScenario } from "./types";
import { WindowLoss, windowLosses } from "./window-loss";

/** Default number of worst windows. */
export const DEFAULT_WORST_WINDOWS = 5;

/** One window of the history and its joint move. */
export interface HistoryWindow {
  start: number;
  end: number;
  /** Index of the start bar in the aligned history. */
  index: number;
  move: MarketMove;
}

/** The windows of a history and what the windowing used. */
export interface HistoryWindows {
  windows: HistoryWindow[];
  /** Bars per window and the bar spacing (s). */
  bars: number;
  interval: number;
  /** Market groups without a history (they do not move). */
  unmoved: string[];
}

/**
 * Every window of `horizon` seconds in `histories` (ids: group ids or collateral symbols of
 * `market`). Throws {@link InputError} naming the file of a history whose id the market does
 * not know, {@link ArgumentError} naming `histories` without any group history or when the
 * common history is shorter than one window, and `horizon` when it is not a positive integer.
 */
export function historyWindows(
  market: Market,
  histories: readonly PriceHistory[],
  horizon = DEFAULT_LIQUIDATION_HORIZON,
): HistoryWindows {
  if (!Number.isSafeInteger(horizon) || horizon < 1)
    throw new ArgumentError("horizon", "must be a positive whole number of seconds");
  const groups = new Set(market.groups.map((g) => g.id));
  const symbols = new Set(market.collateral.map((c) => c.symbol));
  for (const h of histories)
    if (!groups.has(h.id) && !symbols.has(h.id))
      throw new InputError(
        h.source,
        "(file)",
        `"${h.id}" is neither a group nor a collateral symbol of the market`,
      );
  const used = histories.filter((h) => groups.has(h.id) || symbols.has(h.id));
  const groupHistories = used.filter((h) => groups.has(h.id));
  if (groupHistories.length === 0)
    throw new ArgumentError("histories", "no history of any group of the market");
  const aligned = alignHistories(used);
  const interval = Math.max(...used.map((h) => h.interval));
  const bars = Math.max(1, Math.ceil(horizon / interval));
  const n = aligned.times.length;
  if (n <= bars)
    throw new ArgumentError(
      "histories",
      `${n} common bars are too few for one window of ${bars} bars (${horizon} s)`,
    );
  const windows: HistoryWindow[] = [];
  for (let i = 0; i + bars < n; i++) {
    const groupMoves: Record<string, GroupMove> = {};
    const collateralMoves: Record<string, CollateralMove> = {};
    used.forEach((h, k) => {
      const r = aligned.closes[k][i + bars] / aligned.closes[k][i] - 1;
      if (groups.has(h.id)) groupMoves[h.id] = { return: r };
      else collateralMoves[h.id] = { return: r };
    });
    windows.push({
      start: aligned.times[i],
      end: aligned.times[i + bars],
      index: i,
      move: { groups: groupMoves, collateral: collateralMoves },
    });
  }
  const have = new Set(groupHistories.map((h) => h.id));
  return {
    windows,
    bars,
    interval,
    unmoved: market.groups.map((g) => g.id).filter((id) => !have.has(id)),
  };
}

const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 16) + "Z";

/**
 * The `k` worst non-overlapping windows of {@link windowLosses} as scenarios named
 * "historical #<rank>: <start> .. <end>" (UTC), worst first.
 */
export function worstWindows(
  losses: readonly WindowLoss[],
  bars: number,
  k = DEFAULT_WORST_WINDOWS,
): StressScenario[] {
  if (!Number.isSafeInteger(k) || k < 1)
    throw new ArgumentError("worst", "must be a positive integer");
  const ranked = [...losses].sort(
    (a, b) => b.badDebt - a.badDebt || b.grossLoss - a.grossLoss || a.window.index - b.window.index,
  );
  const chosen: WindowLoss[] = [];
  for (const l of ranked) {
    if (chosen.length >= k) break;
    if (chosen.some((c) => Math.abs(c.window.index - l.window.index) < bars)) continue;
    chosen.push(l);
  }
  return chosen.map((c, r) => ({
    name: `historical #${r + 1}: ${iso(c.window.start)} .. ${iso(c.window.end)}`,
    kind: "historical",
    move: c.window.move,
    window: { start: c.window.start, end: c.window.end },
  }));
}

/** The historical scenarios of a book and how they were chosen. */
export interface HistoricalScenarios {
  scenarios: StressScenario[];
  horizon: number;
  bars: number;
  interval: number;
  /** Number of windows ranked. */
  windows: number;
  unmoved: string[];
}

/** {@link historyWindows}, {@link windowLosses} and {@link worstWindows} in one call. */
export function historicalScenarios(
  market: Market,
  book: Book,
  histories: readonly PriceHistory[],
  horizon = DEFAULT_LIQUIDATION_HORIZON,
  k = DEFAULT_WORST_WINDOWS,
): HistoricalScenarios {
  const w = historyWindows(market, histories, horizon);
  const scenarios = worstWindows(windowLosses(market, book, w.windows), w.bars, k);
  return {
    scenarios,
    horizon,
    bars: w.bars,
    interval: w.interval,
    windows: w.windows.length,
    unmoved: w.unmoved,
  };
}
