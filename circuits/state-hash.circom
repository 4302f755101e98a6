pragma circom 2.1.9;

include "circomlib/circuits/poseidon.circom";
include "./bounds.circom";

// PositionCommitment(N): the venue-attested commitment of an account's private
// portfolio (PROTOCOL section 6). When the 3N + 4 values fit one Poseidon (N <= 4):
//   commitment = Poseidon(3N + 4)(account, instrumentId[0..N-1], quantity[0..N-1],
//                                 costBasis[0..N-1], cash, nonce, salt)
// otherwise
//   commitment = Poseidon(7)(account, Poseidon(N)(instrumentId[0..N-1]),
//                            Poseidon(N)(quantity[0..N-1]), Poseidon(N)(costBasis[0..N-1]),
//                            cash, nonce, salt)
// Each list is hashed in slot order, so every value is bound to its slot. Empty slots are
// (0, 0, 0) and hash like used ones. Three wide hashes cost 3 x 609 + 381 = 2,208
// constraints at N = 16 against 5,106 for a Poseidon(3) per slot under a Poseidon(16); at
// N = 4 one Poseidon(16) costs 609 against 1,272 for the three-list form.
// Assumes: nothing; it only hashes. abs(quantity) < 2^64 is enforced by AccountValues;
// costBasis and cash are bound by this commitment to values the SDK validated (abs < 2^200)
// before the venue attested it, and AccountValues range-checks cash - sum(costBasis), the
// only way they enter the margin. account, nonce (< 2^64) and salt are only bound by the
// commitment, which the venue attests.
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

    if (3 * N + 4 <= 16) {
        signal flat[3 * N + 4];
        flat[0] <== account;
        for (var i = 0; i < N; i++) {
            flat[1 + i] <== instrumentId[i];
            flat[1 + N + i] <== quantity[i];
            flat[1 + 2 * N + i] <== costBasis[i];
        }
        flat[3 * N + 1] <== cash;
        flat[3 * N + 2] <== nonce;
        flat[3 * N + 3] <== salt;
        commitment <== Poseidon(3 * N + 4)(flat);
    } else {
        signal idsHash <== Poseidon(N)(instrumentId);
        signal quantitiesHash <== Poseidon(N)(quantity);
        signal costBasesHash <== Poseidon(N)(costBasis);
        commitment <== Poseidon(7)([account, idsHash, quantitiesHash, costBasesHash, cash, nonce, salt]);
    }
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
