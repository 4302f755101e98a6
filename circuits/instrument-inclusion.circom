pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/poseidon.circom";
include "./bounds.circom";
include "./merkle-root.circom";

// InstrumentLeaf(S): leaf = Poseidon(5)(instrumentId, groupWord, mark, floor,
// Poseidon(S)(risk[0..S-1])) (PROTOCOL section 6); groupWord = g + 2^8 T + 2^74 L packs the
// group index with the concentration threshold and charge (the caller packs it).
// Assumes: nothing; it only hashes. The ranges of mark, floor and risk are not checked
// here or anywhere in the circuit: they are bound by the risk root to a table whose
// ranges the SDK validated before publishing (PROTOCOL section 4).
template InstrumentLeaf(S) {
    assert(S > 0 && S <= SCENARIOS());
    signal input instrumentId;
    signal input groupWord;
    signal input mark;
    signal input floor;
    signal input risk[S];
    signal output leaf;

    signal riskHash <== Poseidon(S)(risk);
    leaf <== Poseidon(5)([instrumentId, groupWord, mark, floor, riskHash]);
}

// InstrumentInclusion(S, DEPTH, PATH_LEVELS): proves that the instrument data of one position
// slot is a leaf of the instrument tree whose nodes at height PATH_LEVELS are
// instrumentCap (the caller hashes the cap to the instrument root once per proof:
// MerkleCapRoot), unless the slot is empty.
// - leafIndex is decomposed into DEPTH bits (Num2Bits), which enforces
//   0 <= leafIndex < 2^DEPTH; the low PATH_LEVELS bits give the path (MerklePathNode), the
//   high DEPTH - PATH_LEVELS bits select the cap node (MuxByBits).
// - enabled must be 0 or 1 (the caller derives it as quantity != 0 with IsZero); when it
//   is 0 the check is switched off (PROTOCOL section 8): (capNode - node) * enabled === 0.
//   The slot's leaf data then multiplies a zero quantity everywhere.
// Costs the same constraints whether enabled or not.
// Assumes: enabled is boolean (caller). Enforces: leafIndex < 2^DEPTH and, when enabled,
// that the leaf lies under cap node leafIndex >> PATH_LEVELS at position
// leafIndex mod 2^PATH_LEVELS: any other leaf needs a Poseidon(2) collision on the path.
template InstrumentInclusion(S, DEPTH, PATH_LEVELS) {
    assert(PATH_LEVELS > 0 && PATH_LEVELS < DEPTH);
    var CAP = 1 << (DEPTH - PATH_LEVELS);
    signal input enabled;
    signal input instrumentCap[CAP];
    signal input instrumentId;
    signal input groupWord;
    signal input mark;
    signal input floor;
    signal input risk[S];
    signal input leafIndex;
    signal input pathElements[PATH_LEVELS];

    signal indexBits[DEPTH] <== Num2Bits(DEPTH)(leafIndex);
    signal lowBits[PATH_LEVELS];
    for (var d = 0; d < PATH_LEVELS; d++) {
        lowBits[d] <== indexBits[d];
    }
    signal highBits[DEPTH - PATH_LEVELS];
    for (var d = PATH_LEVELS; d < DEPTH; d++) {
        highBits[d - PATH_LEVELS] <== indexBits[d];
    }

    signal leaf <== InstrumentLeaf(S)(instrumentId, groupWord, mark, floor, risk);
    signal node <== MerklePathNode(PATH_LEVELS)(leaf, lowBits, pathElements);
    signal capNode <== MuxByBits(DEPTH - PATH_LEVELS)(instrumentCap, highBits);
    (capNode - node) * enabled === 0;
}
