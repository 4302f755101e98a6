// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVerifier} from "./IVerifier.sol";
import {IMarginEngineTypes} from "./IMarginEngineTypes.sol";

/**
 * @title IBatchVerifier
 * @notice The verifier the engine uses: contracts/generated/SolvencyBatchVerifier<Name>.sol,
 * generated from the instance's verification key by src/node/pipeline/batch-verifier.ts (and
 * regenerated and compared by `zkmargin audit`). Beside the snarkjs verifier's `verifyProof`
 * it verifies from a cached public-input point and verifies k proofs in one pairing check.
 * Public inputs are [stateHash, riskRoot, multiplier] as in {IVerifier}.
 */
interface IBatchVerifier is IVerifier {
    /**
     * @notice IC_0 + sum_j pubSignals[j] IC_{j+1}: the public-input point of `pubSignals`, to
     * cache for {verifyProofFrom}. Reverts on an input >= r.
     * @param pubSignals Inputs; the engine passes [0, riskRoot, multiplier].
     * @return point The G1 point (x, y).
     */
    function basePoint(uint256[3] calldata pubSignals) external view returns (uint256[2] memory point);

    /**
     * @notice {verifyProof} with the public-input point started at `base` (from {basePoint})
     * instead of IC_0; `pubSignals` carries the inputs the base does not cover, 0 elsewhere.
     * @param pA Proof element A (G1).
     * @param pB Proof element B (G2), in snarkjs calldata order.
     * @param pC Proof element C (G1).
     * @param base A point returned by {basePoint}; trusted.
     * @param pubSignals The remaining inputs (the engine passes [stateHash, 0, 0]).
     * @return True when the proof is valid for the inputs base and pubSignals stand for.
     */
    function verifyProofFrom(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[2] calldata base,
        uint256[3] calldata pubSignals
    ) external view returns (bool);

    /**
     * @notice Verifies k proofs in one pairing check of k + 3 pairs, with a random linear
     * combination whose coefficients come from a keccak256 transcript of every proof and input.
     * @param proofs The proofs.
     * @param pub Public inputs, one triple per proof.
     * @return ok True when every proof is valid for its inputs; false for an empty batch, arrays
     * of different lengths, an input >= r or a point off the curve or outside G2.
     */
    function verifyBatch(
        IMarginEngineTypes.Proof[] calldata proofs,
        uint256[3][] calldata pub
    ) external view returns (bool ok);
}
