/**
 * Defaults and limits of the on-chain tools (keeper, attestations). The engine's own
 * parameter bounds (MAX_PROOF_TTL, MAX_GRACE, MAX_KEEPER_REWARD_BPS, ...) live in
 * src/bounds.ts with every other bound; callers import both instead of restating numbers.
 */
import { MAX_PROOF_TTL } from "../bounds";

const DAY = 86_400n;

/** Longest attestation lifetime a venue tool signs for (a year). */
export const MAX_ATTESTATION_LIFETIME = 365n * DAY;

/** Keeper: seconds between rounds by default, and the longest interval. */
export const DEFAULT_KEEPER_INTERVAL = 15n;
export const MAX_KEEPER_INTERVAL = 3600n;
/** Keeper: renew own accounts this many seconds before their validUntil by default. */
export const DEFAULT_RENEW_BEFORE = 600n;
/** Keeper: renewing earlier than a proof's longest life means nothing. */
export const MAX_RENEW_BEFORE = MAX_PROOF_TTL;
