/**
 * Linear instruments: futures and perpetuals, valued in exact rational arithmetic
 * (PROTOCOL section 3) as `mark x F / P_g` per unit of the underlying: the mark moves one
 * for one with the group price.
 */
import { Decimal, Rational, decimalToRational, mul, rat } from "../decimal";
import { MarketPoint, defineKind } from "./kind";

function linearValue(inst: { mark: Decimal }, at: MarketPoint): Rational {
  const { forward, groupPrice } = at;
  return mul(
    decimalToRational(inst.mark),
    rat(forward.num * groupPrice.den, forward.den * groupPrice.num),
  );
}

/** A dated future. */
export const future = defineKind({ tag: "future", fields: {}, value: linearValue });

/** A perpetual swap (linear, USD-margined). */
export const perpetual = defineKind({ tag: "perpetual", fields: {}, value: linearValue });
