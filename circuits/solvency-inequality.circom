pragma circom 2.1.9;

include "./bounds.circom";
include "./range-check.circom";

// SolvencyInequality(G, S): the solvency condition of SPEC section 4 with per-group
// witnesses instead of a max by selection (PROTOCOL section 4):
//   0 <= groupWitness[g] < 2^230                          for every g
//   0 <= groupWitness[g] - req[g][s] < 2^231              for every g, s
//   0 <= equity < 2^240
//   0 <= 10000 * equity - multiplier * W < 2^250,  W = sum_g groupWitness[g]
//   0 <= 10000 * equity - multiplier * floorTotal < 2^250
//   10000 <= multiplier <= 1000000 (two 20-bit differences; 990000 < 2^20)
// Hence 10000 * Equity >= M * max(Scan, Floor) and Equity >= 0: each w_g >= max(0,
// max_s req[g][s]), so W >= Scan; overstating w_g only hurts the prover.
// Sizing (PROTOCOL section 4, G <= 4): abs(req) < 2^225, so w_g - req < 2^231 and a
// negative difference is >= p - 2^226 (no 231-bit decomposition); 10000 * equity < 2^254
// < p; M * W < 2^20 * 2^232 = 2^252 and M * floorTotal < 2^188, so every difference lies
// in (-2^252, p/2) and a negative one never fits 250 bits.
// Assumes: abs(req[g][s]) < 2^225 and 0 <= floorTotal < 2^168 (the callers'
// bounds: ScenarioRequirements and AccountValues); G <= 4.
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

    _ <== RangeCheck(EQUITY_BITS())(equity);
    signal scanMargin <== multiplier * scanTotal;
    signal floorMargin <== multiplier * floorTotal;
    GreaterEq(SOLVENCY_SLACK_BITS())(BPS() * equity, scanMargin);
    GreaterEq(SOLVENCY_SLACK_BITS())(BPS() * equity, floorMargin);
}
