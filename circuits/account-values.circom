pragma circom 2.1.9;

include "./bounds.circom";
include "./range-check.circom";

// AccountValues(N, K): the account's scalar margin figures (SPEC section 4), and the
// range checks of the prover-supplied private amounts (PROTOCOL section 4):
//   abs(quantity_i) < 2^64 (sign hint + decomposition of the absolute value, SignedAbs; the
//   absolute values are an output, for the Floor here and the concentration add-on),
//   abs(cash - sum_i costBasis_i) < 2^205 (SignedAbs), 0 <= amount_j < 2^100 (RangeCheck).
// Cost bases and cash enter the margin only through their sum cash - sum_i costBasis_i, so
// that sum is what is range-checked: one 205-bit check instead of 17 of 200 bits. Each value
// is bound by the venue-attested commitment to a value the SDK validated (abs < 2^200:
// 17 of them sum to less than 2^205), and the circuit needs only the sum to be a small
// integer for NLV and Equity to be (PROTOCOL section 4).
// Outputs:
//   floorTotal           = sum_i abs(q_i) * floor_i                 (Floor)
//   netLiquidationValue  = sum_i (q_i * mark_i - costBasis_i) + cash (NLV)
//   haircutCollateral    = sum_j effective_j * unitValue0_j         (HC_0, with SPEC 7.1's
//                          effective amounts e_j: TieredAmount; e_j = a_j without tiers)
//   equity               = haircutCollateral + netLiquidationValue
// Assumes: mark_i, floor_i (0 <= . < 2^100) and unitValue0_j (0 <= . < 2^120) are bound
// by the risk root to a table the SDK validated (the caller checks the root);
// 0 <= effective_j < 2^102 (TieredAmount: at most a_j for the table's tiers). With the
// ranges enforced here every output is far from wrapping around p (PROTOCOL section 4:
// Floor < 2^168, abs(NLV) < 2^168 + 2^205 < 2^206, HC_0 < 2^225). Equity's sign follows
// from SolvencyInequality's final comparisons.
template AccountValues(N, K) {
    signal input quantity[N];
    signal input costBasis[N];
    signal input mark[N];
    signal input floor[N];
    signal input cash;
    signal input amount[K];
    signal input effectiveAmount[K];
    signal input unitValue0[K];
    signal output absQuantity[N];
    signal output floorTotal;
    signal output netLiquidationValue;
    signal output haircutCollateral;
    signal output equity;

    signal floorPart[N];
    signal markValue[N];
    var floorSum = 0;
    var markSum = 0;
    var cashSum = cash;
    for (var i = 0; i < N; i++) {
        (absQuantity[i], _) <== SignedAbs(Q_BITS())(quantity[i]);
        floorPart[i] <== absQuantity[i] * floor[i];
        markValue[i] <== quantity[i] * mark[i];
        floorSum += floorPart[i];
        markSum += markValue[i];
        cashSum -= costBasis[i];
    }
    signal cashNet <== cashSum;
    (_, _) <== SignedAbs(CASH_SUM_BITS())(cashNet);

    signal collateralValue[K];
    var hcSum = 0;
    for (var j = 0; j < K; j++) {
        _ <== RangeCheck(AMOUNT_BITS())(amount[j]);
        collateralValue[j] <== effectiveAmount[j] * unitValue0[j];
        hcSum += collateralValue[j];
    }

    floorTotal <== floorSum;
    netLiquidationValue <== markSum + cashNet;
    haircutCollateral <== hcSum;
    equity <== haircutCollateral + netLiquidationValue;
}
