// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title LapseRules
 * @notice When an account with a commitment may be liquidated (IMarginEngine.liquidate). The
 * SDK keeper mirrors this file in src/chain/keeper.ts; both are tested against one table of
 * vectors (test/vectors/lapse-rules.json).
 *
 * An account proven at epoch `provenEpoch` until `validUntil` is overdue after
 *     deadline = min(validUntil, declaredAt(first stress epoch > provenEpoch)) + grace
 * where the stress declarations are kept in order (epochs strictly increasing, times
 * non-decreasing), so the FIRST declaration newer than the proven epoch is also the earliest
 * one that applies: a later declaration never moves an overdue account's deadline.
 * Lapse-liquidation further waits a full grace after the risk oracle came back (`liveSince`)
 * and after the last unpause (`resumeAt`):
 *     liquidatableAfter = max(deadline, liveSince + grace, resumeAt + grace)
 * and needs, at the time of liquidation, no pause and a fresh latest epoch.
 */
library LapseRules {
    /// @notice One stress declaration: proofs older than `epoch` lapse at `declaredAt + grace`.
    struct Declaration {
        uint64 epoch;
        uint64 declaredAt;
    }

    /// @notice Returned by {firstStressAfter} when no declaration applies.
    uint64 internal constant NONE = type(uint64).max;

    /**
     * @notice The declaration time of the first stress epoch newer than `provenEpoch`, or
     * {NONE}. A binary search: O(log n) storage reads, one when no declaration applies.
     * @param declarations The declarations, epochs strictly increasing.
     * @param provenEpoch The account's proven epoch.
     */
    function firstStressAfter(
        Declaration[] storage declarations,
        uint64 provenEpoch
    ) internal view returns (uint64) {
        uint256 hi = declarations.length;
        if (hi == 0 || declarations[hi - 1].epoch <= provenEpoch) return NONE;
        uint256 lo = 0;
        // invariant: the answer's index is in [lo, hi]; declarations[hi] (when hi < n) applies
        while (lo < hi) {
            uint256 mid = (lo + hi) >> 1;
            if (declarations[mid].epoch > provenEpoch) hi = mid;
            else lo = mid + 1;
        }
        return declarations[lo].declaredAt;
    }

    /**
     * @notice The last second at which the account is still safe: liquidation needs a block
     * time strictly after it (and no pause and a live oracle, see {liquidatableAt}).
     * @param declarations The stress declarations.
     * @param provenEpoch The account's proven epoch.
     * @param validUntil The account's validUntil.
     * @param grace The grace period.
     * @param liveSince Start of the risk oracle's current continuous run of fresh epochs.
     * @param resumeAt Time of the last unpause (0 = never paused).
     */
    function liquidatableAfter(
        Declaration[] storage declarations,
        uint64 provenEpoch,
        uint64 validUntil,
        uint64 grace,
        uint64 liveSince,
        uint64 resumeAt
    ) internal view returns (uint256 t) {
        t = validUntil;
        uint64 stressedAt = firstStressAfter(declarations, provenEpoch);
        if (stressedAt < t) t = stressedAt;
        if (liveSince > t) t = liveSince;
        if (resumeAt > t) t = resumeAt;
        t += grace;
    }

    /**
     * @notice Whether lapse-liquidation of an account with {liquidatableAfter} `safeUntil` may run at
     * `now`: not paused, a fresh latest epoch (the risk oracle is up), and past `safeUntil`.
     * @param safeUntil The account's liquidatableAfter.
     * @param nowTs The block time.
     * @param paused Whether the engine is paused.
     * @param latestExpiry The latest epoch's expiry.
     */
    function liquidatableAt(
        uint256 safeUntil,
        uint256 nowTs,
        bool paused,
        uint64 latestExpiry
    ) internal pure returns (bool) {
        return !paused && latestExpiry > nowTs && nowTs > safeUntil;
    }
}
