// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVerifier} from "../interfaces/IVerifier.sol";

/**
 * @title MockVerifier
 * @notice TEST ONLY. Stands in for the generated Groth16 verifier.
 * @dev verifyProof is `view` (the engine calls it with STATICCALL), so it cannot write down the
 * inputs it was called with. It "records" them by binding instead: in Bound mode it accepts a
 * proof only if the proof names exactly the public inputs it is checked against
 * (a = [stateHash, riskRoot], c[0] = multiplier; see `boundProof`). A test that builds the
 * expected inputs independently (SDK Poseidon) and sees the proof accepted has shown that the
 * engine passed exactly those inputs, and a proof made for one account, epoch or commitment is
 * rejected for any other, as a real verifier would.
 */
contract MockVerifier is IVerifier {
    enum Mode {
        Bound,
        AcceptAll,
        RejectAll
    }

    Mode public mode;

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
        if (mode == Mode.AcceptAll) return true;
        if (mode == Mode.RejectAll) return false;
        return pA[0] == pubSignals[0] && pA[1] == pubSignals[1] && pC[0] == pubSignals[2];
    }
}
