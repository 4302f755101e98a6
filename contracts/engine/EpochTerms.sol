// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IMarginEngineTypes} from "../interfaces/IMarginEngineTypes.sol";
import {IBatchVerifier} from "../interfaces/IBatchVerifier.sol";
import {MAX_PROOF_TTL, MAX_VALIDITY_TIERS, MULTIPLIER_MAX} from "../libraries/Bounds.sol";

/**
 * @title EpochTerms
 * @notice The engine's validity tiers and its verifier calls with cached epoch terms
 * (SPEC section 7.2, docs/PROTOCOL.md section 7).
 *
 * Tiers: tier 0 is (maintenanceMultiplier, proofTtl); up to MAX_VALIDITY_TIERS - 1 tiers above
 * it, multipliers strictly increasing and TTLs non-decreasing. A renewal at tier t is verified
 * at multiplier_t and is valid until max(expiry, epochTimestamp + ttl_t).
 *
 * Cached epoch terms: of a proof's public-input point IC_0 + stateHash IC_1 + riskRoot IC_2 +
 * multiplier IC_3, everything but the state hash's term is constant for an (epoch, multiplier).
 * For the latest epoch the engine keeps that part per tier and for the initial multiplier
 * (computed by the verifier's basePoint when the epoch is published, and again when the
 * multipliers change), so a renewal against the latest epoch pays one scalar multiplication
 * instead of three. A proof against an older (still fresh) epoch is verified in full.
 */
abstract contract EpochTerms is IMarginEngineTypes {
    /// @notice The generated Groth16 verifier of the solvency circuit (single, cached and batch).
    IBatchVerifier public immutable verifier;

    uint256 private constant _LANE = 64;
    uint256 private constant _MASK32 = type(uint32).max;

    /// @dev The tiers above tier 0: tier t (t >= 1) in bits [64(t-1), 64t) as
    /// multiplier | ttl << 32; tiers are contiguous from 1 and an unused lane is 0.
    uint256 private _tierWord;
    /// @dev basePoint([0, riskRoot(latest), multiplier_t]) per tier t.
    uint256[2][MAX_VALIDITY_TIERS] private _tierBase;
    /// @dev basePoint([0, riskRoot(latest), initialMultiplier]) (withdrawals).
    uint256[2] private _withdrawBase;

    constructor(IBatchVerifier verifier_) {
        verifier = verifier_;
    }

    // ------------------------------------------------------------------ tiers

    /// @dev The packed tiers above tier 0.
    function _tiersAbove() internal view returns (uint256) {
        return _tierWord;
    }

    /// @dev Number of tiers, tier 0 included.
    function _tierCount(uint256 word) internal pure returns (uint256 n) {
        n = 1;
        while (n < MAX_VALIDITY_TIERS && (word >> (_LANE * (n - 1))) & _MASK32 != 0) ++n;
    }

    /// @dev Multiplier and TTL of tier t >= 1 of `word` (zero when unused).
    function _tierAbove(uint256 word, uint256 t) internal pure returns (uint256 multiplier, uint256 ttl) {
        uint256 lane = word >> (_LANE * (t - 1));
        return (lane & _MASK32, (lane >> 32) & _MASK32);
    }

    /// @dev Packs `above` after checking it against tier 0 = (maintenance, proofTtl).
    function _packTiers(
        ValidityTier[] memory above,
        uint256 maintenance,
        uint256 proofTtl
    ) internal pure returns (uint256 word) {
        if (above.length >= MAX_VALIDITY_TIERS) revert MarginEngine__InvalidValidityTier(above.length);
        (uint256 m, uint256 ttl) = (maintenance, proofTtl);
        for (uint256 i = 0; i < above.length; ++i) {
            ValidityTier memory t = above[i];
            if (t.multiplier <= m || t.multiplier > MULTIPLIER_MAX || t.ttl < ttl || t.ttl > MAX_PROOF_TTL) {
                revert MarginEngine__InvalidValidityTier(i + 1);
            }
            (m, ttl) = (t.multiplier, t.ttl);
            word |= (uint256(t.multiplier) | (uint256(t.ttl) << 32)) << (_LANE * i);
        }
    }

    /// @dev The tiers above tier 0 of `word`, unpacked.
    function _unpackTiers(uint256 word) internal pure returns (ValidityTier[] memory above) {
        uint256 n = _tierCount(word) - 1;
        above = new ValidityTier[](n);
        for (uint256 t = 1; t <= n; ++t) {
            (uint256 m, uint256 ttl) = _tierAbove(word, t);
            above[t - 1] = ValidityTier({multiplier: uint32(m), ttl: uint32(ttl)});
        }
    }

    function _setTierWord(uint256 word) internal {
        _tierWord = word;
    }

    // ------------------------------------------------------------------ cached terms

    /// @dev Recomputes the cached terms of the latest epoch's `root` for every tier and the
    /// initial multiplier (`maintenance` is tier 0's multiplier).
    function _refreshBases(uint256 root, uint256 maintenance, uint256 initial, uint256 word) internal {
        uint256 n = _tierCount(word);
        for (uint256 t = 0; t < n; ++t) {
            (uint256 m, ) = t == 0 ? (maintenance, 0) : _tierAbove(word, t);
            _tierBase[t] = verifier.basePoint([0, root, m]);
        }
        _withdrawBase = verifier.basePoint([0, root, initial]);
    }

    /// @dev Verifies `proof` for `stateHash` against the latest epoch at tier t's multiplier,
    /// or at the initial multiplier when t is MAX_VALIDITY_TIERS (a withdrawal).
    function _verifyLatest(uint256 stateHash, uint256 t, Proof calldata proof) internal view {
        uint256[2] memory base = t < MAX_VALIDITY_TIERS ? _tierBase[t] : _withdrawBase;
        _check(verifier.verifyProofFrom(proof.a, proof.b, proof.c, base, [stateHash, 0, 0]));
    }

    /// @dev Verifies `proof` for all three public inputs (an epoch older than the latest).
    function _verifyFull(uint256 stateHash, uint256 root, uint256 multiplier, Proof calldata proof) internal view {
        _check(verifier.verifyProof(proof.a, proof.b, proof.c, [stateHash, root, multiplier]));
    }

    function _check(bool ok) private pure {
        if (!ok) revert MarginEngine__InvalidProof();
    }
}
