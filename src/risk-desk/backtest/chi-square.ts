/**
 * The chi-square distribution with 1 or 2 degrees of freedom: the reference distribution of
 * the backtest's likelihood-ratio statistics (Kupiec, Christoffersen), and their p-values.
 *
 *   df 1: P(X > x) = P(|Z| > sqrt x) = erfc(sqrt(x / 2))     (X = Z^2, Z standard normal)
 *   df 2: P(X > x) = exp(-x / 2)                             (an exponential with mean 2)
 *
 * erfc is W. J. Cody's approximation (src/black76.ts, relative error about 1e-16), so the
 * survival keeps full relative precision deep in the tail (no 1 - CDF cancellation).
 * Reference values (any table): df 1: 3.841 -> 0.05, 6.635 -> 0.01; df 2: 5.991 -> 0.05,
 * 9.210 -> 0.01. Pure: doubles in, doubles out.
 */
import { erfc } from "../../black76";
import { ArgumentError } from "../../errors";

/** Degrees of freedom the backtest needs. */
export type ChiSquareDf = 1 | 2;

function check(x: number, df: number): void {
  if (df !== 1 && df !== 2) throw new ArgumentError("df", "must be 1 or 2");
  if (Number.isNaN(x)) throw new ArgumentError("x", "must be a number");
}

/** P(X > x) for X chi-square with `df` degrees of freedom (1 for x <= 0). */
export function chiSquareSurvival(x: number, df: ChiSquareDf): number {
  check(x, df);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return df === 1 ? erfc(Math.sqrt(x / 2)) : Math.exp(-x / 2);
}

/** P(X <= x) for X chi-square with `df` degrees of freedom (0 for x <= 0). */
export function chiSquareCdf(x: number, df: ChiSquareDf): number {
  return 1 - chiSquareSurvival(x, df);
}

/** The p-value of a likelihood-ratio statistic `lr` against chi-square(df). */
export function pValue(lr: number, df: ChiSquareDf): number {
  return chiSquareSurvival(lr, df);
}
