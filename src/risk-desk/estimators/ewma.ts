/**
 * RiskMetrics EWMA volatility (J.P. Morgan/Reuters, RiskMetrics Technical Document, 1996):
 *
 *   sigma_0^2     = seed variance
 *   sigma_{t+1}^2 = lambda sigma_t^2 + (1 - lambda) r_t^2        (zero mean, as RiskMetrics)
 *
 * `sigma[t]` is the forecast of the sd of return t made with the returns before t; the
 * current forecast (of the next, not yet observed return) is sigma_n with n returns.
 *
 * Seeding: sigma_0^2 = the mean of r_t^2 over the first `seedCount` returns (default 30, all
 * of them when there are fewer): the zero-mean sample variance, consistent with the
 * recursion. The first `seedCount` forecasts therefore use a little of their own data: the
 * callers treat them as burn-in (see {@link ewmaBurnIn}). When that seed is 0 (a constant
 * price), the mean of r_t^2 over all returns is used; when that is 0 too every sigma is 0.
 *
 * Pure: doubles in, doubles out.
 */
import { ArgumentError } from "../../errors";

/** RiskMetrics' decay for daily data, the desk's default for every bar size. */
export const DEFAULT_LAMBDA = 0.94;
/** Returns whose mean square seeds the recursion. */
export const DEFAULT_EWMA_SEED_COUNT = 30;

export interface EwmaResult {
  /** sigma[t]: forecast sd of return t from the returns before t (same length as returns). */
  sigma: number[];
  /** Forecast sd of the next return (after the last one). */
  forecast: number;
  /** The seed variance sigma_0^2. */
  seedVariance: number;
}

/** Checks a decay factor: 0 < lambda < 1. */
export function checkLambda(lambda: number, name = "lambda"): void {
  if (!(lambda > 0 && lambda < 1)) throw new ArgumentError(name, "must be a number in (0, 1)");
}

function checkReturns(returns: readonly number[], name: string): void {
  if (returns.length < 1) throw new ArgumentError(name, "must hold at least one return");
  returns.forEach((r, i) => {
    if (!Number.isFinite(r)) throw new ArgumentError(`${name}[${i}]`, "must be a finite number");
  });
}

function meanSquare(xs: readonly number[], n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i] * xs[i];
  return s / n;
}

/** EWMA volatility of `returns` (log returns, one per bar); see the module comment. */
export function ewmaVolatility(
  returns: readonly number[],
  lambda: number = DEFAULT_LAMBDA,
  seedCount: number = DEFAULT_EWMA_SEED_COUNT,
): EwmaResult {
  checkLambda(lambda);
  checkReturns(returns, "returns");
  if (!Number.isInteger(seedCount) || seedCount < 1)
    throw new ArgumentError("seedCount", "must be an integer >= 1");
  let v = meanSquare(returns, Math.min(seedCount, returns.length));
  if (v === 0) v = meanSquare(returns, returns.length);
  const seedVariance = v;
  const sigma = new Array<number>(returns.length);
  for (let t = 0; t < returns.length; t++) {
    sigma[t] = Math.sqrt(v);
    v = lambda * v + (1 - lambda) * returns[t] * returns[t];
  }
  return { sigma, forecast: Math.sqrt(v), seedVariance };
}

/**
 * How many leading forecasts to leave out of residual and volatility samples: the seed window,
 * when at least twice as many returns remain after it; else none (short histories keep all).
 */
export function ewmaBurnIn(n: number, seedCount: number = DEFAULT_EWMA_SEED_COUNT): number {
  return n >= 3 * seedCount ? seedCount : 0;
}

/** Standardised residuals z_t = r_t / sigma_t (0 where sigma_t is 0), from index `from`. */
export function standardisedResiduals(
  returns: readonly number[],
  sigma: readonly number[],
  from = 0,
): number[] {
  const z: number[] = [];
  for (let t = from; t < returns.length; t++) z.push(sigma[t] > 0 ? returns[t] / sigma[t] : 0);
  return z;
}
