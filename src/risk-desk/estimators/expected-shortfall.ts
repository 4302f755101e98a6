/**
 * Empirical value at risk and expected shortfall of a sample of losses (a loss is positive).
 *
 * Standard definition (Acerbi and Tasche, "On the coherence of expected shortfall", 2002),
 * with the tail share alpha = 1 - c and the losses sorted from the largest,
 * L_(1) >= L_(2) >= ... >= L_(n), w = n alpha and k = floor(w):
 *
 *   VaR_c = L_(k+1)                                   (L_(n) when k = n)
 *   ES_c  = ( L_(1) + ... + L_(k) + (w - k) L_(k+1) ) / w
 *
 * i.e. the mean of the worst n alpha observations, the boundary observation counted with its
 * fractional weight w - k. Example: the losses 1..100 at c = 0.95 give w = 5, VaR = 95 and
 * ES = (100 + 99 + 98 + 97 + 96) / 5 = 98. When w < 1 (fewer than 1/alpha observations) ES is
 * the largest loss. w is rounded to 9 decimals first, so 100 x (1 - 0.95) counts as 5.
 *
 * Pure: doubles in, doubles out. The sample is not modified.
 */
import { ArgumentError } from "../../errors";

export interface TailRisk {
  var: number;
  es: number;
}

/** Checks a confidence level: 0 < c < 1. */
export function checkConfidence(c: number, name = "confidence"): void {
  if (!(c > 0 && c < 1)) throw new ArgumentError(name, "must be a number in (0, 1)");
}

/** VaR and ES at confidence `c` of the losses `sample` (see the module comment). */
export function tailRisk(sample: ArrayLike<number>, c: number): TailRisk {
  checkConfidence(c);
  const n = sample.length;
  if (n === 0) throw new ArgumentError("sample", "must not be empty");
  const sorted = Float64Array.from(sample).sort().reverse();
  if (!Number.isFinite(sorted[0]) || !Number.isFinite(sorted[n - 1]))
    throw new ArgumentError("sample", "must hold finite numbers only");
  const w = Math.round(n * (1 - c) * 1e9) / 1e9;
  if (w < 1) return { var: sorted[0], es: sorted[0] };
  const k = Math.floor(w);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i];
  const boundary = sorted[Math.min(k, n - 1)];
  return { var: boundary, es: (sum + (w - k) * boundary) / w };
}

/** Expected shortfall at confidence `c` of the losses `sample`. */
export function expectedShortfall(sample: ArrayLike<number>, c: number): number {
  return tailRisk(sample, c).es;
}

/** Value at risk at confidence `c` of the losses `sample`. */
export function valueAtRisk(sample: ArrayLike<number>, c: number): number {
  return tailRisk(sample, c).var;
}

/** `xs` mapped by `f` into a new Float64Array (losses from returns: |R|, -R). */
export function lossesOf(xs: ArrayLike<number>, f: (x: number) => number): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]);
  return out;
}
