/**
 * Concentration (liquidity) add-on of an instrument from its group's volume (SPEC 7.1
 * `instruments[].concentration`). A position beyond a share of what the market trades in a
 * day cannot be closed within the liquidation horizon:
 *
 *   threshold = floor4( f x ADV_g / multiplier )                  contracts (default f = 0.1)
 *   e         = (f / p) days                                      the time to trade the
 *                                                                 threshold amount at
 *                                                                 participation p (10% ADV/day)
 *   charge    = ceil4( notional x max(0, ES_c(|R| over n + e) - ES_c(|R| over n)) )
 *                                                                 USD per contract
 *
 * ADV_g the group's average daily volume in units of the underlying, n the liquidation horizon
 * in bars, R the group's FHS horizon return (ES of |R|: a concentrated position may be long or
 * short), notional = mark x multiplier for futures and perpetuals and group price x multiplier
 * for options (the underlying's notional, an upper bound of the option's delta exposure): each
 * contract beyond the threshold bears the extra price risk of the longer liquidation. Pure.
 */
import { ArgumentError } from "../../errors";
import { ceilUnits4, floorUnits4, units4 } from "./round4";

/** Concentration threshold as a share of the group's ADV. */
export const DEFAULT_CONCENTRATION_FRACTION = 0.1;

export interface Concentration {
  /** Contracts (decimal string, 4 decimals). */
  threshold: string;
  /** USD per contract beyond the threshold (decimal string, 4 decimals). */
  charge: string;
}

/**
 * The concentration add-on of one instrument; undefined when the group has no volume (a
 * threshold of 0 would charge every contract).
 */
export function concentrationFor(
  adv: number,
  fraction: number,
  multiplier: number,
  notional: number,
  esHorizon: number,
  esLonger: number,
): Concentration | undefined {
  if (!(fraction > 0)) throw new ArgumentError("concentrationFraction", "must be positive");
  if (!(multiplier > 0)) throw new ArgumentError("multiplier", "must be positive");
  const threshold = floorUnits4((fraction * adv) / multiplier);
  if (!(threshold > 0)) return undefined;
  const charge = ceilUnits4(notional * Math.max(0, esLonger - esHorizon));
  return { threshold: units4(threshold), charge: units4(charge) };
}
