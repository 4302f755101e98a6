/**
 * The backtest's expected exceedance probability (the p of the Kupiec test).
 *
 * A scan range is the 99% expected shortfall of |R| (R the group's simple return over the
 * horizon), so a correctly calibrated margin is exceeded much LESS often than 1%: for normal
 * returns P(|R| > ES99(|R|)) is about 0.4%, a one-directional position about half of that, and
 * a linear position's margin is max(1, extremeMultiple x extremeCoverage) = 1.05 scan ranges
 * with the default scenarios, about 0.12% a side. Testing against 1% would reject a correct
 * calibration for having too FEW exceedances. The default target is therefore the MODEL's own
 * probability that the loss exceeds the margin, and `policy` (a fixed rate such as 0.01) is
 * the alternative.
 *
 * Model probability of one observation (a portfolio's positions and collateral of one group at
 * step t, margin MM_t): the group return R is drawn from the calibration's own simulated
 * horizon distribution of that day (the sample its scan range came from). The sub-portfolio's
 * loss per unit of return, up and down, is read from the exact risk array at the +1 and -1
 * PSR scenarios (the mean of vol up and vol down, so the volatility term cancels to first
 * order):  L_up = (req[+1 up] + req[+1 down]) / 2 / PSR,  L_down likewise at -1. The margin is
 * exceeded when R > x_up = MM / L_up (if L_up > 0) or R < -x_down = -MM / L_down (if L_down > 0):
 *
 *   p = share of the sample above x_up + share below -x_down.
 *
 * Exact for linear positions and collateral (their loss is linear in R); for options a
 * delta-like approximation (a short straddle counts both tails). Kupiec tests the mean of the
 * observations' p. A group without a simulated sample (kept from market.json) has p = 0.
 */

/** The part of an observation's margin the target needs. */
export interface GroupExposure {
  /** req[s] of the group (V), from `computeMargin`. */
  req: readonly bigint[];
  /** Indices of the +1 PSR and -1 PSR scenarios (vol up and down). */
  up: readonly number[];
  down: readonly number[];
  /** The group's scan range (as a double). */
  psr: number;
}

/** Scenario indices with k = +1 and k = -1 (coverage 1) of a risk table's scenarios. */
export function unitScenarios(scenarios: readonly { k: string; coverage: string }[]): {
  up: number[];
  down: number[];
} {
  const idx = (k: string) =>
    scenarios.flatMap((s, i) => (s.k === k && Number(s.coverage) === 1 ? [i] : []));
  return { up: idx("1"), down: idx("-1") };
}

/** Share of the ascending `sorted` sample strictly above `x`. */
export function shareAbove(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length === 0 ? 0 : (sorted.length - lo) / sorted.length;
}

/** Share of the ascending `sorted` sample strictly below `x`. */
export function shareBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length === 0 ? 0 : lo / sorted.length;
}

const meanOf = (req: readonly bigint[], idx: readonly number[]): number =>
  idx.reduce((s, i) => s + Number(req[i]), 0) / Math.max(1, idx.length);

/**
 * The model probability that the loss of a group's sub-portfolio with margin `mm` (V)
 * exceeds it, under the ascending sample `sorted` of simulated horizon returns.
 */
export function modelExceedanceProbability(
  e: GroupExposure,
  mm: bigint,
  sorted: ArrayLike<number>,
): number {
  if (!(e.psr > 0)) return 0;
  const lossUp = meanOf(e.req, e.up) / e.psr;
  const lossDown = meanOf(e.req, e.down) / e.psr;
  const m = Number(mm);
  let p = 0;
  if (lossUp > 0) p += shareAbove(sorted, m / lossUp);
  if (lossDown > 0) p += shareBelow(sorted, -m / lossDown);
  return Math.min(1, p);
}

/** Mean of the observations' probabilities (0 for none). */
export function meanTarget(ps: readonly number[]): number {
  return ps.length === 0 ? 0 : ps.reduce((a, b) => a + b, 0) / ps.length;
}
