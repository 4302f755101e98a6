/**
 * The bounds of the SPEC 7.1 integers of a risk table (PROTOCOL section 4), checked on the
 * one assembly path (compiled or parsed): r_g in 0..10000; 0 <= T < 2^64, 0 <= L < 2^100;
 * at most 2 tiers with 0 < A_1 < A_2 < 2^100 and 10000 >= f_1 >= f_2 >= 0. Within them the
 * packed words of PROTOCOL section 6 are injective.
 */
import {
  CONCENTRATION_CHARGE_BITS,
  CONCENTRATION_CHARGE_LIMIT,
  CONCENTRATION_THRESHOLD_BITS,
  CONCENTRATION_THRESHOLD_LIMIT,
  CORRELATION_MAX,
  MAX_TIERS,
  TIER_ABOVE_BITS,
  TIER_ABOVE_LIMIT,
  BPS,
} from "../bounds";
import { RiskTableFields } from "./types";

/** A SPEC 7.1 value whose bound is checked. */
export type FeatureValue =
  | { section: "groups"; index: number; field: "correlationBps" }
  | { section: "instruments"; index: number; field: "liquidityThreshold" | "liquidityCharge" }
  | {
      section: "collateral";
      index: number;
      field: "tiers";
      tier: number;
      key: "aboveUnits" | "factor";
    };

/** Calls `fail(value, rule)` for the first broken bound (which throws). */
export function checkFeatureBounds(
  fields: RiskTableFields,
  fail: (v: FeatureValue, rule: string) => void,
): void {
  fields.groups.forEach((g, index) => {
    const r = g.correlationBps;
    if (!Number.isSafeInteger(r) || r < 0 || BigInt(r) > CORRELATION_MAX)
      fail({ section: "groups", index, field: "correlationBps" }, "correlation must be in [0, 1]");
  });
  fields.instruments.forEach((inst, index) => {
    const at = { section: "instruments", index } as const;
    if (inst.liquidityThreshold < 0n || inst.liquidityThreshold >= CONCENTRATION_THRESHOLD_LIMIT)
      fail(
        { ...at, field: "liquidityThreshold" },
        `concentration threshold must be below 2^${CONCENTRATION_THRESHOLD_BITS} x 1e-8 contracts (about 1.8e11 contracts)`,
      );
    if (inst.liquidityCharge < 0n || inst.liquidityCharge >= CONCENTRATION_CHARGE_LIMIT)
      fail(
        { ...at, field: "liquidityCharge" },
        `concentration charge must be below 2^${CONCENTRATION_CHARGE_BITS} V per 1e-8 contract (about 1.27e8 USD per contract)`,
      );
  });
  fields.collateral.forEach((c, index) => {
    const at = (tier: number, key: "aboveUnits" | "factor"): FeatureValue => ({
      section: "collateral",
      index,
      field: "tiers",
      tier,
      key,
    });
    if (c.tiers.length > MAX_TIERS) fail(at(MAX_TIERS, "aboveUnits"), `at most ${MAX_TIERS} tiers`);
    let above = 0n;
    let factor = BPS;
    c.tiers.forEach((t, tier) => {
      if (t.aboveUnits <= above)
        fail(at(tier, "aboveUnits"), "tier starts must be above 0 and strictly increasing");
      if (t.aboveUnits >= TIER_ABOVE_LIMIT)
        fail(at(tier, "aboveUnits"), `tier start must be below 2^${TIER_ABOVE_BITS} base units`);
      const f = BigInt(t.factor);
      if (!Number.isSafeInteger(t.factor) || f < 0n || f > factor)
        fail(
          at(tier, "factor"),
          "tier factors must be in 0..10000 and non-increasing (haircuts non-decreasing)",
        );
      above = t.aboveUnits;
      factor = f;
    });
  });
}
