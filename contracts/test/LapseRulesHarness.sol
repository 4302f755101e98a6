// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {LapseRules} from "../libraries/LapseRules.sol";

/**
 * @title LapseRulesHarness
 * @notice TEST ONLY. Exposes {LapseRules} over a storage array of stress declarations, so that
 * test/vectors/lapse-rules.json checks the engine's rule and the SDK keeper's with one table.
 */
contract LapseRulesHarness {
    using LapseRules for LapseRules.Declaration[];

    LapseRules.Declaration[] private _declarations;

    /// @notice Replaces the declarations.
    function setDeclarations(uint64[] calldata epochs, uint64[] calldata declaredAt) external {
        delete _declarations;
        for (uint256 i = 0; i < epochs.length; ++i) {
            _declarations.push(LapseRules.Declaration({epoch: epochs[i], declaredAt: declaredAt[i]}));
        }
    }

    /// @notice {LapseRules-liquidatableAfter}.
    function liquidatableAfter(
        uint64 provenEpoch,
        uint64 validUntil,
        uint64 grace,
        uint64 liveSince,
        uint64 resumeAt
    ) external view returns (uint256) {
        return _declarations.liquidatableAfter(provenEpoch, validUntil, grace, liveSince, resumeAt);
    }

    /// @notice {LapseRules-liquidatableAt}.
    function liquidatableAt(
        uint256 safeUntil,
        uint256 nowTs,
        bool paused,
        uint64 latestExpiry
    ) external pure returns (bool) {
        return LapseRules.liquidatableAt(safeUntil, nowTs, paused, latestExpiry);
    }
}
