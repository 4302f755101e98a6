/**
 * Kupiec's proportion-of-failures (POF) test (P. Kupiec, "Techniques for verifying the
 * accuracy of risk measurement models", Journal of Derivatives 3 (1995) 73-84): are `x`
 * exceedances in `n` independent observations consistent with an exceedance probability `p`?
 *
 *   LR_pof = -2 ln[ (1 - p)^(n - x) p^x / ((1 - x/n)^(n - x) (x/n)^x) ]   ~ chi-square(1)
 *
 * Edge cases by the convention 0 ln 0 = 0: x = 0 gives LR = -2 n ln(1 - p); x = n gives
 * LR = -2 n ln p. The test is two-sided: too many exceedances (margin too low) and too few
 * (margin wastefully high) both reject; `direction` says which side the rate is on.
 * Worked example: n = 250, p = 0.01: x = 6 gives LR = 3.555 (p-value 0.059, not rejected),
 * x = 7 gives LR = 5.497 (p-value 0.019, rejected).
 */
import { ArgumentError } from "../../errors";
import { pValue } from "./chi-square";
import { bernoulliLogLikelihood } from "./log-likelihood";

/** Significance level of every backtest verdict. */
export const SIGNIFICANCE = 0.05;

export interface KupiecResult {
  /** Observations. */
  n: number;
  exceedances: number;
  /** exceedances / n (0 when n = 0). */
  rate: number;
  /** The exceedance probability tested against. */
  expected: number;
  /** LR_pof. */
  statistic: number;
  /** P(chi-square(1) > LR_pof). */
  pValue: number;
  /** pValue < 5%. */
  reject: boolean;
  /** Whether the rate is above or below `expected` ("equal" when equal). */
  direction: "above" | "below" | "equal";
}

/** Kupiec's POF test of `x` exceedances in `n` observations against probability `p`. */
export function kupiec(n: number, x: number, p: number): KupiecResult {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError("n", "must be an integer >= 0");
  if (!Number.isInteger(x) || x < 0 || x > n)
    throw new ArgumentError("exceedances", "must be an integer in 0..n");
  if (!(p > 0 && p < 1)) throw new ArgumentError("p", "must be a number in (0, 1)");
  const rate = n === 0 ? 0 : x / n;
  const statistic =
    n === 0
      ? 0
      : Math.max(0, -2 * (bernoulliLogLikelihood(n, x, p) - bernoulliLogLikelihood(n, x, rate)));
  const pv = pValue(statistic, 1);
  return {
    n,
    exceedances: x,
    rate,
    expected: p,
    statistic,
    pValue: pv,
    reject: pv < SIGNIFICANCE,
    direction: rate > p ? "above" : rate < p ? "below" : "equal",
  };
}
