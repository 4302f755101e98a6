/**
 * The calibration as market.json: the fragment of calibrated v1 fields, and a full market.json
 * with them merged in. The v2 fields (correlation, tiers, concentration; SPEC 7.1) are not
 * in the market.json schema yet (issue 14): they stay in the report until then.
 */
import { z } from "zod";
import { type Rational, formatRational, formatScaled } from "../../decimal";
import { decimal, identifier, missingOr, parseWith, unitInterval, version } from "../../format";
import { type Market, parseMarket } from "../../schema";
import type { Calibration } from "./types";

/** The calibrated v1 fields: groups' psr and vsr, collateral haircuts (calibrated entries only). */
export interface CalibrationFragment {
  version: 1;
  groups: { id: string; psr: string; vsr: string }[];
  collateral: { symbol: string; haircut: string }[];
}

/** A fraction in [0, 1) kept as the decimal string written (it goes back into market.json). */
const fraction = z
  .string({ errorMap: missingOr("must be a decimal string") })
  .superRefine((s, ctx) => {
    const r = decimal(unitInterval).safeParse(s);
    if (!r.success)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error.issues[0].message });
  });

const fragmentSchema = z
  .object({
    version,
    groups: z.array(z.object({ id: identifier, psr: fraction, vsr: fraction }).strict(), {
      errorMap: missingOr("must be an array"),
    }),
    collateral: z.array(z.object({ symbol: identifier, haircut: fraction }).strict(), {
      errorMap: missingOr("must be an array"),
    }),
  })
  .strict();

/**
 * Validates a parsed fragment.json (what `risk calibrate -o` writes; the risk oracle applies
 * it): throws {@link InputError} naming `file` and the field.
 */
export function parseCalibrationFragment(
  json: unknown,
  file = "fragment.json",
): CalibrationFragment {
  return parseWith(fragmentSchema, json, file);
}

/** A market.json file's JSON value. */
export type MarketJson = Record<string, unknown>;

/** The fragment of `c`: only entries estimated from a history. */
export function calibrationFragment(c: Calibration): CalibrationFragment {
  return {
    version: 1,
    groups: c.groups.filter((g) => g.calibrated).map(({ id, psr, vsr }) => ({ id, psr, vsr })),
    collateral: c.collateral
      .filter((x) => x.calibrated)
      .map(({ symbol, haircut }) => ({ symbol, haircut })),
  };
}

function isDecimal(v: object): v is { units: bigint; scale: number } {
  const o = v as Record<string, unknown>;
  return Object.keys(o).length === 2 && typeof o.units === "bigint" && typeof o.scale === "number";
}

function isRational(v: object): v is Rational {
  const o = v as Record<string, unknown>;
  return Object.keys(o).length === 2 && typeof o.num === "bigint" && typeof o.den === "bigint";
}

/** A validated market back as market.json JSON (decimals exactly as parsed). */
export function marketToJson(market: Market): MarketJson {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    if (isDecimal(v)) return formatScaled(v.units, v.scale);
    if (isRational(v)) return formatRational(v);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(market) as MarketJson;
}

/**
 * `market` with the calibrated psr, vsr and haircuts of `c` (entries without a history keep
 * theirs), as market.json JSON, validated by {@link parseMarket} (errors name `source`).
 */
export function mergeCalibration(
  market: Market,
  c: Calibration,
  source = "merged market.json",
): MarketJson {
  const json = marketToJson(market);
  const frag = calibrationFragment(c);
  const groups = (json.groups as Record<string, unknown>[]).map((g) => {
    const f = frag.groups.find((x) => x.id === g.id);
    return f ? { ...g, psr: f.psr, vsr: f.vsr } : g;
  });
  const collateral = (json.collateral as Record<string, unknown>[]).map((x) => {
    const f = frag.collateral.find((y) => y.symbol === x.symbol);
    return f ? { ...x, haircut: f.haircut } : x;
  });
  const merged = { ...json, groups, collateral };
  parseMarket(merged, source);
  return merged;
}
