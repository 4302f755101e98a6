/**
 * Tiered validity (SPEC 7.2): the engine's validity tiers, the highest one a portfolio meets
 * and the valid-until a renewal at a tier earns. Pure maths, no I/O and no ethers: the
 * engine's `validityTiers()` return value comes in as `unknown`.
 *
 * Tier 0 is (maintenanceMultiplier, proofTtl); the tiers above have strictly increasing
 * multipliers and non-decreasing TTLs. A renewal names its tier t, is verified at
 * multiplier_t and is valid until max(epochExpiry, epochTimestamp + ttl_t), never below the
 * account's current validUntil.
 */
import {
  MAX_PROOF_TTL,
  MAX_VALIDITY_TIERS,
  MIN_PROOF_TTL,
  MULTIPLIER_MAX,
  MULTIPLIER_MIN,
} from "../bounds";
import { ArgumentError } from "../errors";
import { type SolvencyFigures, solventAt } from "../margin/solvency";

/** One validity tier: a renewal proven at `multiplier` (bps) is valid `ttl` seconds after its epoch's timestamp. */
export interface ValidityTier {
  /** Margin multiplier, basis points (10000 = 1.0x). */
  multiplier: bigint;
  /** Seconds after the epoch's timestamp. */
  ttl: bigint;
}

/** The margin figures a tier is checked against (a MarginResult has them), in V. */
export type TierMargin = SolvencyFigures;

const ARG = "validityTiers";

/** A uint32 view value: a bigint (ethers v6) or a safe non-negative integer number. */
function toUint(value: unknown, where: string): bigint {
  if (typeof value === "bigint") {
    if (value < 0n) throw new ArgumentError(where, `must not be negative (got ${value})`);
    return value;
  }
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new ArgumentError(where, "must be a non-negative integer");
}

/** One entry of the view's array: a [multiplier, ttl] tuple (ethers Result) or an object. */
function entryFields(entry: unknown, i: number): { multiplier: unknown; ttl: unknown } {
  if (Array.isArray(entry)) {
    const fields = entry as unknown[];
    if (fields.length < 2)
      throw new ArgumentError(`${ARG}[${i}]`, "must be a (multiplier, ttl) pair");
    return { multiplier: fields[0], ttl: fields[1] };
  }
  if (typeof entry === "object" && entry !== null && "multiplier" in entry && "ttl" in entry)
    return { multiplier: entry.multiplier, ttl: entry.ttl };
  throw new ArgumentError(`${ARG}[${i}]`, "must be a (multiplier, ttl) pair");
}

/**
 * Turns the engine's `validityTiers()` return value (an ethers Result: an array of
 * [multiplier, ttl] tuples, or objects with `.multiplier` / `.ttl`) into checked tiers, tier 0
 * first. Throws an {@link ArgumentError} naming `validityTiers[i]` (and the field) and the rule
 * broken: tier 0 must exist, at most MAX_VALIDITY_TIERS tiers, multipliers within
 * MULTIPLIER_MIN..MULTIPLIER_MAX and strictly increasing, TTLs within
 * MIN_PROOF_TTL..MAX_PROOF_TTL and non-decreasing.
 */
export function parseValidityTiers(validityTiers: unknown): ValidityTier[] {
  if (!Array.isArray(validityTiers)) throw new ArgumentError(ARG, "must be an array of tiers");
  const raw = validityTiers as unknown[];
  if (raw.length === 0) throw new ArgumentError(ARG, "tier 0 is missing (the list is empty)");
  if (BigInt(raw.length) > MAX_VALIDITY_TIERS)
    throw new ArgumentError(ARG, `at most ${MAX_VALIDITY_TIERS} tiers (got ${raw.length})`);
  const tiers: ValidityTier[] = [];
  raw.forEach((entry, i) => {
    const fields = entryFields(entry, i);
    const multiplier = toUint(fields.multiplier, `${ARG}[${i}].multiplier`);
    const ttl = toUint(fields.ttl, `${ARG}[${i}].ttl`);
    if (multiplier < MULTIPLIER_MIN || multiplier > MULTIPLIER_MAX)
      throw new ArgumentError(
        `${ARG}[${i}].multiplier`,
        `must lie in ${MULTIPLIER_MIN}..${MULTIPLIER_MAX} bps (got ${multiplier})`,
      );
    if (ttl < MIN_PROOF_TTL || ttl > MAX_PROOF_TTL)
      throw new ArgumentError(
        `${ARG}[${i}].ttl`,
        `must lie in ${MIN_PROOF_TTL}..${MAX_PROOF_TTL} s (got ${ttl})`,
      );
    const below = tiers[i - 1];
    if (below && multiplier <= below.multiplier)
      throw new ArgumentError(
        `${ARG}[${i}].multiplier`,
        `must be strictly above tier ${i - 1}'s ${below.multiplier} bps (got ${multiplier})`,
      );
    if (below && ttl < below.ttl)
      throw new ArgumentError(
        `${ARG}[${i}].ttl`,
        `must not be below tier ${i - 1}'s ${below.ttl} s (got ${ttl})`,
      );
    tiers.push({ multiplier, ttl });
  });
  return tiers;
}

/**
 * The highest tier index whose multiplier the portfolio meets with the circuit's check
 * ({@link solventAt}), or null when not even tier 0 is met. `margin` is the margin report
 * (computeMargin's result at any multiplier: equity and MM do not depend on it); `tiers` as
 * {@link parseValidityTiers} returns them. A zero MM meets every tier (when equity >= 0).
 */
export function pickTier(margin: TierMargin, tiers: readonly ValidityTier[]): number | null {
  for (let t = tiers.length - 1; t >= 0; t--) if (solventAt(margin, tiers[t].multiplier)) return t;
  return null;
}

/**
 * When a renewal at `tier` against `epoch` leaves the account valid: max(epoch expiry,
 * epoch timestamp + tier ttl, `current`), `current` being the account's validUntil now (a
 * renewal never shortens validity). Seconds.
 */
export function tierValidUntil(
  tier: ValidityTier,
  epoch: { timestamp: bigint; expiry: bigint },
  current: bigint,
): bigint {
  let until = epoch.expiry;
  const byTtl = epoch.timestamp + tier.ttl;
  if (byTtl > until) until = byTtl;
  if (current > until) until = current;
  return until;
}
