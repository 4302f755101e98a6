/**
 * One history prepared for the estimators: windowed, as log returns, filtered by EWMA, with
 * the FHS samples of the horizon return at the liquidation horizon and at longer ones.
 */
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from "../../bounds";
import { InputError } from "../../errors";
import {
  type EwmaResult,
  averageDailyVolume,
  ewmaBurnIn,
  ewmaVolatility,
  filteredHistoricalSimulation,
} from "../estimators";
import { logReturns } from "../history";
import type { PriceHistory } from "../history/types";
import type { CalibrationOptions } from "./options";
import type { DataRange, HistoryStats } from "./types";

/** Fewest returns a history must have to be calibrated. */
export const MIN_RETURNS = 30;

export interface Fit {
  history: PriceHistory;
  returns: number[];
  ewma: EwmaResult;
  /** Leading EWMA forecasts left out as burn-in. */
  burnIn: number;
  horizonBars: number;
  /** FHS samples of R at horizonBars + extra[k] (extra[0] = 0). */
  samples: Float64Array[];
  stats: HistoryStats;
}

/** The last `windowDays` days of `h` (all of it when null). */
export function windowed(h: PriceHistory, windowDays: number | null): PriceHistory {
  if (windowDays === null) return h;
  const from = h.times[h.times.length - 1] - windowDays * SECONDS_PER_DAY;
  const i = h.times.findIndex((t) => t >= from);
  if (i <= 0) return h;
  return {
    ...h,
    times: h.times.slice(i),
    closes: h.closes.slice(i),
    ...(h.volumes ? { volumes: h.volumes.slice(i) } : {}),
  };
}

/** The range of a (windowed) history. */
export function rangeOf(h: PriceHistory): DataRange {
  return {
    source: h.source,
    from: h.times[0],
    to: h.times[h.times.length - 1],
    interval: h.interval,
    bars: h.times.length,
  };
}

/** Fits `history` and simulates the horizon plus each of `extraBars` (0 is always first). */
export function fitHistory(
  history: PriceHistory,
  extraBars: readonly number[],
  o: CalibrationOptions,
): Fit {
  const h = windowed(history, o.windowDays);
  const returns = logReturns(h.closes);
  if (returns.length < MIN_RETURNS)
    throw new InputError(
      h.source,
      "closes",
      `${returns.length} returns${o.windowDays === null ? "" : ` in the last ${o.windowDays} days`}: calibration needs at least ${MIN_RETURNS}`,
    );
  const ewma = ewmaVolatility(returns, o.lambda, o.ewmaSeedCount);
  const horizonBars = o.horizonSeconds / h.interval;
  const fhs = filteredHistoricalSimulation(
    returns,
    [0, ...extraBars].map((e) => horizonBars + e),
    { lambda: o.lambda, seedCount: o.ewmaSeedCount, paths: o.paths, seed: o.seed, ewma },
  );
  const adv =
    h.volumes && h.volumes.length > 0 ? averageDailyVolume(h.volumes, h.interval, o.advDays) : null;
  return {
    history: h,
    returns,
    ewma,
    burnIn: ewmaBurnIn(returns.length, o.ewmaSeedCount),
    horizonBars,
    samples: fhs.samples,
    stats: {
      range: rangeOf(h),
      observations: returns.length,
      horizonBars,
      sigma: ewma.forecast,
      sigmaAnnualised: ewma.forecast * Math.sqrt(SECONDS_PER_YEAR / h.interval),
      adv,
    },
  };
}
