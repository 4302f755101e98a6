pragma circom 2.1.9;

include "./bounds.circom";
include "./range-check.circom";

// SolvencyInequality(G, S): the solvency condition of SPEC section 4 with per-group
// witnesses instead of a max by selection (PROTOCOL section 4):
//   0 <= groupWitness[g] < 2^150                          for every g
//   0 <= groupWitness[g] - req[g][s] < 2^151              for every g, s
//   0 <= 10000 * equity - multiplier * W < 2^238,  W = sum_g groupWitness[g]
//   0 <= 10000 * equity - multiplier * floorTotal < 2^238
//   10000 <= multiplier <= 1000000 (two 20-bit differences; 990000 < 2^20)
// Hence 10000 * Equity >= M * max(Scan, Floor) and Equity >= 0: each w_g >= max(0,
// max_s req[g][s]), so W >= Scan; overstating w_g only hurts the prover; and since
// M * W >= 0 and M * floorTotal >= 0, a negative Equity fails both final comparisons.
// Sizing (PROTOCOL section 4, G <= 4):
// - soundness: abs(req) < 2^225 (structural), so a negative w_g - req is > -2^226 and wraps
//   to a field element >= p - 2^226 > 2^253, which has no 151-bit decomposition;
//   abs(equity) < 2^224, so 10000 * equity lies in (-2^238, 2^238), M * W < 2^20 * 2^152
//   and M * floorTotal < 2^188: every final difference lies in (-2^239, 2^238), and a
//   negative one wraps above 2^253.
// - completeness: the SDK builds an input only when every abs(req[g][s]) < 2^150
//   (REQ_COVERAGE_BITS, 1.4e15 USD), so honest w_g < 2^150 and w_g - req < 2^151.
// Assumes: abs(req[g][s]) < 2^225, 0 <= floorTotal < 2^168 and abs(equity) < 2^224 (the
// callers' bounds: ScenarioRequirements and AccountValues); G <= 4.
template SolvencyInequality(G, S) {
    assert(G > 0 && G <= MAX_GROUPS());
    assert(MULTIPLIER_MAX() - MULTIPLIER_MIN() < 1 << MULTIPLIER_RANGE_BITS());
    signal input req[G][S];
    signal input groupWitness[G];
    signal input equity;
    signal input floorTotal;
    signal input multiplier;

    GreaterEq(MULTIPLIER_RANGE_BITS())(multiplier, MULTIPLIER_MIN());
    GreaterEq(MULTIPLIER_RANGE_BITS())(MULTIPLIER_MAX(), multiplier);

    var scanTotal = 0;
    for (var g = 0; g < G; g++) {
        _ <== RangeCheck(WITNESS_BITS())(groupWitness[g]);
        for (var s = 0; s < S; s++) {
            GreaterEq(WITNESS_SLACK_BITS())(groupWitness[g], req[g][s]);
        }
        scanTotal += groupWitness[g];
    }

    signal scanMargin <== multiplier * scanTotal;
    signal floorMargin <== multiplier * floorTotal;
    GreaterEq(SOLVENCY_SLACK_BITS())(BPS() * equity, scanMargin);
    GreaterEq(SOLVENCY_SLACK_BITS())(BPS() * equity, floorMargin);
}
