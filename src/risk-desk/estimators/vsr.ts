/**
 * Volatility scan range from the history of the volatility itself: how far the EWMA
 * volatility has moved, relatively, over one horizon.
 *
 *   m   = max(1, ceil(n))                   bars per window (n = the horizon in bars)
 *   x_t = | sigma_{t+m} / sigma_t - 1 |     overlapping windows, t = b, b+1, ..., T-m
 *   x_t <- sqrt(n) x_t                      when n < 1 (a sub-bar horizon, square-root-of-time)
 *   VSR = min( ES_c(x), cap )               cap = 0.99 (the scan's sigma x (1 - VSR) stays > 0)
 *
 * sigma_t are the EWMA forecasts including the current one (sigma_T = the forecast of the
 * next return) and b the EWMA burn-in ({@link ewmaBurnIn}). Windows overlap (step one bar):
 * every observed change counts, and consecutive windows share bars, which ES does not mind.
 * A horizon of a fraction of a bar rounds the window up to one bar, then scales the change by
 * sqrt(n). Pure: doubles in, a double out (the caller rounds up to 4 decimals).
 */
import { ArgumentError } from "../../errors";
import { expectedShortfall } from "./expected-shortfall";

/** Largest VSR the estimator returns: the scenario volatility sigma x (1 - VSR) stays > 0. */
export const VSR_CAP = 0.99;

/** The relative volatility changes over `horizonBars` of the series `sigma` (from `from`). */
export function volatilityChanges(
  sigma: readonly number[],
  horizonBars: number,
  from = 0,
): number[] {
  if (!(horizonBars > 0) || !Number.isFinite(horizonBars))
    throw new ArgumentError("horizonBars", "must be a positive number");
  const m = Math.max(1, Math.ceil(horizonBars - 1e-9));
  const scale = horizonBars < 1 ? Math.sqrt(horizonBars) : 1;
  const out: number[] = [];
  for (let t = from; t + m < sigma.length; t++)
    if (sigma[t] > 0) out.push(scale * Math.abs(sigma[t + m] / sigma[t] - 1));
  return out;
}

/**
 * VSR at confidence `c`: ES of the relative change of the volatility over the horizon,
 * capped at {@link VSR_CAP}. `sigma` is the EWMA series followed by the current forecast.
 * Throws when the history is shorter than one window.
 */
export function volatilityScanRange(
  sigma: readonly number[],
  horizonBars: number,
  c: number,
  from = 0,
): number {
  const x = volatilityChanges(sigma, horizonBars, from);
  if (x.length === 0)
    throw new ArgumentError("sigma", "too short for one volatility window over the horizon");
  return Math.min(expectedShortfall(x, c), VSR_CAP);
}
