pragma circom 2.1.9;

include "circomlib/circuits/poseidon.circom";
include "./bounds.circom";

// PositionCommitment(N): the venue-attested commitment of an account's private
// portfolio (PROTOCOL section 6):
//   slot_i        = Poseidon(3)(instrumentId_i, quantity_i, costBasis_i)
//   positionsHash = Poseidon(N)(slot_0..slot_{N-1})
//   commitment    = Poseidon(5)(account, positionsHash, cash, nonce, salt)
// Empty slots are (0, 0, 0) and hash like used ones.
// Assumes: nothing; it only hashes. Ranges of quantity, costBasis and cash are enforced
// by AccountValues; account, nonce (< 2^64) and salt are only bound by the commitment,
// which the venue attests.
template PositionCommitment(N) {
    assert(N > 0 && N <= MAX_POSITION_SLOTS());
    signal input account;
    signal input cash;
    signal input nonce;
    signal input salt;
    signal input instrumentId[N];
    signal input quantity[N];
    signal input costBasis[N];
    signal output commitment;

    signal slot[N];
    for (var i = 0; i < N; i++) {
        slot[i] <== Poseidon(3)([instrumentId[i], quantity[i], costBasis[i]]);
    }
    signal positionsHash <== Poseidon(N)(slot);
    commitment <== Poseidon(5)([account, positionsHash, cash, nonce, salt]);
}

// StateHash(N, K): stateHash = Poseidon(2)(commitment, Poseidon(W)(packed)), W = ceil(K/2),
// packed[i] = amount[2i] + 2^100 * amount[2i+1] (PROTOCOL section 6): the single stored word
// per account that binds the private portfolio and the public collateral balances. The
// engine hashes the same packing on-chain (circomlibjs makes Poseidon contracts of at most
// 6 inputs, so K = 8 amounts could not be hashed one per input).
// Assumes: 0 <= amount < 2^100, so that the packing is injective. StateHash only hashes;
// Solvency enforces the range in AccountValues (a caller using StateHash alone must too).
template StateHash(N, K) {
    assert(K > 0 && K <= MAX_COLLATERAL_SLOTS());
    assert(AMOUNT_PACK_SHIFT() >= AMOUNT_BITS());
    signal input account;
    signal input cash;
    signal input nonce;
    signal input salt;
    signal input instrumentId[N];
    signal input quantity[N];
    signal input costBasis[N];
    signal input amount[K];
    signal output stateHash;

    signal commitment <== PositionCommitment(N)(account, cash, nonce, salt, instrumentId, quantity, costBasis);
    // Balances packed two per word: amount[2i] + 2^100 * amount[2i + 1] (PROTOCOL section 6).
    // Injective because AccountValues range-checks every amount to 100 bits.
    var WORDS = (K + 1) \ 2;
    signal packed[WORDS];
    for (var i = 0; i < WORDS; i++) {
        if (2 * i + 1 < K) {
            packed[i] <== amount[2 * i] + amount[2 * i + 1] * (1 << AMOUNT_PACK_SHIFT());
        } else {
            packed[i] <== amount[2 * i];
        }
    }
    signal balancesHash <== Poseidon(WORDS)(packed);
    stateHash <== Poseidon(2)([commitment, balancesHash]);
}
