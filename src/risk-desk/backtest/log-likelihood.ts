/**
 * Bernoulli log-likelihoods for the backtest's likelihood-ratio tests, with the convention
 * 0 ln 0 = 0 (a probability of 0 or 1 raised to a zero count contributes a factor 1), which
 * is how the literature treats the edge cases (no exceedance, every observation an
 * exceedance, no 1 -> 1 transition).
 */

/** k ln q, with 0 ln 0 = 0 (and -Infinity for k > 0, q = 0). */
export function xlogy(k: number, q: number): number {
  if (k === 0) return 0;
  return k * Math.log(q);
}

/** The log-likelihood of `x` successes and `n - x` failures at success probability `q`. */
export function bernoulliLogLikelihood(n: number, x: number, q: number): number {
  return xlogy(n - x, 1 - q) + xlogy(x, q);
}
