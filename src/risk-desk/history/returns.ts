/**
 * Returns and alignment of histories: log returns, and several histories cut to their common
 * times (the calibration and backtest read groups and collateral tokens side by side).
 */

import { ArgumentError, InputError } from "../../errors";
import type { PriceHistory } from "./types";
import { formatSpacing, isoTime } from "./time";

/** Log returns ln(c[i] / c[i-1]), one fewer than the closes. */
export function logReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) out.push(Math.log(closes[i] / closes[i - 1]));
  return out;
}

/** Histories cut to their common times. */
export interface AlignedHistories {
  /** The common times (constant spacing, at least 2). */
  times: number[];
  /** closes[h][i]: history h at times[i]. */
  closes: number[][];
  /** volumes[h][i], or undefined for a history without volumes. */
  volumes: (number[] | undefined)[];
}

/**
 * The common times of `hs` and each history's closes (and volumes) at them. Refuses (an
 * InputError naming the odd file) histories of different intervals, and histories with
 * fewer than 2 common times ("do not overlap", giving each one's range).
 */
export function alignHistories(hs: readonly PriceHistory[]): AlignedHistories {
  if (hs.length === 0) throw new ArgumentError("histories", "at least one history is needed");
  const first = hs[0];
  for (const h of hs)
    if (h.interval !== first.interval)
      throw new InputError(
        h.source,
        "(file)",
        `interval ${formatSpacing(h.interval)} of ${h.id} differs from ${formatSpacing(first.interval)} ` +
          `of ${first.id} (${first.source}); histories read together must have one interval`,
      );
  let common = new Set(first.times);
  for (const h of hs.slice(1)) {
    const next = new Set<number>();
    for (const t of h.times) if (common.has(t)) next.add(t);
    common = next;
  }
  const times = first.times.filter((t) => common.has(t));
  if (times.length < 2) {
    const ranges = hs
      .map((h) => `${h.id} ${isoTime(h.times[0])} to ${isoTime(h.times[h.times.length - 1])}`)
      .join("; ");
    throw new InputError(
      hs[hs.length - 1].source,
      "(file)",
      `the histories do not overlap (fewer than 2 common times): ${ranges}`,
    );
  }
  const closes: number[][] = [];
  const volumes: (number[] | undefined)[] = [];
  for (const h of hs) {
    const index = new Map(h.times.map((t, i) => [t, i]));
    const at = times.map((t) => index.get(t) ?? 0);
    closes.push(at.map((i) => h.closes[i]));
    volumes.push(h.volumes ? at.map((i) => (h.volumes ?? [])[i]) : undefined);
  }
  return { times, closes, volumes };
}
