/**
 * Collateral haircut from the token's own return distribution over the liquidation horizon:
 *
 *   haircut = min( max( ceil4( ES_c(-R) ), minHaircut ), 0.99 )
 *
 * R the simple horizon return (a sample from {@link filteredHistoricalSimulation}), -R the loss
 * of a long holder, ES at confidence c ({@link expectedShortfall}), ceil4 = rounded UP to 4
 * decimals. The minimum (default 0.0001) keeps a haircut from being exactly 0 on a flat
 * history; the maximum 0.99 keeps it below 1 as market.json requires. Pure.
 */
import { ArgumentError } from "../../errors";
import { expectedShortfall, lossesOf } from "./expected-shortfall";
import { ceilUnits4, units4 } from "./round4";

/** Smallest calibrated haircut (one unit of the 4th decimal). */
export const DEFAULT_MIN_HAIRCUT = 0.0001;
/** Largest calibrated haircut. */
export const MAX_HAIRCUT = 0.99;

export interface HaircutEstimate {
  /** ES of the long loss -R (a double). */
  es: number;
  /** The haircut as units of 0.0001. */
  units: number;
  /** The haircut as market.json carries it ("0.0734"). */
  haircut: string;
}

/** Haircut units (of 0.0001) for an ES of the long loss, with the floor and the cap. */
export function haircutUnits(es: number, minHaircut: number = DEFAULT_MIN_HAIRCUT): number {
  if (!(minHaircut >= 0 && minHaircut <= MAX_HAIRCUT))
    throw new ArgumentError("minHaircut", `must be a number in [0, ${MAX_HAIRCUT}]`);
  return Math.min(Math.max(ceilUnits4(es), ceilUnits4(minHaircut)), ceilUnits4(MAX_HAIRCUT));
}

/** The haircut from a sample of horizon returns `R` at confidence `c`. */
export function haircutFromReturns(
  horizonReturns: ArrayLike<number>,
  c: number,
  minHaircut: number = DEFAULT_MIN_HAIRCUT,
): HaircutEstimate {
  const es = expectedShortfall(
    lossesOf(horizonReturns, (r) => -r),
    c,
  );
  const units = haircutUnits(es, minHaircut);
  return { es, units, haircut: units4(units) };
}
