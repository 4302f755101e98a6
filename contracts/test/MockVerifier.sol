// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVerifier} from "../interfaces/IVerifier.sol";
import {IBatchVerifier} from "../interfaces/IBatchVerifier.sol";
import {IMarginEngineTypes} from "../interfaces/IMarginEngineTypes.sol";

/**
 * @title MockVerifier
 * @notice TEST ONLY. Stands in for the generated Groth16 verifier.
 * @dev verifyProof is `view` (the engine calls it with STATICCALL), so it cannot write down the
 * inputs it was called with. It "records" them by binding instead: in Bound mode it accepts a
 * proof only if the proof names exactly the public inputs it is checked against
 * (a = [stateHash, riskRoot], c[0] = multiplier; see `boundProof`). A test that builds the
 * expected inputs independently (SDK Poseidon) and sees the proof accepted has shown that the
 * engine passed exactly those inputs, and a proof made for one account, epoch or commitment is
 * rejected for any other, as a real verifier would. The cached-terms path keeps the binding:
 * basePoint([0, root, multiplier]) is the "point" (root, multiplier), and verifyProofFrom
 * compares a proof with it as verifyProof compares it with the inputs; verifyBatch applies
 * verifyProof's rule to every entry.
 */
contract MockVerifier is IBatchVerifier {
    enum Mode {
        Bound,
        AcceptAll,
        RejectAll
    }

    Mode public mode;

    /// @notice basePoint was asked for a point with a state hash in it.
    error MockVerifier__StateHashInBase();

    /// @notice Sets how verifyProof answers.
    function setMode(Mode newMode) external {
        mode = newMode;
    }

    /// @inheritdoc IVerifier
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata,
        uint256[2] calldata pC,
        uint256[3] calldata pubSignals
    ) external view override returns (bool) {
        return _answer(pA, pC, pubSignals[0], pubSignals[1], pubSignals[2]);
    }

    /// @inheritdoc IBatchVerifier
    function basePoint(uint256[3] calldata pubSignals) external pure override returns (uint256[2] memory) {
        // the engine caches the terms of root and multiplier only
        if (pubSignals[0] != 0) revert MockVerifier__StateHashInBase();
        return [pubSignals[1], pubSignals[2]];
    }

    /// @inheritdoc IBatchVerifier
    function verifyProofFrom(
        uint256[2] calldata pA,
        uint256[2][2] calldata,
        uint256[2] calldata pC,
        uint256[2] calldata base,
        uint256[3] calldata pubSignals
    ) external view override returns (bool) {
        if (pubSignals[1] != 0 || pubSignals[2] != 0) return false;
        return _answer(pA, pC, pubSignals[0], base[0], base[1]);
    }

    /// @inheritdoc IBatchVerifier
    function verifyBatch(
        IMarginEngineTypes.Proof[] calldata proofs,
        uint256[3][] calldata pub
    ) external view override returns (bool) {
        if (proofs.length == 0 || proofs.length != pub.length) return false;
        for (uint256 i = 0; i < proofs.length; ++i) {
            if (!_answer(proofs[i].a, proofs[i].c, pub[i][0], pub[i][1], pub[i][2])) return false;
        }
        return true;
    }

    function _answer(
        uint256[2] calldata pA,
        uint256[2] calldata pC,
        uint256 stateHash,
        uint256 root,
        uint256 multiplier
    ) private view returns (bool) {
        if (mode == Mode.AcceptAll) return true;
        if (mode == Mode.RejectAll) return false;
        return pA[0] == stateHash && pA[1] == root && pC[0] == multiplier;
    }
}
