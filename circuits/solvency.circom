pragma circom 2.1.9;

include "circomlib/circuits/comparators.circom";
include "./bounds.circom";
include "./range-check.circom";
include "./instrument-inclusion.circom";
include "./risk-root.circom";
include "./state-hash.circom";
include "./account-values.circom";
include "./scenario-requirements.circom";
include "./solvency-inequality.circom";

// Solvency(N, K, G, S, DEPTH, PATH_LEVELS): proves that the account whose state is stateHash is
// solvent at margin multiplier `multiplier` under the risk epoch riskRoot (SPEC
// section 4; encodings, hash layouts and bounds of PROTOCOL sections 4, 6, 7, 8).
// Public inputs, in this order: stateHash, riskRoot, multiplier. No outputs.
//
// What binds what:
// - stateHash = Poseidon(2)(commitment, balancesHash) (StateHash), with balancesHash the
//   Poseidon hash of the ceil(K/2) words packing amount[K] two per word, binds the private
//   portfolio (instrumentId, quantity, costBasis, cash, account, nonce, salt) and the
//   public collateral balances amount[K].
// - riskRoot = Poseidon(4)(instrumentRoot, collateralRoot, epoch, timestamp) (RiskRoot)
//   binds the collateral table (token, groupTag, unitValue) and, via the instrument tree,
//   each non-empty position's (instrumentId, groupIndex, mark, floor, risk)
//   (InstrumentInclusion, switched off when quantity = 0). instrumentRoot is computed once
//   from instrumentCap, the tree's nodes at height PATH_LEVELS (MerkleCapRoot), and each
//   slot hashes its leaf up to the cap node its index selects. An empty slot must have
//   costBasis = instrumentId = 0, so it adds nothing to NLV, Floor or any requirement.
// Ranges enforced here: abs(quantity) < 2^64, abs(cash - sum costBasis) < 2^205,
// 0 <= amount < 2^100 (AccountValues); group selection (ScenarioRequirements);
// leafIndex < 2^DEPTH (InstrumentInclusion); witnesses, inequality and multiplier range
// (SolvencyInequality; Equity >= 0 follows from the final comparisons). Not range-checked:
// mark, floor, risk, unitValue, groupTag, token (bound by riskRoot to a table the SDK
// validated before publishing), and costBasis, cash, account, nonce, salt (bound by the
// venue-attested commitment to values the SDK validated). epoch and timestamp are only
// hashed; the engine checks them through the published root.
// Every slot costs the same constraints, used or empty. Widths and caps come from
// bounds.circom (N <= 16, K <= 8, G <= 4, S <= 16).
template Solvency(N, K, G, S, DEPTH, PATH_LEVELS) {
    assert(N > 0 && N <= MAX_POSITION_SLOTS() && K > 0 && K <= MAX_COLLATERAL_SLOTS());
    assert(G > 0 && G <= MAX_GROUPS() && S > 0 && S <= SCENARIOS());
    assert(PATH_LEVELS > 0 && PATH_LEVELS < DEPTH);

    // Public inputs (declared first: their order is the public signal order).
    signal input stateHash;
    signal input riskRoot;
    signal input multiplier;

    // Private portfolio.
    signal input account;
    signal input cash;
    signal input nonce;
    signal input salt;
    signal input instrumentId[N];
    signal input quantity[N];
    signal input costBasis[N];
    signal input groupIndex[N];
    signal input mark[N];
    signal input floor[N];
    signal input risk[N][S];
    signal input leafIndex[N];
    signal input pathElements[N][PATH_LEVELS];

    // Risk epoch: the instrument tree's nodes at height PATH_LEVELS, epoch and timestamp.
    signal input instrumentCap[1 << (DEPTH - PATH_LEVELS)];
    signal input epoch;
    signal input timestamp;

    // Collateral slots (amounts are public on-chain, private to the circuit).
    signal input amount[K];
    signal input token[K];
    signal input groupTag[K];
    signal input unitValue[K][S];

    // Per-group scan witnesses (max(0, max_s req[g][s]) when honest).
    signal input groupWitness[G];

    // 1. State: portfolio commitment and balances.
    signal computedStateHash <== StateHash(N, K)(account, cash, nonce, salt, instrumentId, quantity, costBasis, amount);
    computedStateHash === stateHash;

    // 2. Risk epoch: collateral table and instrument root (hashed once from the cap).
    signal instrumentRoot <== MerkleCapRoot(DEPTH - PATH_LEVELS)(instrumentCap);
    signal computedRiskRoot <== RiskRoot(K, S)(instrumentRoot, epoch, timestamp, token, groupTag, unitValue);
    computedRiskRoot === riskRoot;

    // 3. Each non-empty position's instrument data is a leaf of the instrument tree; an
    //    empty slot (quantity 0) carries nothing: cost basis and instrument id 0, as the SDK
    //    builds it (a committed empty slot with a cost basis would be free equity).
    signal isEmpty[N];
    for (var i = 0; i < N; i++) {
        isEmpty[i] <== IsZero()(quantity[i]);
        isEmpty[i] * costBasis[i] === 0;
        isEmpty[i] * instrumentId[i] === 0;
        InstrumentInclusion(S, DEPTH, PATH_LEVELS)(1 - isEmpty[i], instrumentCap, instrumentId[i], groupIndex[i], mark[i], floor[i], risk[i], leafIndex[i], pathElements[i]);
    }

    // 4. Margin figures and range checks of the private amounts.
    signal unitValue0[K];
    for (var j = 0; j < K; j++) {
        unitValue0[j] <== unitValue[j][0];
    }
    signal floorTotal;
    signal netLiquidationValue;
    signal haircutCollateral;
    signal equity;
    (floorTotal, netLiquidationValue, haircutCollateral, equity) <== AccountValues(N, K)(quantity, costBasis, mark, floor, cash, amount, unitValue0);

    // 5. Per-group scenario requirements.
    signal req[G][S] <== ScenarioRequirements(N, K, G, S)(quantity, groupIndex, risk, amount, groupTag, unitValue);

    // 6. 10000 * Equity >= M * max(sum_g w_g, Floor) (hence Equity >= 0), M in range.
    SolvencyInequality(G, S)(req, groupWitness, equity, floorTotal, multiplier);
}
