pragma circom 2.1.9;

include "circomlib/circuits/poseidon.circom";
include "./bounds.circom";
include "./merkle-root.circom";

// InstrumentLeaf(S): leaf = Poseidon(5)(instrumentId, groupIndex, mark, floor,
// Poseidon(S)(risk[0..S-1])) (PROTOCOL section 6).
// Assumes: nothing; it only hashes. The ranges of mark, floor and risk are not checked
// here or anywhere in the circuit: they are bound by the risk root to a table whose
// ranges the SDK validated before publishing (PROTOCOL section 4).
template InstrumentLeaf(S) {
    assert(S > 0 && S <= SCENARIOS());
    signal input instrumentId;
    signal input groupIndex;
    signal input mark;
    signal input floor;
    signal input risk[S];
    signal output leaf;

    signal riskHash <== Poseidon(S)(risk);
    leaf <== Poseidon(5)([instrumentId, groupIndex, mark, floor, riskHash]);
}

// InstrumentInclusion(S, DEPTH): proves that the instrument data of one position slot
// is a leaf of the instrument tree with root instrumentRoot, unless the slot is empty.
// enabled must be 0 or 1 (the caller derives it as quantity != 0 with IsZero); when it
// is 0 the check is switched off (PROTOCOL section 8): (computedRoot - instrumentRoot) *
// enabled === 0. The slot's leaf data then multiplies a zero quantity everywhere.
// Costs the same constraints whether enabled or not.
// Assumes: enabled is boolean (caller). Enforces: leafIndex < 2^DEPTH (MerkleRoot)
// and, when enabled, inclusion.
template InstrumentInclusion(S, DEPTH) {
    signal input enabled;
    signal input instrumentRoot;
    signal input instrumentId;
    signal input groupIndex;
    signal input mark;
    signal input floor;
    signal input risk[S];
    signal input leafIndex;
    signal input pathElements[DEPTH];

    signal leaf <== InstrumentLeaf(S)(instrumentId, groupIndex, mark, floor, risk);
    signal computedRoot <== MerkleRoot(DEPTH)(leaf, leafIndex, pathElements);
    (computedRoot - instrumentRoot) * enabled === 0;
}
