pragma circom 2.1.9;

include "circomlib/circuits/poseidon.circom";
include "./bounds.circom";

// CollateralRoot(K, S): collateralRoot = Poseidon(K)(collLeaf_0..collLeaf_{K-1}) with
// collLeaf_j = Poseidon(3)(token_j, tagWord_j, Poseidon(S)(unitValue_j[0..S-1]))
// (PROTOCOL section 6; tagWord packs the group tag with the tier data, the caller packs it).
// Unused slots are all zero and hash like used ones.
// Assumes: nothing; it only hashes. Token, tag word and unit values are not
// range-checked here: they are bound by the risk root to a table the SDK validated
// (0 <= U < 2^120, 0 <= tag <= G); the caller's checks fix the tag word's parts.
template CollateralRoot(K, S) {
    assert(K > 0 && K <= MAX_COLLATERAL_SLOTS() && S > 0 && S <= SCENARIOS());
    signal input token[K];
    signal input tagWord[K];
    signal input unitValue[K][S];
    signal output collateralRoot;

    signal collLeaf[K];
    for (var j = 0; j < K; j++) {
        collLeaf[j] <== Poseidon(3)([token[j], tagWord[j], Poseidon(S)(unitValue[j])]);
    }
    collateralRoot <== Poseidon(K)(collLeaf);
}

// RiskRoot(K, S): riskRoot = Poseidon(4)(instrumentRoot, collateralRoot, epochWord,
// timestamp), with collateralRoot from the K collateral slots (PROTOCOL section 6;
// epochWord packs the epoch with the groups' correlations, the caller packs it).
// Assumes: nothing; it only hashes. The caller compares riskRoot with the public input.
template RiskRoot(K, S) {
    signal input instrumentRoot;
    signal input epochWord;
    signal input timestamp;
    signal input token[K];
    signal input tagWord[K];
    signal input unitValue[K][S];
    signal output riskRoot;

    signal collateralRoot <== CollateralRoot(K, S)(token, tagWord, unitValue);
    riskRoot <== Poseidon(4)([instrumentRoot, collateralRoot, epochWord, timestamp]);
}
