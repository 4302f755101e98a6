/**
 * Every bound of PROTOCOL section 4 (and SPEC section 3) in one place. The circuits and
 * contracts carry the same numbers; tests check that they agree.
 */

/** abs(q) < 2^64 (q in 1e-8 contracts). */
export const Q_BITS = 64;
export const Q_LIMIT = 1n << 64n;
/** abs(cost basis), abs(cash) < 2^200 (V). */
export const CASH_BITS = 200;
export const CASH_LIMIT = 1n << 200n;
/** 0 <= collateral amount < 2^100 (token base units). */
export const AMOUNT_BITS = 100;
export const AMOUNT_LIMIT = 1n << 100n;
/** 0 <= per-group witness w_g < 2^230. */
export const WITNESS_BITS = 230;
export const WITNESS_LIMIT = 1n << 230n;
/** abs(mark), abs(R), abs(floor) < 2^100 (V per 1e-8 contract); mark, floor >= 0. */
export const TABLE_BITS = 100;
export const TABLE_LIMIT = 1n << 100n;
/** 0 <= unit value U < 2^120 (V per base unit). */
export const UNIT_VALUE_BITS = 120;
export const UNIT_VALUE_LIMIT = 1n << 120n;
/** Margin multiplier in basis points: 10000 <= M <= 1000000. */
export const BPS = 10000n;
export const MULTIPLIER_MIN = 10000n;
export const MULTIPLIER_MAX = 1000000n;
/** Equity range checked in the circuit: [0, 2^240). */
export const EQUITY_BITS = 240;
/** w_g - req_{g,s} range checked in the circuit: [0, 2^231). */
export const WITNESS_SLACK_BITS = 231;
/** 10000*Equity - M*W and 10000*Equity - M*Floor range checked: [0, 2^250). */
export const SOLVENCY_SLACK_BITS = 250;
/** nonce < 2^64. */
export const NONCE_LIMIT = 1n << 64n;
/** Maximum N and K (Poseidon widths) for the derived bounds to hold. */
export const MAX_SLOTS = 16;

/** Decimals of the protocol units (PROTOCOL section 3). */
export const V_DECIMALS = 30; // 1 V = 1e-30 USD
export const Q_DECIMALS = 8; // q in 1e-8 contracts
export const PER_CONTRACT_DECIMALS = 22; // V per 1e-8 contract = USD x 1e22 per contract
export const MULTIPLIER_DECIMALS = 4; // basis points
/** Token decimals allowed in market.json. */
export const MAX_TOKEN_DECIMALS = 36;
/** Seconds per year in T = (expiry - timestamp) / 31,536,000. */
export const SECONDS_PER_YEAR = 31536000;
/** Number of scenarios. */
export const SCENARIOS = 16;
