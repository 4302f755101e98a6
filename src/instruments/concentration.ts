/**
 * The concentration (liquidity) add-on of an instrument (SPEC 7.1,
 * `instruments[].concentration`): the part of |q| above `threshold` contracts pays `charge`
 * USD per contract on top of the maintenance margin. Common to every instrument kind.
 */
import { z } from "zod";
import { ceilRat, decimalToRational, decimalToScaled, mul, pow10, rat, Decimal } from "../decimal";
import { PER_CONTRACT_DECIMALS, Q_DECIMALS } from "../bounds";
import { decimal, maxDecimals, missingOr, nonNegative } from "../format";

/** `{ "threshold": "<contracts>", "charge": "<USD per contract>" }`, both >= 0. */
export const concentrationSchema = z
  .object(
    {
      threshold: decimal(
        maxDecimals(Q_DECIMALS, "1e-8 contract is the smallest unit", nonNegative),
      ),
      charge: decimal(nonNegative),
    },
    { errorMap: missingOr('must be an object { "threshold", "charge" }') },
  )
  .strict();

/** A validated `concentration` entry. */
export type MarketConcentration = z.output<typeof concentrationSchema>;

/** T = threshold in 1e-8 contracts (exact; the schema allows at most 8 decimals). */
export function thresholdUnits(threshold: Decimal): bigint {
  const t = decimalToScaled(threshold, Q_DECIMALS);
  if (t === undefined) throw new RangeError("threshold has more than 8 decimals");
  return t;
}

/** L = charge in V per 1e-8 contract = ceil(charge x 10^22). */
export function chargeUnits(charge: Decimal): bigint {
  return ceilRat(mul(decimalToRational(charge), rat(pow10(PER_CONTRACT_DECIMALS))));
}
