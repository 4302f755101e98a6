pragma circom 2.1.9;

include "./range-check.circom";

// ScenarioRequirements(N, K, G, S): the per-group scenario requirements (SPEC section 4)
//   req[g][s] = sum_{i : groupIndex_i == g} q_i * risk_i[s]
//             + sum_{j : groupTag_j == g + 1} amount_j * (unitValue_j[0] - unitValue_j[s]),
// where amount_j is the slot's effective amount e_j (SPEC 7.1; a_j without tiers).
// Group membership:
// - each position selects exactly one group: groupIndex_i in {0..G-1} (OneHot(G));
//   an index out of range selects no group and has no witness;
// - each collateral slot has a tag in {0..G} (OneHot(G + 1)); tag 0 (stable asset, or
//   an unused slot) adds to no group.
// Cost: the products q_i * risk_i[s] are computed once (N*S) and split over the groups
// with (G - 1) selector products per scenario, the last group taking the remainder
// (selectors sum to 1); collateral uses amount_j * sel (K*G) times (U[0] - U[s]) for
// s >= 1 (the s = 0 term is identically 0).
// Assumes: abs(q_i) < 2^64 (enforced by AccountValues) and 0 <= amount_j < 2^102
// (TieredAmount: e_j <= a_j < 2^100 for the table's tiers, below 3 * 2^100 for any);
// risk (abs < 2^100) and unitValue (0 <= U < 2^120) are bound by the risk root to a
// table the SDK validated. Hence abs(req[g][s]) < 16 2^164 + 8 2^222 < 2^226 (PROTOCOL
// section 4).
// groupIndex is bound by the instrument leaf for a non-empty slot; for an empty slot
// (q = 0) it is free but multiplies zero. groupTag is bound by the collateral table.
template ScenarioRequirements(N, K, G, S) {
    assert(G > 0 && S > 0);
    signal input quantity[N];
    signal input groupIndex[N];
    signal input risk[N][S];
    signal input amount[K];
    signal input groupTag[K];
    signal input unitValue[K][S];
    signal output req[G][S];

    var acc[G][S];
    for (var g = 0; g < G; g++) {
        for (var s = 0; s < S; s++) {
            acc[g][s] = 0;
        }
    }

    // Positions.
    signal groupSel[N][G];
    signal riskValue[N][S];
    signal groupPart[N][G - 1][S];
    for (var i = 0; i < N; i++) {
        groupSel[i] <== OneHot(G)(groupIndex[i]);
        for (var s = 0; s < S; s++) {
            riskValue[i][s] <== quantity[i] * risk[i][s];
            var rest = riskValue[i][s];
            for (var g = 0; g < G - 1; g++) {
                groupPart[i][g][s] <== groupSel[i][g] * riskValue[i][s];
                acc[g][s] += groupPart[i][g][s];
                rest -= groupPart[i][g][s];
            }
            acc[G - 1][s] += rest;
        }
    }

    // Collateral (wrong-way risk of non-stable tokens).
    signal tagSel[K][G + 1];
    signal taggedAmount[K][G];
    signal collPart[K][G][S];
    for (var j = 0; j < K; j++) {
        tagSel[j] <== OneHot(G + 1)(groupTag[j]);
        for (var g = 0; g < G; g++) {
            taggedAmount[j][g] <== tagSel[j][g + 1] * amount[j];
            collPart[j][g][0] <== 0;
            for (var s = 1; s < S; s++) {
                collPart[j][g][s] <== taggedAmount[j][g] * (unitValue[j][0] - unitValue[j][s]);
                acc[g][s] += collPart[j][g][s];
            }
        }
    }

    for (var g = 0; g < G; g++) {
        for (var s = 0; s < S; s++) {
            req[g][s] <== acc[g][s];
        }
    }
}
