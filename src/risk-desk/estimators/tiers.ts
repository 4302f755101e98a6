/**
 * Tiered haircuts from volume (SPEC 7.1: at most 2 tiers). A holding above a multiple of the
 * token's average daily volume takes longer to sell, so it bears the price risk longer:
 *
 *   above_k   = m_k x ADV                                   (tokens; default m = 0.1, 0.5)
 *   e_k       = (above_k / (p x ADV)) days = (m_k / p) days  extra time to sell that amount at
 *                                                           participation p (default 10% of
 *                                                           ADV a day): 1 and 5 days
 *   haircut_k = max( haircut_{k-1}, ceil4( ES_c(-R over n + e_k bars) ) ), at most 0.99
 *
 * with haircut_0 the token's base haircut and n the liquidation horizon in bars: haircuts are
 * non-decreasing by construction. `above` is rounded DOWN (the tier starts earlier: safer) to
 * min(4, token decimals) decimals; a tier whose rounded `above` is 0 or not above the previous
 * one is left out (as are all tiers when ADV is 0). Pure.
 */
import { ArgumentError } from "../../errors";
import { formatScaled } from "../../decimal";
import { liquidationBars } from "./adv";
import { haircutUnits } from "./haircut";
import { CALIBRATED_DECIMALS, units4 } from "./round4";

/** Tier thresholds as multiples of ADV. */
export const DEFAULT_TIER_MULTIPLES: readonly number[] = [0.1, 0.5];
/** Share of ADV a liquidation may trade per day. */
export const DEFAULT_PARTICIPATION = 0.1;
/** SPEC 7.1: at most two tiers. */
export const MAX_TIERS = 2;

export interface Tier {
  /** Tokens (decimal string). */
  above: string;
  /** Haircut (decimal string, 4 decimals). */
  haircut: string;
}

/** Extra bars of liquidation time for each tier multiple. */
export function tierExtraBars(
  multiples: readonly number[],
  participation: number,
  interval: number,
): number[] {
  if (multiples.length > MAX_TIERS)
    throw new ArgumentError("tierMultiples", `at most ${MAX_TIERS} tiers (SPEC 7.1)`);
  multiples.forEach((m, k) => {
    if (!(m > 0) || (k > 0 && !(m > multiples[k - 1])))
      throw new ArgumentError(`tierMultiples[${k}]`, "must be positive and strictly increasing");
  });
  return multiples.map((m) => liquidationBars(m, 1, participation, interval));
}

/** A token amount rounded down to `decimals` decimals, as a string. */
export function floorAmount(x: number, decimals: number): { text: string; value: number } {
  const d = Math.min(decimals, CALIBRATED_DECIMALS);
  const units = Math.floor(x * 10 ** d);
  return { text: formatScaled(BigInt(units), d), value: units / 10 ** d };
}

/**
 * The tiers of a token: ADV in tokens, the multiples, the token's base haircut in units of
 * 0.0001, the ES of the long loss at each tier's lengthened horizon, the token's decimals.
 */
export function tiersFromVolume(
  adv: number,
  multiples: readonly number[],
  baseUnits: number,
  esPerTier: readonly number[],
  tokenDecimals: number,
): Tier[] {
  if (esPerTier.length !== multiples.length)
    throw new ArgumentError("esPerTier", "must have one ES per tier multiple");
  if (!(adv > 0)) return [];
  const tiers: Tier[] = [];
  let prevAbove = 0;
  let prevUnits = baseUnits;
  multiples.forEach((m, k) => {
    const above = floorAmount(m * adv, tokenDecimals);
    if (!(above.value > prevAbove)) return;
    const units = Math.max(prevUnits, haircutUnits(esPerTier[k], 0));
    tiers.push({ above: above.text, haircut: units4(units) });
    prevAbove = above.value;
    prevUnits = units;
  });
  return tiers;
}
