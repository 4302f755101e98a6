/**
 * Options of `calibrate` and their defaults (docs/RISK.md, "Calibration").
 *
 * The liquidation horizon defaults to the engine's default proof TTL plus grace
 * (DEFAULT_LIQUIDATION_HORIZON of src/chain/defaults.ts: 3600 + 600 = 4200 s): the longest a stale proof can keep
 * an account alive before it can be liquidated.
 */
import { ArgumentError } from "../../errors";
import { DEFAULT_LIQUIDATION_HORIZON } from "../../chain/defaults";
import { DEFAULT_SEED } from "../simulate/prng";
import {
  DEFAULT_ADV_DAYS,
  DEFAULT_CONCENTRATION_FRACTION,
  DEFAULT_EWMA_SEED_COUNT,
  DEFAULT_FHS_PATHS,
  DEFAULT_LAMBDA,
  DEFAULT_MIN_HAIRCUT,
  DEFAULT_PARTICIPATION,
  DEFAULT_TIER_MULTIPLES,
  MAX_HAIRCUT,
  MAX_TIERS,
  checkConfidence,
  checkLambda,
} from "../estimators";

export interface CalibrationOptions {
  /** Liquidation horizon in seconds (default proof TTL + grace = 4200). */
  horizonSeconds: number;
  /** ES confidence (default 0.99). */
  confidence: number;
  /** EWMA decay (default 0.94). */
  lambda: number;
  /** Returns whose mean square seeds the EWMA (default 30). */
  ewmaSeedCount: number;
  /** PRNG seed of the bootstrap (default DEFAULT_SEED). */
  seed: number;
  /** Bootstrap paths for horizons above one bar (default 10,000). */
  paths: number;
  /** Only the last `windowDays` days of each history are used (default null: all of it). */
  windowDays: number | null;
  /** Market factor of the correlations: a group id, or null for the equal-weighted factor. */
  factor: string | null;
  /** Smallest haircut written (default 0.0001). */
  minHaircut: number;
  /** Days of volume in the average daily volume (default 30). */
  advDays: number;
  /** Tier thresholds as multiples of ADV (default 0.1, 0.5; at most 2). */
  tierMultiples: number[];
  /** Share of ADV a liquidation trades per day (default 0.1). */
  participation: number;
  /** Concentration threshold as a share of the group's ADV (default 0.1). */
  concentrationFraction: number;
  /** Estimate the v2 fields (correlation, tiers, concentration); default true. */
  v2Fields: boolean;
}

/** ES confidence of every calibrated figure. */
export const DEFAULT_CONFIDENCE = 0.99;

export const DEFAULT_CALIBRATION_OPTIONS: Readonly<CalibrationOptions> = Object.freeze({
  horizonSeconds: DEFAULT_LIQUIDATION_HORIZON,
  confidence: DEFAULT_CONFIDENCE,
  lambda: DEFAULT_LAMBDA,
  ewmaSeedCount: DEFAULT_EWMA_SEED_COUNT,
  seed: DEFAULT_SEED,
  paths: DEFAULT_FHS_PATHS,
  windowDays: null,
  factor: null,
  minHaircut: DEFAULT_MIN_HAIRCUT,
  advDays: DEFAULT_ADV_DAYS,
  tierMultiples: [...DEFAULT_TIER_MULTIPLES],
  participation: DEFAULT_PARTICIPATION,
  concentrationFraction: DEFAULT_CONCENTRATION_FRACTION,
  v2Fields: true,
});

function positive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new ArgumentError(name, "must be a positive number");
}

function positiveInteger(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new ArgumentError(name, `must be an integer in 1..${max}`);
}

/** The defaults overridden by `partial`, checked; errors name the option. */
export function resolveCalibrationOptions(
  partial: Partial<CalibrationOptions> = {},
): CalibrationOptions {
  const defined = Object.fromEntries(
    Object.entries(partial).filter(([, v]) => v !== undefined),
  ) as Partial<CalibrationOptions>;
  const o: CalibrationOptions = {
    ...DEFAULT_CALIBRATION_OPTIONS,
    ...defined,
    tierMultiples: [...(defined.tierMultiples ?? DEFAULT_CALIBRATION_OPTIONS.tierMultiples)],
  };
  positive("horizonSeconds", o.horizonSeconds);
  checkConfidence(o.confidence);
  checkLambda(o.lambda);
  positiveInteger("ewmaSeedCount", o.ewmaSeedCount, 10_000);
  if (!Number.isSafeInteger(o.seed)) throw new ArgumentError("seed", "must be an integer");
  positiveInteger("paths", o.paths, 1_000_000);
  if (o.windowDays !== null) positive("windowDays", o.windowDays);
  if (!(o.minHaircut >= 0 && o.minHaircut <= MAX_HAIRCUT))
    throw new ArgumentError("minHaircut", `must be a number in [0, ${MAX_HAIRCUT}]`);
  positive("advDays", o.advDays);
  if (o.tierMultiples.length > MAX_TIERS)
    throw new ArgumentError("tierMultiples", `at most ${MAX_TIERS} tiers (SPEC 7.1)`);
  o.tierMultiples.forEach((m, k) => {
    if (!(m > 0) || !Number.isFinite(m) || (k > 0 && !(m > o.tierMultiples[k - 1])))
      throw new ArgumentError(`tierMultiples[${k}]`, "must be positive and strictly increasing");
  });
  positive("participation", o.participation);
  positive("concentrationFraction", o.concentrationFraction);
  return o;
}
