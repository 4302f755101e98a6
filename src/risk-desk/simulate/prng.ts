/**
 * The risk desk's seeded pseudo-random numbers. Every random draw of the desk (bootstrap,
 * simulated histories) goes through these functions so the same seed gives the same bytes.
 *
 * - {@link mulberry32}: a 32-bit state generator (Tommy Ettinger's mulberry32), uniform on
 *   [0, 1) with 2^-32 resolution. Small, fast and good enough for simulation; NOT for keys.
 * - {@link normal}: standard normal by the Box-Muller transform (two uniforms per draw, the
 *   second Box-Muller value is dropped so the function keeps no state).
 * - {@link gamma}: Gamma(shape, 1) by Marsaglia and Tsang (2000).
 * - {@link studentT}: Student t with `nu` > 2 degrees of freedom, scaled to unit variance
 *   (t * sqrt((nu - 2) / nu)), so it can replace a standard normal innovation.
 */

import { ArgumentError } from "../../errors";

/** A uniform generator on [0, 1). */
export type Rand = () => number;

/** The desk's default seed, used when a command is given none. */
export const DEFAULT_SEED = 20250101;

/** mulberry32 seeded with the low 32 bits of `seed`: uniform numbers on [0, 1). */
export function mulberry32(seed: number): Rand {
  if (!Number.isFinite(seed)) throw new ArgumentError("seed", "must be a finite number");
  let a = Math.trunc(seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller; consumes two uniforms). */
export function normal(rand: Rand): number {
  const u1 = 1 - rand(); // (0, 1]: log is finite
  const u2 = rand();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A Gamma(shape, 1) draw, shape > 0 (Marsaglia-Tsang; shape < 1 by the u^(1/shape) boost). */
export function gamma(rand: Rand, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape))
    throw new ArgumentError("shape", "must be a positive number");
  if (shape < 1) return gamma(rand, shape + 1) * Math.pow(1 - rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rand();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Student t draw with `nu` > 2 degrees of freedom scaled to unit variance:
 * Z / sqrt(X / nu) * sqrt((nu - 2) / nu), Z standard normal, X ~ chi-square(nu) = 2 Gamma(nu/2).
 */
export function studentT(rand: Rand, nu: number): number {
  if (!(nu > 2) || !Number.isFinite(nu))
    throw new ArgumentError("nu", "must be a number > 2 (the variance must exist)");
  const z = normal(rand);
  const chi2 = 2 * gamma(rand, nu / 2);
  return (z / Math.sqrt(chi2 / nu)) * Math.sqrt((nu - 2) / nu);
}
