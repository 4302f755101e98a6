pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";
include "./bounds.circom";
include "./range-check.circom";

// ConcentrationAddOn(N): the concentration (liquidity) add-on of SPEC 7.1,
//   Liquidity = sum_i max(0, abs(q_i) - T_i) * L_i,
// with a prover-supplied excess x_i per slot instead of a max by selection (SPEC 4):
//   0 <= x_i < 2^64                                   (EXCESS_BITS)
//   0 <= x_i - abs(q_i) + T_i < 2^64                  (so x_i >= abs(q_i) - T_i)
//   isEmpty_i * x_i === 0                             (an empty slot adds nothing)
//   0 <= L_i < 2^100                                  (CONCENTRATION_CHARGE_BITS)
// Overstating x_i only raises the add-on (L_i >= 0), so Liquidity >= the true add-on; the
// honest x_i = max(0, abs(q_i) - T_i) <= abs(q_i) < 2^64 and its slack max(0, T_i - abs(q_i))
// <= T_i < 2^64 fit.
// The range checks also fix the packing of the instrument leaf's groupWord = g + 2^8 T + 2^74 L
// (PROTOCOL section 6): L in [0, 2^100) is checked here, and the slack check bounds
// T in (-2^64, 2^65), a range of fewer than 2^66 values, which the 66 bits between the shifts
// 8 and 74 hold: so g (OneHot), T and L are the table's values. Without the check on L a
// prover could trade T against a non-integer L modulo p (PROTOCOL section 6).
// Sizing: x_i L_i < 2^164, Liquidity < N 2^164 <= 2^168; a negative slack is > -2^65 and
// wraps above 2^253.
// Assumes: absQuantity_i = abs(q_i) < 2^64 (AccountValues), isEmpty_i boolean (IsZero).
template ConcentrationAddOn(N) {
    assert(N > 0 && N <= MAX_POSITION_SLOTS());
    signal input absQuantity[N];
    signal input isEmpty[N];
    signal input threshold[N];
    signal input charge[N];
    signal input excessWitness[N];
    signal output liquidity;

    signal addOn[N];
    var total = 0;
    for (var i = 0; i < N; i++) {
        _ <== RangeCheck(CONCENTRATION_CHARGE_BITS())(charge[i]);
        _ <== RangeCheck(EXCESS_BITS())(excessWitness[i]);
        GreaterEq(EXCESS_BITS())(excessWitness[i] + threshold[i], absQuantity[i]);
        isEmpty[i] * excessWitness[i] === 0;
        addOn[i] <== excessWitness[i] * charge[i];
        total += addOn[i];
    }
    liquidity <== total;
}
