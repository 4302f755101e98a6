/**
 * risk.json's SPEC 7.1 fields, written only when a table uses the feature (a v1 table's file
 * is byte for byte v1's): per group `correlation` + `correlationBps`; per instrument
 * `concentration` + `liquidityThreshold` + `liquidityCharge`; per collateral slot `haircut`
 * + `tiers`. The integers are bound by the roots; the decimals beside them are checked to
 * give exactly those integers (PROTOCOL section 3), so neither can be edited alone.
 */
import { z } from "zod";
import { MAX_TIERS, TIER_ABOVE_LIMIT } from "../bounds";
import { Decimal, decimalToRational, decimalToScaled, formatScaled } from "../decimal";
import {
  closedUnitInterval,
  decimal,
  integer,
  maxDecimals,
  nonNegative,
  positive,
  uintString,
  unitInterval,
} from "../format";
import { chargeUnits, thresholdUnits } from "../instruments";
import { correlationBps, normalized, tierFactor } from "./features";
import { RiskCollateral, RiskGroup, RiskInstrument } from "./types";

type Fail = (path: Array<string | number>, rule: string) => never;

// ---------------------------------------------------------------- writing

/** The group's SPEC 7.1 keys (none without a correlation). */
export function groupFeaturesJson(g: RiskGroup): Record<string, unknown> {
  if (g.correlation === undefined && g.correlationBps === 0) return {};
  return {
    correlation: g.correlation ?? formatScaled(BigInt(g.correlationBps), 4),
    correlationBps: g.correlationBps,
  };
}

/** The instrument's SPEC 7.1 keys (none without concentration data). */
export function instrumentFeaturesJson(i: RiskInstrument): Record<string, unknown> {
  if (!i.concentration && i.liquidityThreshold === 0n && i.liquidityCharge === 0n) return {};
  return {
    concentration: i.concentration ?? {
      threshold: formatScaled(i.liquidityThreshold, 8),
      charge: formatScaled(i.liquidityCharge, 22),
    },
    liquidityThreshold: i.liquidityThreshold.toString(),
    liquidityCharge: i.liquidityCharge.toString(),
  };
}

/** The slot's SPEC 7.1 keys (none without tiers). */
export function collateralFeaturesJson(c: RiskCollateral): Record<string, unknown> {
  if (c.tiers.length === 0) return {};
  return {
    haircut: c.haircut,
    tiers: c.tiers.map((t) => ({
      above: t.above,
      haircut: t.haircut,
      aboveUnits: t.aboveUnits.toString(),
      factor: t.factor,
    })),
  };
}

// ---------------------------------------------------------------- reading

const correlationDecimal = decimal(maxDecimals(4, "1 basis point", closedUnitInterval));

/** Zod fields of a risk.json group entry. */
export const groupFeatureShape = {
  correlation: correlationDecimal.optional(),
  correlationBps: integer(0, 10000).optional(),
};

/** Zod fields of a risk.json instrument entry. */
export const instrumentFeatureShape = {
  concentration: z
    .object({
      threshold: decimal(maxDecimals(8, "1e-8 contract", nonNegative)),
      charge: decimal(nonNegative),
    })
    .strict()
    .optional(),
  liquidityThreshold: uintString.optional(),
  liquidityCharge: uintString.optional(),
};

const tierJson = z
  .object({
    above: decimal(positive),
    haircut: decimal(unitInterval),
    aboveUnits: uintString,
    factor: integer(0, 10000),
  })
  .strict();

/** Zod fields of a risk.json collateral entry. */
export const collateralFeatureShape = {
  haircut: decimal(unitInterval).optional(),
  tiers: z.array(tierJson).min(1).max(MAX_TIERS).optional(),
};

/** Keys present together or not at all. */
function together(present: boolean[], path: Array<string | number>, what: string, fail: Fail) {
  if (present.some((p) => p) && !present.every((p) => p)) fail(path, `${what} come together`);
  return present[0];
}

/** A group's r_g, checked against its decimal. */
export function groupFeatures(
  g: { correlation?: Decimal; correlationBps?: number },
  index: number,
  fail: Fail,
): Pick<RiskGroup, "correlation" | "correlationBps"> {
  const path = ["groups", index, "correlationBps"];
  const on = together(
    [g.correlation !== undefined, g.correlationBps !== undefined],
    path,
    "correlation and correlationBps",
    fail,
  );
  if (!on || !g.correlation) return { correlationBps: 0 };
  if (correlationBps(g.correlation) !== g.correlationBps)
    fail(path, "does not match correlation (rho x 10^4)");
  return { correlation: normalized(g.correlation), correlationBps: correlationBps(g.correlation) };
}

/** An instrument's T and L, checked against their decimals. */
export function instrumentFeatures(
  x: {
    concentration?: { threshold: Decimal; charge: Decimal };
    liquidityThreshold?: string;
    liquidityCharge?: string;
  },
  index: number,
  fail: Fail,
): Pick<RiskInstrument, "concentration" | "liquidityThreshold" | "liquidityCharge"> {
  const at = (f: string) => ["instruments", index, f];
  const on = together(
    [
      x.concentration !== undefined,
      x.liquidityThreshold !== undefined,
      x.liquidityCharge !== undefined,
    ],
    at("concentration"),
    "concentration, liquidityThreshold and liquidityCharge",
    fail,
  );
  const c = x.concentration;
  if (!on || !c) return { liquidityThreshold: 0n, liquidityCharge: 0n };
  const T = thresholdUnits(c.threshold);
  const L = chargeUnits(c.charge);
  if (BigInt(x.liquidityThreshold ?? "") !== T)
    fail(at("liquidityThreshold"), "does not match concentration.threshold (x 10^8)");
  if (BigInt(x.liquidityCharge ?? "") !== L)
    fail(at("liquidityCharge"), "does not match concentration.charge (x 10^22, rounded up)");
  return {
    concentration: { threshold: normalized(c.threshold), charge: normalized(c.charge) },
    liquidityThreshold: T,
    liquidityCharge: L,
  };
}

/** A slot's tiers, each A_t and f_t checked against the decimals and the base haircut. */
export function collateralFeatures(
  c: {
    decimals: number;
    haircut?: Decimal;
    tiers?: Array<{ above: Decimal; haircut: Decimal; aboveUnits: string; factor: number }>;
  },
  index: number,
  fail: Fail,
): Pick<RiskCollateral, "haircut" | "tiers"> {
  const on = together(
    [c.haircut !== undefined, c.tiers !== undefined],
    ["collateral", index, "tiers"],
    "haircut and tiers",
    fail,
  );
  if (!on || !c.haircut || !c.tiers) return { tiers: [] };
  const h0 = decimalToRational(c.haircut);
  return {
    haircut: normalized(c.haircut),
    tiers: c.tiers.map((t, i) => {
      const at = (f: string) => ["collateral", index, "tiers", i, f];
      const units = decimalToScaled(t.above, c.decimals);
      if (units === undefined || units >= TIER_ABOVE_LIMIT || BigInt(t.aboveUnits) !== units)
        fail(at("aboveUnits"), "does not match above x 10^decimals");
      const f = tierFactor(h0, decimalToRational(t.haircut));
      if (f > 10000 || t.factor !== f)
        fail(at("factor"), "does not match floor(10000 (1 - haircut) / (1 - the slot's haircut))");
      return {
        above: normalized(t.above),
        haircut: normalized(t.haircut),
        aboveUnits: BigInt(t.aboveUnits),
        factor: t.factor,
      };
    }),
  };
}
