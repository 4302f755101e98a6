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
/** A remainder below 10000 < 2^14: the Scan ceiling's slack, e_j's floor division. */
export const BPS_BITS = 14;
/**
 * Coverage bound on equity: the SDK builds a circuit input only for Equity < 2^150 V (1.4e15
 * USD). Not a circuit check: it sizes the final comparisons.
 */
export const EQUITY_COVERAGE_BITS = 150;
export const EQUITY_COVERAGE_LIMIT = 1n << BigInt(EQUITY_COVERAGE_BITS);
/**
 * 10000*Equity - M*(Scan + Liquidity) and 10000*Equity - M*(Floor + Liquidity) range checked:
 * [0, 2^164) (10000 * Equity < 2^14 * 2^150); Equity >= 0 follows from them.
 */
export const SOLVENCY_SLACK_BITS = EQUITY_COVERAGE_BITS + BPS_BITS;
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
/** Largest number of validity tiers (multiplier, TTL); tier 0 is (maintenance multiplier, proofTtl). */
export const MAX_VALIDITY_TIERS = 4n;

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

// ---------------------------------------------------------------- margin model v2 (SPEC 7.1)
// Issue 14: the correlation offsets, the concentration add-on and the tiered haircuts are
// packed into words the v1 layouts already hash (PROTOCOL section 6); absent data gives
// exactly the v1 word, so a v1 market keeps its risk root. src/risk-table/layout.ts builds
// the words from these constants.

/** Instrument leaf `groupWord = g + 2^8 T + 2^74 L`: T starts above the group index (g < G <= 4 < 2^8). */
export const GROUP_WORD_THRESHOLD_SHIFT = 8;
/**
 * ... and L 66 bits above T (8 + 66 = 74): the circuit bounds T only to (-2^64, 2^65), fewer
 * than 2^66 values, through its excess check; groupWord < 2^(74+100) = 2^174 < p.
 */
export const GROUP_WORD_CHARGE_SHIFT = 74;
/** Concentration threshold T_i, 1e-8 contracts: 0 <= T < 2^64 (the width of abs(q)). */
export const CONCENTRATION_THRESHOLD_BITS = 64;
export const CONCENTRATION_THRESHOLD_LIMIT = 1n << BigInt(CONCENTRATION_THRESHOLD_BITS);
/** Concentration charge L_i, V per 1e-8 contract: 0 <= L < 2^100 (like a floor, TABLE_BITS). */
export const CONCENTRATION_CHARGE_BITS = 100;
export const CONCENTRATION_CHARGE_LIMIT = 1n << BigInt(CONCENTRATION_CHARGE_BITS);
/** Collateral leaf `tagWord = tag + 2^8 f_1 + 2^22 f_2 + 2^36 D_1 + 2^138 D_2`: f_1 above the tag (tag <= G < 2^8). */
export const TAG_WORD_FACTOR1_SHIFT = 8;
/** ... f_2 above f_1 (8 + 14 = 22). */
export const TAG_WORD_FACTOR2_SHIFT = 22;
/** ... D_1 = 2^100 - A_1 above f_2 (22 + 14 = 36). */
export const TAG_WORD_DISTANCE1_SHIFT = 36;
/**
 * ... D_2 = 2^100 - A_2 102 bits above D_1 (36 + 102 = 138): the circuit bounds D_t only to
 * [-2^100 - 1, 2^101), fewer than 2^102 values, through its tier comparison; tagWord < 2^238 < p.
 */
export const TAG_WORD_DISTANCE2_SHIFT = 138;
/** Tier factor f_t = floor(10000 (1 - h_t) / (1 - h_0)), basis points: 0 <= f_t <= 10000 < 2^14. */
export const TIER_FACTOR_BITS = 14;
/** Tier start A_t, base units: 0 < A_t < 2^100 (the width of an amount); an absent tier is A_t = 2^100 (D_t = 0). */
export const TIER_ABOVE_BITS = 100;
export const TIER_ABOVE_LIMIT = 1n << BigInt(TIER_ABOVE_BITS);
/** At most 2 tiers above the base haircut (`collateral[].tiers`). */
export const MAX_TIERS = 2;
/** epoch < 2^64 (market.json and risk.json take safe integers, < 2^53). */
export const EPOCH_BITS = 64;
export const EPOCH_LIMIT = 1n << BigInt(EPOCH_BITS);
/** Risk root `epochWord = epoch + 2^64 (r_0 + 2^14 r_1 + 2^28 r_2 + 2^42 r_3)`: r above the epoch. */
export const EPOCH_WORD_CORRELATION_SHIFT = 64;
/** Stride of r_g in epochWord: 0 <= r_g <= 10000 < 2^14; epochWord < 2^(64+56) = 2^120 (G <= 4). */
export const CORRELATION_BITS = 14;
/** Largest correlation r_g, basis points (rho_g = 1). */
export const CORRELATION_MAX = 10000n;
/** Decimals of rho_g in market.json (r_g = rho_g x 10^4, exact). */
export const CORRELATION_DECIMALS = 4;

// ---------------------------------------------------------------- margin model v2: circuit widths
// The comparisons of the v2 witnesses (PROTOCOL section 4; circuits/concentration.circom,
// tiers.circom, correlation.circom). Completeness from the coverage bound, soundness from the
// structural bounds, as for WITNESS_BITS.

/** 0 <= excess x_i < 2^64 and 0 <= x_i - abs(q_i) + T_i < 2^64 (the width of abs(q)). */
export const EXCESS_BITS = Q_BITS;
/** 0 <= joint witness j < 2^166: abs(sum_g r_g req_{g,s}) < 4 * 10^4 * 2^150 < 2^166. */
export const JOINT_BITS = 166;
/** 0 <= j - sum_g r_g req_{g,s} < 2^167. */
export const JOINT_SLACK_BITS = JOINT_BITS + 1;
/** 0 <= Scan < 2^152: Scan <= sum_g w_g < 4 * 2^150. */
export const SCAN_BITS = 152;
