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
include "./tiers.circom";
include "./concentration.circom";

// Solvency(N, K, G, S, DEPTH, PATH_LEVELS): proves that the account whose state is stateHash is
// solvent at margin multiplier `multiplier` under the risk epoch riskRoot (SPEC
// sections 4 and 7.1; encodings, hash layouts and bounds of PROTOCOL sections 4, 6, 7, 8):
// 10000 Equity >= M (max(Scan, Floor) + Liquidity), with the one-factor correlation offset in
// Scan, the concentration add-on and tiered collateral's effective amounts.
// Public inputs, in this order: stateHash, riskRoot, multiplier. No outputs.
//
// What binds what:
// - stateHash = Poseidon(2)(commitment, balancesHash) (StateHash), with balancesHash the
//   Poseidon hash of the ceil(K/2) words packing amount[K] two per word, binds the private
//   portfolio (instrumentId, quantity, costBasis, cash, account, nonce, salt) and the
//   public collateral balances amount[K].
// - riskRoot = Poseidon(4)(instrumentRoot, collateralRoot, epochWord, timestamp) (RiskRoot)
//   binds the correlations (epochWord = epoch + 2^64 sum_g 2^(14 g) r_g), the collateral
//   table (token, tagWord = groupTag with the tier data, unitValue) and, via the instrument
//   tree, each non-empty position's (instrumentId, groupWord = groupIndex with the
//   concentration threshold and charge, mark, floor, risk)
//   (InstrumentInclusion, switched off when quantity = 0). instrumentRoot is computed once
//   from instrumentCap, the tree's nodes at height PATH_LEVELS (MerkleCapRoot), and each
//   slot hashes its leaf up to the cap node its index selects. An empty slot must have
//   costBasis = instrumentId = 0, so it adds nothing to NLV, Floor or any requirement.
// Ranges enforced here: abs(quantity) < 2^64, abs(cash - sum costBasis) < 2^205,
// 0 <= amount < 2^100 (AccountValues); group selection (ScenarioRequirements);
// leafIndex < 2^DEPTH (InstrumentInclusion); witnesses, inequality and multiplier range
// (SolvencyInequality, CorrelatedScan; Equity >= 0 follows from the final comparisons);
// excess and charge (ConcentrationAddOn); tier factors, comparisons and floor divisions
// (TieredAmount); epoch < 2^64 and 0 <= r_g <= 10000, which with the checks above fix the
// parts of the packed words (PROTOCOL section 6). Not range-checked: mark, floor, risk,
// unitValue, groupTag, token, threshold, tier starts (bound by riskRoot to a table the SDK
// validated before publishing), and costBasis, cash, account, nonce, salt (bound by the
// venue-attested commitment to values the SDK validated). timestamp is only hashed; the
// engine checks it through the published root.
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

    // Concentration add-on (SPEC 7.1): per slot the instrument's threshold T and charge L
    // (packed into the leaf's groupWord) and the excess witness max(0, abs(q) - T).
    signal input liquidityThreshold[N];
    signal input liquidityCharge[N];
    signal input excessWitness[N];

    // Collateral slots (amounts are public on-chain, private to the circuit), with their tier
    // data (SPEC 7.1, packed into the leaf's tagWord): gap D_t = 2^100 - A_t and factor f_t.
    signal input amount[K];
    signal input token[K];
    signal input groupTag[K];
    signal input unitValue[K][S];
    signal input tierGap[K][2];
    signal input tierFactor[K][2];

    // Per-group scan witnesses (max(0, max_s req[g][s]) when honest), the groups'
    // correlations r_g (packed into the root's epochWord), the joint-scenario witness j and
    // the Scan witness (SPEC 7.1).
    signal input groupWitness[G];
    signal input correlation[G];
    signal input jointWitness;
    signal input scanWitness;

    // 1. State: portfolio commitment and balances.
    signal computedStateHash <== StateHash(N, K)(account, cash, nonce, salt, instrumentId, quantity, costBasis, amount);
    computedStateHash === stateHash;

    // 2. Risk epoch: collateral table and instrument root (hashed once from the cap), with the
    //    v2 data in the packed words of PROTOCOL section 6 (absent data: the v1 words). The
    //    parts are fixed by range checks: epoch here, r_g in CorrelatedScan, f_t and D_t in
    //    TieredAmount, T and L in ConcentrationAddOn, g and the tag by OneHot.
    _ <== RangeCheck(EPOCH_BITS())(epoch);
    var epochWord = epoch;
    for (var g = 0; g < G; g++) {
        epochWord += correlation[g] * (1 << (EPOCH_WORD_CORRELATION_SHIFT() + CORRELATION_BITS() * g));
    }
    signal tagWord[K];
    for (var j = 0; j < K; j++) {
        tagWord[j] <== groupTag[j]
            + tierFactor[j][0] * (1 << TAG_WORD_FACTOR1_SHIFT())
            + tierFactor[j][1] * (1 << TAG_WORD_FACTOR2_SHIFT())
            + tierGap[j][0] * (1 << TAG_WORD_DISTANCE1_SHIFT())
            + tierGap[j][1] * (1 << TAG_WORD_DISTANCE2_SHIFT());
    }
    signal instrumentRoot <== MerkleCapRoot(DEPTH - PATH_LEVELS)(instrumentCap);
    signal computedRiskRoot <== RiskRoot(K, S)(instrumentRoot, epochWord, timestamp, token, tagWord, unitValue);
    computedRiskRoot === riskRoot;

    // 3. Each non-empty position's instrument data is a leaf of the instrument tree; an
    //    empty slot (quantity 0) carries nothing: cost basis and instrument id 0, as the SDK
    //    builds it (a committed empty slot with a cost basis would be free equity).
    signal isEmpty[N];
    signal groupWord[N];
    for (var i = 0; i < N; i++) {
        isEmpty[i] <== IsZero()(quantity[i]);
        isEmpty[i] * costBasis[i] === 0;
        isEmpty[i] * instrumentId[i] === 0;
        groupWord[i] <== groupIndex[i]
            + liquidityThreshold[i] * (1 << GROUP_WORD_THRESHOLD_SHIFT())
            + liquidityCharge[i] * (1 << GROUP_WORD_CHARGE_SHIFT());
        InstrumentInclusion(S, DEPTH, PATH_LEVELS)(1 - isEmpty[i], instrumentCap, instrumentId[i], groupWord[i], mark[i], floor[i], risk[i], leafIndex[i], pathElements[i]);
    }

    // 4. Margin figures and range checks of the private amounts; effective amounts of tiered
    //    collateral (e_j = a_j without tiers).
    signal effectiveAmount[K];
    signal unitValue0[K];
    for (var j = 0; j < K; j++) {
        effectiveAmount[j] <== TieredAmount()(amount[j], tierGap[j], tierFactor[j]);
        unitValue0[j] <== unitValue[j][0];
    }
    signal absQuantity[N];
    signal floorTotal;
    signal netLiquidationValue;
    signal haircutCollateral;
    signal equity;
    (absQuantity, floorTotal, netLiquidationValue, haircutCollateral, equity) <== AccountValues(N, K)(quantity, costBasis, mark, floor, cash, amount, effectiveAmount, unitValue0);
    signal liquidity <== ConcentrationAddOn(N)(absQuantity, isEmpty, liquidityThreshold, liquidityCharge, excessWitness);

    // 5. Per-group scenario requirements (wrong-way risk on the effective amounts).
    signal req[G][S] <== ScenarioRequirements(N, K, G, S)(quantity, groupIndex, risk, effectiveAmount, groupTag, unitValue);

    // 6. 10000 * Equity >= M * (max(Scan, Floor) + Liquidity) (hence Equity >= 0), M in range.
    SolvencyInequality(G, S)(req, groupWitness, correlation, jointWitness, scanWitness, liquidity, equity, floorTotal, multiplier);
}
