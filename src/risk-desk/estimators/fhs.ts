/**
 * Filtered historical simulation (Barone-Adesi, Giannopoulos and Vosper, 1999) of the return
 * over a horizon of n bars, with RiskMetrics EWMA volatility as the filter.
 *
 * 1. EWMA sigma_t of the log returns ({@link ewmaVolatility}); standardised residuals
 *    z_t = r_t / sigma_t, leaving out the seed window as burn-in ({@link ewmaBurnIn}).
 * 2. n <= 1 (the horizon is at most one bar): the one-bar distribution rescaled to today's
 *    volatility and to the horizon, one value per residual (no randomness):
 *      R = exp(sqrt(n) sigma_now z_t) - 1.
 * 3. n > 1: `paths` paths (default 10,000) of ceil(n) bars. Each bar draws a residual
 *    uniformly with replacement (seeded mulberry32, default seed DEFAULT_SEED), its log return
 *    is r = sigma z with sigma updated along the path by the EWMA recursion
 *    sigma^2 <- lambda sigma^2 + (1 - lambda) r^2, starting at sigma_now. A fractional last bar
 *    (n = m + f, 0 < f < 1) contributes sqrt(f) sigma z (the one-bar rule of step 2):
 *      R = exp(r_1 + ... + r_m + sqrt(f) r_{m+1}) - 1.
 *    Several horizons share the same paths (a horizon's sample is a prefix of the longest
 *    path), so a longer horizon's ES is never below a shorter one's by sampling noise alone.
 *
 * Result: the sample of simple horizon returns R per horizon; ES of |R| (both directions, the
 * scan range) and of -R (a long holder's loss, a haircut) come from it
 * ({@link expectedShortfall}). Pure and deterministic: the same inputs give the same sample.
 */
import { ArgumentError } from "../../errors";
import { DEFAULT_SEED, mulberry32 } from "../simulate/prng";
import {
  DEFAULT_EWMA_SEED_COUNT,
  DEFAULT_LAMBDA,
  type EwmaResult,
  ewmaBurnIn,
  ewmaVolatility,
  standardisedResiduals,
} from "./ewma";

/** Bootstrap paths per simulated horizon. */
export const DEFAULT_FHS_PATHS = 10_000;

export interface FhsOptions {
  lambda?: number;
  seedCount?: number;
  /** Number of simulated paths for horizons above one bar (default 10,000). */
  paths?: number;
  /** PRNG seed (default DEFAULT_SEED of src/risk-desk/simulate/prng.ts). */
  seed?: number;
  /** The EWMA of these returns with this lambda and seedCount, if already computed. */
  ewma?: EwmaResult;
}

export interface FhsResult {
  /** Simple horizon returns exp(sum of log returns) - 1, one sample per requested horizon. */
  samples: Float64Array[];
  /** The EWMA filter used (sigma series and current forecast). */
  ewma: EwmaResult;
  /** Standardised residuals bootstrapped. */
  residuals: number[];
}

const FRACTION_EPS = 1e-9;

function split(n: number): { m: number; f: number } {
  let m = Math.floor(n);
  let f = n - m;
  if (f < FRACTION_EPS) f = 0;
  else if (1 - f < FRACTION_EPS) {
    m += 1;
    f = 0;
  }
  return { m, f };
}

/** FHS samples of the horizon return for each horizon in `horizons` (bars, > 0). */
export function filteredHistoricalSimulation(
  returns: readonly number[],
  horizons: readonly number[],
  options: FhsOptions = {},
): FhsResult {
  const lambda = options.lambda ?? DEFAULT_LAMBDA;
  const seedCount = options.seedCount ?? DEFAULT_EWMA_SEED_COUNT;
  const paths = options.paths ?? DEFAULT_FHS_PATHS;
  if (!Number.isInteger(paths) || paths < 1)
    throw new ArgumentError("paths", "must be an integer >= 1");
  horizons.forEach((n, j) => {
    if (!(n > 0) || !Number.isFinite(n))
      throw new ArgumentError(`horizons[${j}]`, "must be a positive number of bars");
  });
  const ewma = options.ewma ?? ewmaVolatility(returns, lambda, seedCount);
  const residuals = standardisedResiduals(
    returns,
    ewma.sigma,
    ewmaBurnIn(returns.length, seedCount),
  );
  const now = ewma.forecast;
  const samples: Float64Array[] = horizons.map((n) =>
    n <= 1
      ? Float64Array.from(residuals, (z) => Math.expm1(Math.sqrt(n) * now * z))
      : new Float64Array(paths),
  );

  // horizons above one bar: one set of bootstrap paths for all of them
  const sim = horizons.map((n, j) => ({ j, ...split(n) })).filter((h) => horizons[h.j] > 1);
  if (sim.length === 0) return { samples, ewma, residuals };
  const steps = Math.max(...sim.map((h) => (h.f > 0 ? h.m + 1 : h.m)));
  const atStep: { j: number; root: number }[][] = Array.from({ length: steps + 1 }, () => []);
  for (const h of sim) atStep[h.m].push({ j: h.j, root: Math.sqrt(h.f) });
  const rand = mulberry32(options.seed ?? DEFAULT_SEED);
  const nz = residuals.length;
  const v0 = now * now;
  for (let p = 0; p < paths; p++) {
    let v = v0;
    let sum = 0;
    for (let k = 0; k < steps; k++) {
      const r = Math.sqrt(v) * residuals[Math.floor(rand() * nz)];
      for (const { j, root } of atStep[k]) samples[j][p] = Math.expm1(sum + root * r);
      sum += r;
      v = lambda * v + (1 - lambda) * r * r;
    }
    for (const { j } of atStep[steps]) samples[j][p] = Math.expm1(sum);
  }
  return { samples, ewma, residuals };
}
