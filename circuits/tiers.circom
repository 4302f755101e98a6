pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";
include "./bounds.circom";
include "./range-check.circom";

// ExcessOver(B): m = max(0, x - y) and b = [x >= y], exactly, for abs(x - y) <= 2^B.
// The bit is a hint (`<--`) pinned by:
//   b * (b - 1) === 0
//   m === b * (x - y)
//   (2b - 1)(x - y) - (1 - b) = 2m - (x - y) - 1 + b in [0, 2^B)   (B-bit decomposition)
// For x >= y only b = 1 gives a non-negative value (x - y); for x < y only b = 0 does
// (y - x - 1); the wrong bit gives a negative integer, which wraps above 2^253 and has no
// B-bit decomposition. Also enforces x - y in [-2^B, 2^B).
// Assumes: nothing (x - y is bounded by the decomposition).
template ExcessOver(B) {
    assert(B > 0 && B <= MAX_RANGE_BITS());
    signal input x;
    signal input y;
    signal output excess;
    signal output above;

    above <-- x >= y ? 1 : 0;
    above * (above - 1) === 0;
    excess <== above * (x - y);
    _ <== Num2Bits(B)(2 * excess - (x - y) - 1 + above);
}

// FloorBps(): q = floor(p / 10000) for 0 <= p < 2^114, exactly: the hints q, r (`<--`) are
// pinned by p === 10000 q + r, 0 <= q < 2^100 and 0 <= r < 10000 (r and r + 2^14 - 10000 in
// 14 bits). 10000 q + r < 2^114 < p, so the pair is the unique integer division.
// Assumes: 0 <= p < 2^114 as an integer (the caller: part < 2^100, factor < 2^14).
template FloorBps() {
    signal input in;
    signal output quotient;

    signal remainder;
    quotient <-- in \ BPS();
    remainder <-- in % BPS();
    in === BPS() * quotient + remainder;
    _ <== RangeCheck(AMOUNT_BITS())(quotient);
    _ <== RangeCheck(BPS_BITS())(remainder);
    _ <== RangeCheck(BPS_BITS())(remainder + (1 << BPS_BITS()) - BPS());
}

// TieredAmount(): the effective amount of SPEC 7.1 for one collateral slot with up to two
// tiers, exactly (never bounded by an inequality: an understated e_j lowers the wrong-way
// requirement):
//   A_t     = 2^100 - gap_t                     (gap_t = D_t of PROTOCOL section 6; absent: 0)
//   m_t     = max(0, a - A_t)                   (ExcessOver(100))
//   part_0  = a - m_1, part_1 = m_1 - m_2, part_2 = m_2
//   e       = part_0 + floor(part_1 f_1 / 10000) + floor(part_2 f_2 / 10000)
// With the table's A_1 < A_2 <= 2^100 these parts are SPEC's min(max(a - A_t, 0), A_{t+1} - A_t).
// The checks also fix the packing of the collateral leaf's tagWord = tag + 2^8 f_1 + 2^22 f_2 +
// 2^36 D_1 + 2^138 D_2 (PROTOCOL section 6): f_t in [0, 2^14) is checked here, and ExcessOver(100)
// bounds a - A_t to [-2^100 - 1, 2^100), so D_t lies in [-2^100 - 1, 2^101), fewer than 2^102
// values, which the 102 bits between the shifts hold. So tag (OneHot), f_t and D_t are the
// table's values.
// Sizing: a < 2^100 (AccountValues), so m_t, part_t < 2^100 and part_t f_t < 2^114 (FloorBps).
// Assumes: 0 <= amount < 2^100 (AccountValues).
template TieredAmount() {
    signal input amount;
    signal input gap[2];
    signal input factor[2];
    signal output effective;

    signal excess[2];
    signal product[2];
    signal quotient[2];
    for (var t = 0; t < 2; t++) {
        _ <== RangeCheck(TIER_FACTOR_BITS())(factor[t]);
        (excess[t], _) <== ExcessOver(AMOUNT_BITS())(amount, (1 << TIER_ABOVE_BITS()) - gap[t]);
    }
    product[0] <== (excess[0] - excess[1]) * factor[0];
    product[1] <== excess[1] * factor[1];
    for (var t = 0; t < 2; t++) {
        quotient[t] <== FloorBps()(product[t]);
    }
    effective <== amount - excess[0] + quotient[0] + quotient[1];
}
