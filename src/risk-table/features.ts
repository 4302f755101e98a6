/**
 * The SPEC 7.1 data of the risk table, compiled from their decimals (market.json) into the
 * integers the risk root binds (PROTOCOL section 3): r_g (correlation, basis points), T_i and
 * L_i (concentration add-on), A_t and f_t (haircut tiers). risk.json recomputes the same
 * integers from its recorded decimals to check them. Absent data gives the v1 defaults
 * (r = T = L = 0, no tiers).
 */
import { BPS, CORRELATION_DECIMALS } from "../bounds";
import {
  Decimal,
  Rational,
  decimalToRational,
  decimalToScaled,
  div,
  floorRat,
  formatRational,
  mul,
  rat,
  sub,
  ONE,
} from "../decimal";
import { chargeUnits, thresholdUnits, MarketConcentration } from "../instruments";
import { RiskCollateral, RiskInstrument, RiskTier } from "./types";

/** A decimal normalized as risk.json records it ("0.60" -> "0.6"). */
export function normalized(d: Decimal): string {
  return formatRational(decimalToRational(d));
}

/** r_g = rho_g x 10^4 (exact: the schema allows at most 4 decimals). */
export function correlationBps(rho: Decimal): number {
  const r = decimalToScaled(rho, CORRELATION_DECIMALS);
  if (r === undefined) throw new RangeError("correlation has more than 4 decimals");
  return Number(r);
}

/** f_t = floor(10000 (1 - h_t) / (1 - h_0)), basis points (h_0 < 1). */
export function tierFactor(baseHaircut: Rational, tierHaircut: Rational): number {
  return Number(floorRat(mul(rat(BPS), div(sub(ONE, tierHaircut), sub(ONE, baseHaircut)))));
}

/** An instrument's concentration fields: decimals and T, L (0, 0 without). */
export function compileConcentration(
  c: MarketConcentration | undefined,
): Pick<RiskInstrument, "concentration" | "liquidityThreshold" | "liquidityCharge"> {
  if (!c) return { liquidityThreshold: 0n, liquidityCharge: 0n };
  return {
    concentration: { threshold: normalized(c.threshold), charge: normalized(c.charge) },
    liquidityThreshold: thresholdUnits(c.threshold),
    liquidityCharge: chargeUnits(c.charge),
  };
}

/**
 * A token's tiers: A_t = above x 10^decimals (exact; the schema checked the decimals) and
 * f_t; with the base haircut recorded beside them. No tiers: `tiers` is [].
 */
export function compileTiers(
  haircut: Decimal,
  decimals: number,
  tiers: ReadonlyArray<{ above: Decimal; haircut: Decimal }> | undefined,
): Pick<RiskCollateral, "haircut" | "tiers"> {
  if (!tiers || tiers.length === 0) return { tiers: [] };
  const h0 = decimalToRational(haircut);
  return {
    haircut: normalized(haircut),
    tiers: tiers.map((t): RiskTier => {
      const aboveUnits = decimalToScaled(t.above, decimals);
      if (aboveUnits === undefined) throw new RangeError("tier above has too many decimals");
      return {
        above: normalized(t.above),
        haircut: normalized(t.haircut),
        aboveUnits,
        factor: tierFactor(h0, decimalToRational(t.haircut)),
      };
    }),
  };
}
