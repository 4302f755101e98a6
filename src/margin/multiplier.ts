/** The margin multiplier M of a solvency check, parsed from a decimal ("1.0", "1.25"). */
import { InputError } from "../errors";
import { parseDecimal, decimalToScaled } from "../decimal";
import { MULTIPLIER_DECIMALS, MULTIPLIER_MAX, MULTIPLIER_MIN } from "../bounds";

/**
 * Parses a margin multiplier ("1.0", "1.25") into basis points: 1.0..100.0, at most
 * 4 decimals. Throws {@link InputError} naming `source`, the thing the value came from (the
 * CLI passes its flag, e.g. "--multiplier").
 */
export function parseMultiplier(s: string, source = "multiplier"): bigint {
  const d = parseDecimal(s);
  if (!d) throw new InputError(source, s, 'malformed decimal (expected e.g. "1.0" or "1.25")');
  const bps = decimalToScaled(d, MULTIPLIER_DECIMALS);
  if (bps === undefined)
    throw new InputError(
      source,
      s,
      `more than ${MULTIPLIER_DECIMALS} decimals (1 basis point is the smallest unit)`,
    );
  if (bps < MULTIPLIER_MIN || bps > MULTIPLIER_MAX)
    throw new InputError(source, s, "must be in 1.0..100.0");
  return bps;
}
