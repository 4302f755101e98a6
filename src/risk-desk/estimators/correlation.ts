/**
 * Correlation of each risk group with a market factor (SPEC 7.1's one-factor offsets).
 *
 * Inputs are the groups' EWMA-standardised returns on common times, z_{g,t} = r_{g,t} /
 * sigma_{g,t} (so a volatile spell does not dominate the estimate). The factor is
 *   - default: the equal-weighted average f_t = (1/G) sum_g z_{g,t}, or
 *   - a named group: f_t = z_{g*,t}.
 * rho_g = plain Pearson correlation of z_g and f over the whole common window (equal weights:
 * the standardisation already tracks the changing volatility; the window is the caller's
 * choice). Then clamped to [0, 1] (a negative correlation earns no offset) and rounded DOWN
 * to 4 decimals (less offset credit is safer). A constant series has correlation 0.
 *
 * Note that with the default factor every group is part of it: with two groups of
 * correlation q the factor correlation is sqrt((1 + q) / 2), not q.
 */
import { ArgumentError } from "../../errors";
import { floorUnits4, units4 } from "./round4";

/** Plain Pearson correlation of two equally long series (0 when either is constant). */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n !== y.length) throw new ArgumentError("y", "must be as long as x");
  if (n < 2) throw new ArgumentError("x", "must hold at least two observations");
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return 0;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** The equal-weighted factor of standardised series (all equally long). */
export function equalWeightFactor(series: readonly (readonly number[])[]): number[] {
  if (series.length === 0) throw new ArgumentError("series", "must not be empty");
  const n = series[0].length;
  series.forEach((s, g) => {
    if (s.length !== n) throw new ArgumentError(`series[${g}]`, "must be as long as series[0]");
  });
  const f = new Array<number>(n).fill(0);
  for (const s of series) for (let t = 0; t < n; t++) f[t] += s[t] / series.length;
  return f;
}

export interface FactorCorrelation {
  /** Pearson correlation, unclamped. */
  raw: number;
  /** Clamped to [0, 1] and rounded down to 4 decimals, as market.json would carry it. */
  rho: string;
}

/**
 * The correlation of each standardised series with the factor: the equal-weighted average,
 * or series[`factorIndex`] when given.
 */
export function factorCorrelations(
  series: readonly (readonly number[])[],
  factorIndex?: number,
): FactorCorrelation[] {
  if (factorIndex !== undefined && !(factorIndex >= 0 && factorIndex < series.length))
    throw new ArgumentError("factorIndex", "must index one of the series");
  const factor = factorIndex === undefined ? equalWeightFactor(series) : series[factorIndex];
  return series.map((s) => {
    const raw = pearson(s, factor);
    return { raw, rho: units4(Math.max(0, Math.min(10_000, floorUnits4(raw)))) };
  });
}
