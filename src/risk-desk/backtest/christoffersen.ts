/**
 * Christoffersen's independence and conditional-coverage tests (P. Christoffersen,
 * "Evaluating interval forecasts", International Economic Review 39 (1998) 841-862): do
 * exceedances cluster? The exceedance indicators I_1..I_n form a first-order Markov chain
 * with transition counts n_ij = #{t >= 2 : I_(t-1) = i, I_t = j} and
 *
 *   pi_01 = n01 / (n00 + n01),  pi_11 = n11 / (n10 + n11),
 *   pi    = (n01 + n11) / (n00 + n01 + n10 + n11),
 *
 *   LR_ind = -2 ln[ (1 - pi)^(n00 + n10) pi^(n01 + n11)
 *                 / ((1 - pi_01)^n00 pi_01^n01 (1 - pi_11)^n10 pi_11^n11) ]   ~ chi-square(1)
 *   LR_cc  = LR_pof + LR_ind                                                   ~ chi-square(2)
 *
 * LR_pof is Kupiec's statistic on all n observations (the usual practice; Christoffersen's
 * exact decomposition conditions both on the first observation, a difference of one term).
 *
 * Edge cases, as the literature treats them (0 ln 0 = 0, i.e. 0^0 = 1):
 * - no exceedance (or no transition at all): every term vanishes, LR_ind = 0, p-value 1 (the
 *   test has no information, it cannot reject);
 * - no 1 -> 1 transition (n11 = 0): pi_11 = 0 and its factor (1 - 0)^n10 0^0 = 1, which is
 *   the formula of Christoffersen and of Campbell ("A review of backtesting and backtesting
 *   procedures", 2005) for that case;
 * - n10 + n11 = 0 (the only exceedance is the last observation): pi_11 is undefined and its
 *   factor is 1 (no observation from state 1).
 * With few exceedances the chi-square approximation is rough (the test has little power);
 * the report says how many exceedances each test saw.
 */
import { ArgumentError } from "../../errors";
import { pValue } from "./chi-square";
import { SIGNIFICANCE, kupiec } from "./kupiec";
import { bernoulliLogLikelihood } from "./log-likelihood";

/** Transition counts of an exceedance sequence. */
export interface Transitions {
  n00: number;
  n01: number;
  n10: number;
  n11: number;
}

export interface ChristoffersenResult extends Transitions {
  pi01: number;
  pi11: number;
  /** LR_ind. */
  statistic: number;
  /** P(chi-square(1) > LR_ind). */
  pValue: number;
  reject: boolean;
}

export interface ConditionalCoverageResult {
  /** LR_cc = LR_pof + LR_ind. */
  statistic: number;
  /** P(chi-square(2) > LR_cc). */
  pValue: number;
  reject: boolean;
}

/** Transition counts of the 0/1 sequence `hits` (true = exceedance). */
export function transitions(hits: readonly boolean[]): Transitions {
  const t: Transitions = { n00: 0, n01: 0, n10: 0, n11: 0 };
  for (let i = 1; i < hits.length; i++) {
    if (hits[i - 1]) {
      if (hits[i]) t.n11++;
      else t.n10++;
    } else if (hits[i]) t.n01++;
    else t.n00++;
  }
  return t;
}

/** Adds transition counts (chains of several portfolios tested together). */
export function addTransitions(a: Transitions, b: Transitions): Transitions {
  return { n00: a.n00 + b.n00, n01: a.n01 + b.n01, n10: a.n10 + b.n10, n11: a.n11 + b.n11 };
}

const share = (k: number, n: number): number => (n === 0 ? 0 : k / n);

/** Christoffersen's independence test from transition counts. */
export function christoffersen(t: Transitions): ChristoffersenResult {
  for (const [k, v] of Object.entries(t))
    if (!Number.isInteger(v) || v < 0) throw new ArgumentError(k, "must be an integer >= 0");
  const from0 = t.n00 + t.n01;
  const from1 = t.n10 + t.n11;
  const pi01 = share(t.n01, from0);
  const pi11 = share(t.n11, from1);
  const pi = share(t.n01 + t.n11, from0 + from1);
  const restricted = bernoulliLogLikelihood(from0 + from1, t.n01 + t.n11, pi);
  const unrestricted =
    bernoulliLogLikelihood(from0, t.n01, pi01) + bernoulliLogLikelihood(from1, t.n11, pi11);
  const statistic = Math.max(0, -2 * (restricted - unrestricted));
  const pv = pValue(statistic, 1);
  return { ...t, pi01, pi11, statistic, pValue: pv, reject: pv < SIGNIFICANCE };
}

/** The conditional-coverage test LR_cc = LR_pof + LR_ind, chi-square(2). */
export function conditionalCoverage(lrPof: number, lrInd: number): ConditionalCoverageResult {
  const statistic = lrPof + lrInd;
  const pv = pValue(statistic, 2);
  return { statistic, pValue: pv, reject: pv < SIGNIFICANCE };
}

/** Kupiec, Christoffersen and conditional coverage of one exceedance sequence. */
export function coverageTests(hits: readonly boolean[], p: number) {
  const pof = kupiec(hits.length, hits.filter(Boolean).length, p);
  const ind = christoffersen(transitions(hits));
  return {
    kupiec: pof,
    christoffersen: ind,
    conditional: conditionalCoverage(pof.statistic, ind.statistic),
  };
}
