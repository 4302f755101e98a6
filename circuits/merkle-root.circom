pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/poseidon.circom";

// MerkleRoot(DEPTH): the root of a fixed-depth binary Poseidon tree from a leaf, its
// index and its sibling path (PROTOCOL section 6, instrument tree).
// - leafIndex is decomposed into DEPTH bits (Num2Bits), which enforces
//   0 <= leafIndex < 2^DEPTH and gives the path: bit d (least significant first) is 1
//   when the node at level d is the right child.
// - Internal node: Poseidon(2)(left, right). One multiplication per level swaps the pair.
// Assumes: nothing about leaf or pathElements (any field elements).
// Enforces: the leafIndex range. The caller compares the output with a root.
template MerkleRoot(DEPTH) {
    assert(DEPTH > 0);
    signal input leaf;
    signal input leafIndex;
    signal input pathElements[DEPTH];
    signal output root;

    signal indexBits[DEPTH] <== Num2Bits(DEPTH)(leafIndex);
    signal nodes[DEPTH + 1];
    signal swap[DEPTH];
    nodes[0] <== leaf;
    for (var d = 0; d < DEPTH; d++) {
        // left = bit ? sibling : node; right = bit ? node : sibling.
        swap[d] <== indexBits[d] * (pathElements[d] - nodes[d]);
        nodes[d + 1] <== Poseidon(2)([nodes[d] + swap[d], pathElements[d] - swap[d]]);
    }
    root <== nodes[DEPTH];
}
