// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Bounds: the bounds the engine enforces (docs/PROTOCOL.md section 4 and the parameter bounds
// of `setParams`), in one place. The SDK's src/bounds.ts and the circuit's circuits/bounds.circom
// carry the same numbers under the same names; test/sdk/bounds-agreement.test.ts fails when they
// disagree. The engine re-exports them as its public constants (MIN_MULTIPLIER, MAX_MULTIPLIER,
// MAX_SLOTS, MAX_AMOUNT, ...).
//
// File-level constants rather than a library: the engine sizes storage arrays with
// MAX_COLLATERAL_SLOTS, and solc accepts an array length only from constants reached by plain
// identifiers (`Bounds.X` member access is not a constant expression there). Import by name, or
// `import "./Bounds.sol" as Bounds;` where a name would shadow a public constant.

// Basis points: a multiplier of 10_000 is 1.0x.
uint256 constant BPS = 10_000;
// Smallest margin multiplier, basis points (SPEC section 3).
uint256 constant MULTIPLIER_MIN = 10_000;
// Largest margin multiplier, basis points (SPEC section 3).
uint256 constant MULTIPLIER_MAX = 1_000_000;

// Width of a slot balance: the circuit range-checks amounts to 100 bits.
uint256 constant AMOUNT_BITS = 100;
// Exclusive bound of a slot balance.
uint256 constant AMOUNT_LIMIT = 1 << AMOUNT_BITS;
// Shift of the second amount of a packed balance word: a[2i] + 2^100 * a[2i+1].
uint256 constant AMOUNT_PACK_SHIFT = AMOUNT_BITS;
// Largest number of collateral slots K (balances hash as ceil(K/2) <= 4 packed words).
uint256 constant MAX_COLLATERAL_SLOTS = 8;

// Largest keeper reward, basis points.
uint256 constant MAX_KEEPER_REWARD_BPS = 1_000;
// Shortest proof lifetime.
uint256 constant MIN_PROOF_TTL = 60;
// Longest proof lifetime.
uint256 constant MAX_PROOF_TTL = 30 days;
// Longest grace period.
uint256 constant MAX_GRACE = 7 days;
// Largest step between consecutive epoch numbers.
uint64 constant MAX_EPOCH_STEP = 1 << 32;
// Largest number of validity tiers (multiplier, TTL); tier 0 is (maintenanceMultiplier, proofTtl).
uint256 constant MAX_VALIDITY_TIERS = 4;
