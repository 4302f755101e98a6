/**
 * The calibration as market.json: the fragment of calibrated fields, and a full market.json
 * with them merged in. Besides psr, vsr and haircuts, the fragment carries the SPEC 7.1
 * fields the calibration estimated: groups' `correlation`, tokens' `tiers` and instruments'
 * `concentration` (each only where estimated; a fragment without them is v1's).
 */
import { z } from "zod";
import {
  type Rational,
  cmp,
  decimalToRational,
  formatRational,
  formatScaled,
  parseDecimal,
} from "../../decimal";
import {
  closedUnitInterval,
  decimal,
  identifier,
  missingOr,
  nonNegative,
  parseWith,
  positive,
  unitInterval,
  version,
} from "../../format";
import { type Market, parseMarket } from "../../schema";
import type { Calibration } from "./types";

/** A haircut tier as market.json writes it (SPEC 7.1). */
export interface FragmentTier {
  above: string;
  haircut: string;
}

/**
 * The calibrated fields (calibrated entries only): groups' psr, vsr and correlation,
 * collateral haircuts and tiers, instruments' concentration add-ons.
 */
export interface CalibrationFragment {
  version: 1;
  groups: { id: string; psr: string; vsr: string; correlation?: string }[];
  collateral: { symbol: string; haircut: string; tiers?: FragmentTier[] }[];
  /** Present when some instrument's concentration add-on was estimated. */
  instruments?: { id: string; concentration: { threshold: string; charge: string } }[];
}

/** A decimal string kept as written, checked by `check`. */
const kept = (check: Parameters<typeof decimal>[0]) =>
  z.string({ errorMap: missingOr("must be a decimal string") }).superRefine((s, ctx) => {
    const r = decimal(check).safeParse(s);
    if (!r.success)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error.issues[0].message });
  });

/** A fraction in [0, 1) kept as the decimal string written (it goes back into market.json). */
const fraction = kept(unitInterval);

const fragmentSchema = z
  .object({
    version,
    groups: z.array(
      z
        .object({
          id: identifier,
          psr: fraction,
          vsr: fraction,
          correlation: kept(closedUnitInterval).optional(),
        })
        .strict(),
      { errorMap: missingOr("must be an array") },
    ),
    collateral: z.array(
      z
        .object({
          symbol: identifier,
          haircut: fraction,
          tiers: z
            .array(z.object({ above: kept(positive), haircut: fraction }).strict())
            .optional(),
        })
        .strict(),
      { errorMap: missingOr("must be an array") },
    ),
    instruments: z
      .array(
        z
          .object({
            id: identifier,
            concentration: z
              .object({ threshold: kept(nonNegative), charge: kept(nonNegative) })
              .strict(),
          })
          .strict(),
      )
      .optional(),
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

/** The larger of two decimal strings (as written). */
function atLeast(a: string, b: string): string {
  const [x, y] = [parseDecimal(a), parseDecimal(b)];
  return x && y && cmp(decimalToRational(y), decimalToRational(x)) > 0 ? b : a;
}

/** A market.json file's JSON value. */
export type MarketJson = Record<string, unknown>;

/** The fragment of `c`: only entries estimated from a history (SPEC 7.1 fields where estimated). */
export function calibrationFragment(c: Calibration): CalibrationFragment {
  const instruments = c.instruments.flatMap((i) =>
    i.concentration ? [{ id: i.id, concentration: { ...i.concentration } }] : [],
  );
  return {
    version: 1,
    groups: c.groups
      .filter((g) => g.calibrated)
      .map(({ id, psr, vsr, correlation }) => ({
        id,
        psr,
        vsr,
        ...(correlation !== null ? { correlation } : {}),
      })),
    collateral: c.collateral
      .filter((x) => x.calibrated)
      .map(({ symbol, haircut, tiers }) => ({
        symbol,
        haircut,
        ...(tiers && tiers.length > 0 ? { tiers: tiers.map((t) => ({ ...t })) } : {}),
      })),
    ...(instruments.length > 0 ? { instruments } : {}),
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
 * `market` with the calibrated fields of `c` in place (psr, vsr, correlation; haircut,
 * tiers; concentration: entries without a history keep theirs), as market.json JSON,
 * validated by {@link parseMarket} (errors name `source`). A token whose haircut is
 * calibrated but whose tiers are not keeps its tiers, each raised to at least the new haircut.
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
    return f ? { ...g, ...f } : g;
  });
  const collateral = (json.collateral as Record<string, unknown>[]).map((x) => {
    const f = frag.collateral.find((y) => y.symbol === x.symbol);
    if (!f) return x;
    const kept = x.tiers as FragmentTier[] | undefined;
    const tiers = f.tiers ?? kept?.map((t) => ({ ...t, haircut: atLeast(t.haircut, f.haircut) }));
    return { ...x, haircut: f.haircut, ...(tiers ? { tiers } : {}) };
  });
  const instruments = (json.instruments as Record<string, unknown>[]).map((i) => {
    const f = frag.instruments?.find((y) => y.id === i.id);
    return f ? { ...i, concentration: f.concentration } : i;
  });
  const merged = { ...json, groups, collateral, instruments };
  parseMarket(merged, source);
  return merged;
}
