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
// 0 <= BPS * equity - multiplier * (W or floorTotal) < 2^238 (SolvencyInequality):
// abs(equity) < 2^224, so abs(BPS * equity) < 2^238.
function SOLVENCY_SLACK_BITS() { return 238; }
// multiplier - MULTIPLIER_MIN and MULTIPLIER_MAX - multiplier in [0, 2^20) (SolvencyInequality).
function MULTIPLIER_RANGE_BITS() { return 20; }
// Widest decomposition of RangeCheck, GreaterEq and SignedAbs: unique below p > 2^253.
function MAX_RANGE_BITS() { return 252; }

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
