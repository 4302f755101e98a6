pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";
include "./bounds.circom";

// Range checks on field elements. Every bound of PROTOCOL section 4 that the circuit
// enforces goes through one of these templates.
//
// Widths: B <= MAX_RANGE_BITS() = 252 (bounds.circom), so a B-bit decomposition is unique
// and cannot alias modulo p (p > 2^253). A "negative" integer is p - |x| as a field element,
// which is >= 2^253 for any |x| below 2^252, so it never fits B bits.

// RangeCheck(B): proves 0 <= in < 2^B (Num2Bits, B boolean constraints).
// Assumes: nothing about `in`. Enforces: the whole range.
template RangeCheck(B) {
    assert(B > 0 && B <= MAX_RANGE_BITS());
    signal input in;
    signal output bits[B];

    bits <== Num2Bits(B)(in);
}

// GreaterEq(B): proves a >= b as integers, with a - b < 2^B, by decomposing the
// difference a - b into B bits.
// Assumes: the caller sized B so that every honest difference fits, and that the
// integer difference a - b lies in (-(p - 2^B), p) (true when abs(a), abs(b) < 2^252),
// so that a negative difference wraps to a field element >= 2^B and fails.
// Enforces: 0 <= a - b < 2^B.
template GreaterEq(B) {
    assert(B > 0 && B <= MAX_RANGE_BITS());
    signal input a;
    signal input b;

    _ <== Num2Bits(B)(a - b);
}

// SignedAbs(B): for a signed value x (negative x encoded as p - |x|), proves
// abs(x) < 2^B and outputs abs(x) and isNonNeg (1 for x >= 0, 0 for x < 0).
// The sign is a prover hint (`<--`) pinned by:
//   isNonNeg * (isNonNeg - 1) === 0      (boolean)
//   absValue === (2 * isNonNeg - 1) * x   (abs = +x or -x)
//   absValue in [0, 2^B)                  (B-bit decomposition)
// A positive x claimed negative gives absValue = p - x >= p - 2^B, which has no B-bit
// decomposition, and vice versa, so the hint is unique for x != 0. For x = 0 both hints
// give absValue = 0; isNonNeg is then the prover's choice and callers must not rely on
// it (zkmargin only uses absValue).
// Assumes: nothing about x. Enforces: abs(x) < 2^B.
template SignedAbs(B) {
    assert(B > 0 && B <= MAX_RANGE_BITS());
    signal input in;
    signal output absValue;
    signal output isNonNeg;

    // Hint: circom's relational operators read a field element above p / 2 as negative.
    isNonNeg <-- in >= 0 ? 1 : 0;
    isNonNeg * (isNonNeg - 1) === 0;
    absValue <== (2 * isNonNeg - 1) * in;
    _ <== Num2Bits(B)(absValue);
}

// OneHot(COUNT): decodes an index 0 <= index < COUNT into COUNT selector bits,
// exactly one of which is 1 (sel[k] = 1 iff index == k).
// The selectors are hints (`<--`) pinned by:
//   sel[k] * (sel[k] - 1) === 0   (boolean)
//   sum_k sel[k] === 1            (exactly one is set)
//   sum_k k * sel[k] === index    (the set one is at position index)
// Costs COUNT constraints (plus two linear ones) instead of COUNT IsEqual gadgets.
// Assumes: nothing about index. Enforces: index in {0, ..., COUNT - 1}; an index out of
// range (no group selected) has no satisfying witness.
template OneHot(COUNT) {
    assert(COUNT > 0);
    signal input index;
    signal output sel[COUNT];

    var total = 0;
    var weighted = 0;
    for (var k = 0; k < COUNT; k++) {
        sel[k] <-- (index == k) ? 1 : 0;
        sel[k] * (sel[k] - 1) === 0;
        total += sel[k];
        weighted += k * sel[k];
    }
    total === 1;
    weighted === index;
}
