pragma circom 2.1.9;

include "./bounds.circom";
include "./range-check.circom";

// CorrelatedScan(G, S): the one-factor correlation offset of SPEC 7.1 with witnesses instead
// of a max by selection:
//   jointReq_s = sum_g r_g req[g][s]                        (G*S products)
//   0 <= j < 2^166, 0 <= j - jointReq_s < 2^167 for every s  (j >= J = max(0, max_s jointReq_s))
//   0 <= Scan < 2^152
//   0 <= 10000 Scan - (sum_g (10000 - r_g) w_g + j) < 2^14   (Scan >= the ceiling)
//   0 <= r_g <= 10000                                       (two 14-bit checks)
// Overstating w_g, j or Scan only raises Scan (every coefficient 10000 - r_g >= 0), so the
// proven Scan is at least SPEC's; r_g = 0 everywhere gives j = 0 and Scan = sum_g w_g (v1).
// Sizing (PROTOCOL section 4):
// - completeness: the SDK's coverage bound abs(req) < 2^150 gives abs(jointReq) <
//   4 * 10^4 * 2^150 < 2^166 (so J < 2^166 and j - jointReq < 2^167); the honest Scan is at
//   most sum_g w_g < 2^152 and its slack is the ceiling's remainder, below 10000 < 2^14.
// - soundness: r_g <= 10000 and abs(req) < 2^226 (structural) give abs(jointReq) < 2^242,
//   and the Scan numerator is below 2^167 (w_g < 2^150, j < 2^166): every negative
//   difference is above -2^243 and wraps above 2^253. The 152-bit range on Scan keeps
//   10000 Scan and M Scan integers far from p (without it Scan could be a non-integer field
//   element (X + d) / 10000).
// The r_g checks also fix the packing of the risk root's epochWord = epoch + 2^64 sum_g
// 2^(14 g) r_g (PROTOCOL section 6), together with epoch < 2^64 (Solvency).
// Assumes: 0 <= groupWitness[g] < 2^150 (GroupWitnesses), abs(req) < 2^226
// (ScenarioRequirements); G <= 4.
template CorrelatedScan(G, S) {
    assert(G > 0 && G <= MAX_GROUPS());
    signal input req[G][S];
    signal input groupWitness[G];
    signal input correlation[G];
    signal input jointWitness;
    signal input scanWitness;

    signal jointPart[G][S];
    signal offsetPart[G];
    var numerator = jointWitness;
    for (var g = 0; g < G; g++) {
        _ <== RangeCheck(CORRELATION_BITS())(correlation[g]);
        _ <== RangeCheck(CORRELATION_BITS())(BPS() - correlation[g]);
        offsetPart[g] <== correlation[g] * groupWitness[g];
        numerator += BPS() * groupWitness[g] - offsetPart[g];
    }
    _ <== RangeCheck(JOINT_BITS())(jointWitness);
    for (var s = 0; s < S; s++) {
        var joint = 0;
        for (var g = 0; g < G; g++) {
            jointPart[g][s] <== correlation[g] * req[g][s];
            joint += jointPart[g][s];
        }
        GreaterEq(JOINT_SLACK_BITS())(jointWitness, joint);
    }
    _ <== RangeCheck(SCAN_BITS())(scanWitness);
    GreaterEq(BPS_BITS())(BPS() * scanWitness, numerator);
}
