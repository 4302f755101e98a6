pragma circom 2.1.9;

include "./bounds.circom";
include "./range-check.circom";
include "./correlation.circom";

// SolvencyInequality(G, S): the solvency condition of SPEC sections 4 and 7.1 with witnesses
// instead of a max by selection (PROTOCOL section 4):
//   0 <= groupWitness[g] < 2^150                          for every g
//   0 <= groupWitness[g] - req[g][s] < 2^151              for every g, s
//   Scan: scanWitness, checked by CorrelatedScan against the w_g, the correlations r_g and
//         the joint-scenario witness j (r_g = 0 everywhere: Scan = sum_g w_g, v1)
//   0 <= 10000 * equity - multiplier * (Scan + liquidity) < 2^164
//   0 <= 10000 * equity - multiplier * (floorTotal + liquidity) < 2^164
//   10000 <= multiplier <= 1000000 (two 20-bit differences; 990000 < 2^20)
// Hence 10000 * Equity >= M * MM with MM = max(Scan, Floor) + Liquidity, and Equity >= 0:
// each w_g >= max(0, max_s req[g][s]) and Scan is at least SPEC's ceiling of the correlated
// sum; overstating any witness only hurts the prover; since M * (Scan + liquidity) >= 0 and
// M * (floorTotal + liquidity) >= 0, a negative Equity fails both final comparisons.
// Sizing (PROTOCOL section 4, G <= 4):
// - soundness: abs(req) < 2^226 (structural), so a negative w_g - req is > -2^227 and wraps
//   to a field element >= p - 2^227 > 2^253, which has no 151-bit decomposition;
//   abs(equity) < 2^226, so 10000 * equity lies in (-2^240, 2^240), M * (Scan + liquidity) <
//   2^20 * (2^152 + 2^168) and M * (floorTotal + liquidity) < 2^20 * 2^169: every final
//   difference lies in (-2^241, 2^240), and a negative one wraps above 2^253.
// - completeness: the SDK builds an input only when every abs(req[g][s]) < 2^150
//   (REQ_COVERAGE_BITS, 1.4e15 USD), so honest w_g < 2^150 and w_g - req < 2^151, and only
//   when Equity < 2^150 (EQUITY_COVERAGE_BITS), so an honest final difference is at most
//   10000 * equity < 2^164.
// Assumes: abs(req[g][s]) < 2^226, 0 <= floorTotal < 2^168, 0 <= liquidity < 2^168 and
// abs(equity) < 2^226 (the callers' bounds: ScenarioRequirements, AccountValues,
// ConcentrationAddOn); G <= 4.
template SolvencyInequality(G, S) {
    assert(G > 0 && G <= MAX_GROUPS());
    assert(MULTIPLIER_MAX() - MULTIPLIER_MIN() < 1 << MULTIPLIER_RANGE_BITS());
    signal input req[G][S];
    signal input groupWitness[G];
    signal input correlation[G];
    signal input jointWitness;
    signal input scanWitness;
    signal input liquidity;
    signal input equity;
    signal input floorTotal;
    signal input multiplier;

    GreaterEq(MULTIPLIER_RANGE_BITS())(multiplier, MULTIPLIER_MIN());
    GreaterEq(MULTIPLIER_RANGE_BITS())(MULTIPLIER_MAX(), multiplier);

    for (var g = 0; g < G; g++) {
        _ <== RangeCheck(WITNESS_BITS())(groupWitness[g]);
        for (var s = 0; s < S; s++) {
            GreaterEq(WITNESS_SLACK_BITS())(groupWitness[g], req[g][s]);
        }
    }
    CorrelatedScan(G, S)(req, groupWitness, correlation, jointWitness, scanWitness);

    signal scanMargin <== multiplier * (scanWitness + liquidity);
    signal floorMargin <== multiplier * (floorTotal + liquidity);
    GreaterEq(SOLVENCY_SLACK_BITS())(BPS() * equity, scanMargin);
    GreaterEq(SOLVENCY_SLACK_BITS())(BPS() * equity, floorMargin);
}
