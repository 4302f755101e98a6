pragma circom 2.1.9;

include "circomlib/circuits/poseidon.circom";

// The instrument tree is a fixed-depth binary Poseidon(2) tree (PROTOCOL section 6). A proof
// opens up to N leaves of it. Their paths share only the top of the tree, so the circuit
// splits the tree at height PATH_LEVELS (PROTOCOL section 6, "cap"):
// - each slot hashes its leaf up PATH_LEVELS levels (MerklePathNode) to a node of that level;
// - the 2^(DEPTH - PATH_LEVELS) nodes of that level (the cap) are private inputs, hashed
//   once per proof to the root (MerkleCapRoot);
// - the slot's node must equal the cap node its high index bits select (MuxByBits).
// For 16 slots in a depth-10 tree (PATH_LEVELS 6) that is 16 x 6 + 15 = 111 Poseidon(2)
// calls instead of 160, the fewest any fixed circuit can use when the 16 leaves lie in
// different subtrees (levels 1..6 of their paths are then disjoint; levels 7..10 have
// 8 + 4 + 2 + 1 nodes).

// MerklePathNode(LEVELS): the node LEVELS levels above `leaf`, from the leaf's low index
// bits (least significant first; bit d is 1 when the node at level d is the right child)
// and its siblings. Internal node: Poseidon(2)(left, right); one product per level swaps
// the pair.
// Assumes: indexBits are boolean (the caller decomposed the index with Num2Bits).
template MerklePathNode(LEVELS) {
    assert(LEVELS > 0);
    signal input leaf;
    signal input indexBits[LEVELS];
    signal input pathElements[LEVELS];
    signal output node;

    signal nodes[LEVELS + 1];
    signal swap[LEVELS];
    nodes[0] <== leaf;
    for (var d = 0; d < LEVELS; d++) {
        // left = bit ? sibling : node; right = bit ? node : sibling.
        swap[d] <== indexBits[d] * (pathElements[d] - nodes[d]);
        nodes[d + 1] <== Poseidon(2)([nodes[d] + swap[d], pathElements[d] - swap[d]]);
    }
    node <== nodes[LEVELS];
}

// MerkleCapRoot(HEIGHT): the root of the binary Poseidon(2) tree whose 2^HEIGHT nodes at
// one level are `nodes` (in index order): 2^HEIGHT - 1 Poseidon(2) calls.
// Assumes: nothing (any field elements).
template MerkleCapRoot(HEIGHT) {
    assert(HEIGHT > 0);
    signal input nodes[1 << HEIGHT];
    signal output root;

    var WIDTH = 1 << HEIGHT;
    signal level[2 * WIDTH - 1];
    for (var k = 0; k < WIDTH; k++) {
        level[k] <== nodes[k];
    }
    // Level h occupies [start, start + WIDTH >> h); its parents follow it.
    var start = 0;
    var next = WIDTH;
    for (var h = 0; h < HEIGHT; h++) {
        var count = WIDTH >> h;
        for (var k = 0; k < count; k += 2) {
            level[next + k \ 2] <== Poseidon(2)([level[start + k], level[start + k + 1]]);
        }
        start = next;
        next += count \ 2;
    }
    root <== level[2 * WIDTH - 2];
}

// MuxByBits(B): out = values[index] for the index given by its B bits (least significant
// first), with 2^B - 1 products: each round halves the list, keeping of each pair the
// element its bit names.
// Assumes: bits are boolean (the caller decomposed the index with Num2Bits). Then out is
// exactly the addressed element.
template MuxByBits(B) {
    assert(B > 0);
    signal input values[1 << B];
    signal input bits[B];
    signal output out;

    var WIDTH = 1 << B;
    signal round[2 * WIDTH - 1];
    for (var k = 0; k < WIDTH; k++) {
        round[k] <== values[k];
    }
    var start = 0;
    var next = WIDTH;
    for (var b = 0; b < B; b++) {
        var count = WIDTH >> b;
        for (var k = 0; k < count; k += 2) {
            round[next + k \ 2] <== round[start + k] + bits[b] * (round[start + k + 1] - round[start + k]);
        }
        start = next;
        next += count \ 2;
    }
    out <== round[2 * WIDTH - 2];
}
