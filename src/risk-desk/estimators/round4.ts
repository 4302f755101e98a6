/**
 * Statistics become market.json decimals here: at most 4 decimals, rounded toward safety
 * (scan ranges and haircuts up, correlations and thresholds down). A double within 1e-10 of
 * a multiple of 0.0001 counts as that multiple (so 0.0812 stays "0.0812" despite binary
 * representation), an error far below the statistical error of any estimate.
 */
import { formatScaled } from "../../decimal";

/** Decimals of every calibrated market.json figure. */
export const CALIBRATED_DECIMALS = 4;
const SCALE = 10 ** CALIBRATED_DECIMALS;
const SLACK = 1e-6; // in units of 0.0001, i.e. 1e-10

function format(units: number): string {
  return formatScaled(BigInt(units), CALIBRATED_DECIMALS, CALIBRATED_DECIMALS);
}

/** `x` rounded up to 4 decimals, as units of 0.0001. */
export function ceilUnits4(x: number): number {
  return Math.ceil(x * SCALE - SLACK);
}

/** `x` rounded down to 4 decimals, as units of 0.0001. */
export function floorUnits4(x: number): number {
  return Math.floor(x * SCALE + SLACK);
}

/** `x` rounded up to 4 decimals as a decimal string ("0.0813"). */
export function roundUp4(x: number): string {
  return format(ceilUnits4(x));
}

/** `x` rounded down to 4 decimals as a decimal string. */
export function roundDown4(x: number): string {
  return format(floorUnits4(x));
}

/** Units of 0.0001 as a decimal string with 4 decimals. */
export function units4(units: number): string {
  return format(units);
}
