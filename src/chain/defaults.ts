/**
 * Defaults and limits of the on-chain tools (keeper, attestations). The engine's own
 * parameter bounds (MAX_PROOF_TTL, MAX_GRACE, MAX_KEEPER_REWARD_BPS, ...) live in
 * src/bounds.ts with every other bound; callers import both instead of restating numbers.
 */
import { MAX_PROOF_TTL } from "../bounds";
import type { ValidityTier } from "./tiers";
import type { EngineParams } from "./types";

const DAY = 86_400n;

/** Defaults for a development deployment: 1 h proofs, 10 min grace, MM 1.0, IM 1.5, 5 % reward. */
export const DEFAULT_PARAMS: EngineParams = {
  proofTtl: 3600n,
  grace: 600n,
  maintenanceMultiplier: 10000n,
  initialMultiplier: 15000n,
  keeperRewardBps: 500n,
};

/**
 * Validity tiers above tier 0 for a development deployment (the demo's): an account that
 * proves at x2.0 stays valid 4 h after its epoch, at x4.0 12 h, against 1 h at x1.0.
 */
export const DEFAULT_VALIDITY_TIERS: readonly ValidityTier[] = [
  { multiplier: 20000n, ttl: 4n * 3600n },
  { multiplier: 40000n, ttl: 12n * 3600n },
];

/**
 * The liquidation horizon of a development deployment in seconds: proof TTL + grace, the
 * longest an account's last proof can stand while its portfolio loses value before anyone may
 * liquidate it. The risk desk's default horizon (calibration, backtest, stress windows).
 */
export const DEFAULT_LIQUIDATION_HORIZON = Number(DEFAULT_PARAMS.proofTtl + DEFAULT_PARAMS.grace);

/** Longest attestation lifetime a venue tool signs for (a year). */
export const MAX_ATTESTATION_LIFETIME = 365n * DAY;

/** Keeper: seconds between rounds by default, and the longest interval. */
export const DEFAULT_KEEPER_INTERVAL = 15n;
export const MAX_KEEPER_INTERVAL = 3600n;
/** Keeper: renew own accounts this many seconds before their validUntil by default. */
export const DEFAULT_RENEW_BEFORE = 600n;
/** Keeper: renewing earlier than a proof's longest life means nothing. */
export const MAX_RENEW_BEFORE = MAX_PROOF_TTL;
