/**
 * Every bound of PROTOCOL section 4 (and SPEC section 3) in one place: the widths, caps and
 * multiplier bounds of the circuit and the engine. The circuits carry the same numbers as
 * constant functions in circuits/bounds.circom, the contracts in contracts/libraries/Bounds.sol;
 * test/sdk/bounds-agreement.test.ts fails when the three disagree.
 */

// ---------------------------------------------------------------- widths (bits)

/** abs(q) < 2^64 (q in 1e-8 contracts); the circuit decomposes abs(q) into 64 bits. */
export const Q_BITS = 64;
export const Q_LIMIT = 1n << BigInt(Q_BITS);
/** abs(cost basis), abs(cash) < 2^200 (V); bound by the commitment (SDK check). */
export const CASH_BITS = 200;
export const CASH_LIMIT = 1n << BigInt(CASH_BITS);
/** 0 <= collateral amount < 2^100 (token base units); the engine's MAX_AMOUNT. */
export const AMOUNT_BITS = 100;
export const AMOUNT_LIMIT = 1n << BigInt(AMOUNT_BITS);
/**
 * Balances are packed two per word, `a[2i] + 2^AMOUNT_PACK_SHIFT * a[2i+1]` (PROTOCOL
 * section 6); injective because every amount is below 2^AMOUNT_BITS.
 */
export const AMOUNT_PACK_SHIFT = AMOUNT_BITS;
/**
 * Coverage bound of the circuit input: every abs(req_{g,s}) < 2^150 V (1.4e15 USD, more than
 * the gross notional of all OTC derivatives outstanding). Not a circuit check: it sizes the
 * witness comparisons (PROTOCOL section 4); the SDK refuses a circuit input beyond it.
 */
export const REQ_COVERAGE_BITS = 150;
export const REQ_COVERAGE_LIMIT = 1n << BigInt(REQ_COVERAGE_BITS);
/** 0 <= per-group witness w_g < 2^150 (= the coverage bound). */
export const WITNESS_BITS = REQ_COVERAGE_BITS;
export const WITNESS_LIMIT = 1n << BigInt(WITNESS_BITS);
/** abs(cash - sum_i c_i) < 2^205, range checked in the circuit (17 values below 2^200). */
export const CASH_SUM_BITS = 205;
/**
 * abs(mark), abs(R), abs(floor) < 2^100 (V per 1e-8 contract); mark, floor >= 0. Not checked
 * in the circuit: bound by the risk root to a table the SDK validated.
 */
export const TABLE_BITS = 100;
export const TABLE_LIMIT = 1n << BigInt(TABLE_BITS);
/** 0 <= unit value U < 2^120 (V per base unit). Bound by the risk root, like TABLE_BITS. */
export const UNIT_VALUE_BITS = 120;
export const UNIT_VALUE_LIMIT = 1n << BigInt(UNIT_VALUE_BITS);
/** w_g - req_{g,s} range checked in the circuit: [0, 2^151). */
export const WITNESS_SLACK_BITS = WITNESS_BITS + 1;
/**
 * 10000*Equity - M*W and 10000*Equity - M*Floor range checked: [0, 2^238) (abs(Equity) <
 * 2^224); Equity >= 0 follows from them.
 */
export const SOLVENCY_SLACK_BITS = 238;
/** M - MULTIPLIER_MIN and MULTIPLIER_MAX - M range checked: [0, 2^20) (990000 < 2^20). */
export const MULTIPLIER_RANGE_BITS = 20;
/**
 * Widest range check of the circuit (RangeCheck, GreaterEq, SignedAbs): a decomposition
 * into at most 252 bits is unique and cannot alias modulo p (p > 2^253).
 */
export const MAX_RANGE_BITS = 252;
/** nonce < 2^64. */
export const NONCE_BITS = 64;
export const NONCE_LIMIT = 1n << BigInt(NONCE_BITS);

// ---------------------------------------------------------------- multiplier

/** Margin multiplier in basis points: 10000 <= M <= 1000000 (1.0x to 100x). */
export const BPS = 10000n;
export const MULTIPLIER_MIN = 10000n;
export const MULTIPLIER_MAX = 1000000n;

// ---------------------------------------------------------------- caps of an instance

/**
 * Largest N (position slots): Poseidon(N) takes at most 16 inputs, and the derived bounds of
 * PROTOCOL section 4 (Floor < 2^168, abs(NLV) < 2^205) assume N <= 16.
 */
export const MAX_POSITION_SLOTS = 16;
/**
 * Largest K (collateral slots): the engine stores and hashes ceil(K/2) <= 4 packed balance
 * words (circomlibjs Poseidon contracts exist for at most 6 inputs).
 */
export const MAX_COLLATERAL_SLOTS = 8;
/** Largest G (risk groups): the derived bounds of PROTOCOL section 4 (W < 2^152) assume G <= 4. */
export const MAX_GROUPS = 4;
/** Number of scenarios S (PROTOCOL section 5). */
export const SCENARIOS = 16;
/** Largest instrument tree depth the SDK builds (leaf indices are JS numbers). */
export const MAX_TREE_DEPTH = 32;

// ---------------------------------------------------------------- engine parameters

/** Largest keeper reward, basis points (the engine's setParams). */
export const MAX_KEEPER_REWARD_BPS = 1000n;
/** Shortest proof lifetime, seconds. */
export const MIN_PROOF_TTL = 60n;
/** Longest proof lifetime, seconds (30 days). */
export const MAX_PROOF_TTL = 30n * 86400n;
/** Longest grace period, seconds (7 days). */
export const MAX_GRACE = 7n * 86400n;
/** Largest step between consecutive epoch numbers. */
export const MAX_EPOCH_STEP = 1n << 32n;

// ---------------------------------------------------------------- units

/** Decimals of the protocol units (PROTOCOL section 3). */
export const V_DECIMALS = 30; // 1 V = 1e-30 USD
export const Q_DECIMALS = 8; // q in 1e-8 contracts
export const PER_CONTRACT_DECIMALS = 22; // V per 1e-8 contract = USD x 1e22 per contract
export const MULTIPLIER_DECIMALS = 4; // basis points
/** Token decimals allowed in market.json. */
export const MAX_TOKEN_DECIMALS = 36;
/** Seconds per year in T = (expiry - timestamp) / 31,536,000. */
export const SECONDS_PER_YEAR = 31536000;
/** Seconds per day (DTE of the tenor-scaled volatility shock; the risk desk's days). */
export const SECONDS_PER_DAY = 86400;
