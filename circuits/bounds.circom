pragma circom 2.1.9;

// The bounds of the circuit (PROTOCOL section 4), one constant function each. Every template
// takes its widths, caps and multiplier bounds from here, never from a literal. The SDK's
// src/bounds.ts and the contracts' contracts/libraries/Bounds.sol carry the same numbers
// under the same names; test/sdk/bounds-agreement.test.ts fails when they disagree.

// abs(quantity) < 2^64 (AccountValues: SignedAbs).
function Q_BITS() { return 64; }
// abs(cash - sum_i costBasis_i) < 2^205 (AccountValues: SignedAbs); each value < 2^200 (SDK).
function CASH_SUM_BITS() { return 205; }
// 0 <= amount < 2^100 (AccountValues: RangeCheck); the engine's MAX_AMOUNT.
function AMOUNT_BITS() { return 100; }
// Balances packed two per word: amount[2i] + 2^AMOUNT_PACK_SHIFT * amount[2i + 1] (StateHash).
function AMOUNT_PACK_SHIFT() { return 100; }
// 0 <= groupWitness[g] < 2^150 (SolvencyInequality): the SDK's coverage bound
// abs(req[g][s]) < 2^REQ_COVERAGE_BITS, 2^150 V = 1.4e15 USD.
function WITNESS_BITS() { return 150; }
// 0 <= groupWitness[g] - req[g][s] < 2^151 (SolvencyInequality).
function WITNESS_SLACK_BITS() { return 151; }
// 0 <= BPS * equity - multiplier * (Scan or floorTotal, + liquidity) < 2^164
// (SolvencyInequality): the SDK's coverage bound on equity, Equity < 2^150 V (1.4e15 USD),
// gives BPS * equity < 2^164.
function SOLVENCY_SLACK_BITS() { return 164; }
// multiplier - MULTIPLIER_MIN and MULTIPLIER_MAX - multiplier in [0, 2^20) (SolvencyInequality).
function MULTIPLIER_RANGE_BITS() { return 20; }
// Widest decomposition of RangeCheck, GreaterEq and SignedAbs: unique below p > 2^253.
function MAX_RANGE_BITS() { return 252; }

// Margin model v2 (SPEC 7.1; PROTOCOL sections 4 and 6).
// 0 <= excess x_i < 2^64 and 0 <= x_i - abs(q_i) + T_i < 2^64 (ConcentrationAddOn).
function EXCESS_BITS() { return 64; }
// 0 <= concentration charge L_i < 2^100 (ConcentrationAddOn; fixes the groupWord packing).
function CONCENTRATION_CHARGE_BITS() { return 100; }
// A tier start A_t <= 2^100; an absent tier is A_t = 2^100 (TieredAmount).
function TIER_ABOVE_BITS() { return 100; }
// 0 <= tier factor f_t < 2^14 (TieredAmount; fixes the tagWord packing).
function TIER_FACTOR_BITS() { return 14; }
// 0 <= r_g <= 10000: r_g and 10000 - r_g in [0, 2^14) (CorrelatedScan; fixes the epochWord packing).
function CORRELATION_BITS() { return 14; }
// 0 <= epoch < 2^64 (Solvency; fixes the epochWord packing).
function EPOCH_BITS() { return 64; }
// 0 <= joint witness j < 2^166 and 0 <= j - sum_g r_g req[g][s] < 2^167 (CorrelatedScan).
function JOINT_BITS() { return 166; }
function JOINT_SLACK_BITS() { return 167; }
// 0 <= Scan < 2^152 (CorrelatedScan): Scan <= sum_g w_g < 4 * 2^150.
function SCAN_BITS() { return 152; }
// A remainder below 10000 < 2^14: the Scan ceiling's slack and FloorBps's remainder.
function BPS_BITS() { return 14; }
// Packed words (PROTOCOL section 6): groupWord = g + 2^8 T + 2^74 L,
// tagWord = tag + 2^8 f_1 + 2^22 f_2 + 2^36 D_1 + 2^138 D_2, epochWord = epoch + 2^64 sum_g 2^(14 g) r_g.
function GROUP_WORD_THRESHOLD_SHIFT() { return 8; }
function GROUP_WORD_CHARGE_SHIFT() { return 74; }
function TAG_WORD_FACTOR1_SHIFT() { return 8; }
function TAG_WORD_FACTOR2_SHIFT() { return 22; }
function TAG_WORD_DISTANCE1_SHIFT() { return 36; }
function TAG_WORD_DISTANCE2_SHIFT() { return 138; }
function EPOCH_WORD_CORRELATION_SHIFT() { return 64; }

// Basis points: multiplier 10000 is 1.0x.
function BPS() { return 10000; }
// 10000 <= multiplier <= 1000000 (SolvencyInequality).
function MULTIPLIER_MIN() { return 10000; }
function MULTIPLIER_MAX() { return 1000000; }

// Instance caps (Solvency and the hashing templates): N <= 16, K <= 8, G <= 4, S <= 16.
function MAX_POSITION_SLOTS() { return 16; }
function MAX_COLLATERAL_SLOTS() { return 8; }
function MAX_GROUPS() { return 4; }
function SCENARIOS() { return 16; }
