// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IMarginEngineTypes} from "./IMarginEngineTypes.sol";

/**
 * @title IMarginEngine
 * @notice zkmargin's on-chain margin engine (SPEC section 2). It holds collateral per account
 * and slot, publishes risk epochs, accepts Groth16 solvency proofs in place of public
 * positions, and lets anyone liquidate an account whose proof has lapsed.
 *
 * State of an account (docs/PROTOCOL.md sections 6-7):
 *   balancesHash = Poseidon_ceil(K/2)(a_0 + 2^100 a_1, a_2 + 2^100 a_3, ...)   (slot order)
 *   stateHash    = Poseidon_2(commitment, balancesHash)
 * (both computed from the account's first attestation on; 0 before, when nothing reads them)
 * A proof's public inputs are always rebuilt by the engine from its own storage:
 *   [stateHash(account), riskRoot(epoch), multiplier]
 * with the maintenance multiplier for renewals and attestations and the initial multiplier
 * for withdrawals. Nothing the caller passes ends up in the public inputs.
 *
 * Lifecycle: an account with no attested commitment holds no positions: it may deposit and
 * withdraw freely and cannot be liquidated. The venue's attestation and a proof for it land
 * together (`attestAndProve`), so an account with a commitment always has a proof. From then
 * on the account renews its proof (`submitProof`, anyone may relay it) before
 * `validUntil + grace`, or anyone may `liquidate` it. docs/AUDIT.md "Faults" says what the
 * engine promises under stress declarations, pause, oracle outage, venue key compromise,
 * hostile tokens and parameter changes.
 */
interface IMarginEngine is IMarginEngineTypes {
    // ------------------------------------------------------------------ admin

    /**
     * @notice Binds `token` to collateral slot `slot`, once per slot and once per token.
     * The slot order must equal the collateral table order of the risk epochs (PROTOCOL
     * section 6): slot j of the engine is slot j of `balancesHash` and of the circuit.
     * @dev COLLATERAL_ROLE or DEFAULT_ADMIN_ROLE. Only plain ERC-20s: fee-on-transfer tokens
     * are refused at deposit, rebasing tokens are not supported.
     * @param token The ERC-20 token.
     * @param slot The slot index, below K.
     */
    function registerCollateral(address token, uint256 slot) external;

    /**
     * @notice Sets all parameters at once. Bounds: 60 s <= proofTtl <= 30 days,
     * grace <= 7 days, 10000 <= maintenanceMultiplier <= initialMultiplier <= 1000000,
     * keeperRewardBps <= 1000. proofTtl is fixed into each epoch's expiry when the epoch is
     * published, so a change applies to later epochs only and never makes a stale epoch fresh
     * again; grace is read when liquidating, so a change applies at once. The validity tiers
     * must still lie above (maintenanceMultiplier, proofTtl) (`setValidityTiers`).
     * @dev DEFAULT_ADMIN_ROLE. Recomputes the latest epoch's cached terms.
     * @param newParams The new parameters.
     */
    function setParams(Params calldata newParams) external;

    /**
     * @notice Sets the validity tiers above tier 0 = (maintenanceMultiplier, proofTtl): at most
     * MAX_VALIDITY_TIERS - 1, multipliers strictly increasing from the maintenance multiplier
     * up to MAX_MULTIPLIER, TTLs non-decreasing from proofTtl up to MAX_PROOF_TTL. An empty list
     * leaves tier 0 only. A change applies to the next renewal (also against the current
     * epoch); validity already granted stays. `setParams` refuses parameters the tiers no
     * longer fit (change the tiers first). Emits ValidityTiersUpdated.
     * @dev DEFAULT_ADMIN_ROLE. Recomputes the latest epoch's cached terms.
     * @param tiers The tiers above tier 0, in increasing order.
     */
    function setValidityTiers(ValidityTier[] calldata tiers) external;

    /**
     * @notice Sets the address that is credited seized collateral minus the keeper reward.
     * Credits already made stay with the previous receiver.
     * @dev DEFAULT_ADMIN_ROLE.
     * @param receiver The new receiver, non-zero and not the engine.
     */
    function setLiquidationReceiver(address receiver) external;

    /**
     * @notice Pauses new positions (attestations) and lapse-liquidation. Deposits, renewals and
     * withdrawals stay open, so that an account can defend itself throughout; after the unpause
     * every account gets a full grace period before lapse-liquidation resumes.
     * @dev RISK_ROLE or DEFAULT_ADMIN_ROLE.
     */
    function pause() external;

    /**
     * @notice Lifts a pause; lapse-liquidation resumes `grace` seconds later (LiquidationsResume).
     * @dev RISK_ROLE or DEFAULT_ADMIN_ROLE.
     */
    function unpause() external;

    /**
     * @notice Suspends (or resumes) proof-gated withdrawals: the switch for a verifier or key
     * found broken, when a forged proof could take collateral out. Withdrawals of accounts
     * without a commitment (no positions, no proof) stay open.
     * @dev GUARDIAN_ROLE or DEFAULT_ADMIN_ROLE may suspend; only DEFAULT_ADMIN_ROLE may resume,
     * so a compromised guardian key can only stop withdrawals, never reopen them.
     * @param suspended True to suspend, false to resume.
     */
    function setWithdrawalsSuspended(bool suspended) external;

    // ------------------------------------------------------------------ risk

    /**
     * @notice Publishes a risk epoch. `epoch` must exceed the latest epoch by at most
     * MAX_EPOCH_STEP (so that publishing never runs out of epoch numbers); `timestamp` must be
     * non-zero, not in the future, not earlier than the latest epoch's, and fresh
     * (timestamp + proofTtl > now); `riskRoot` must be a non-zero field element (below the
     * BN254 scalar modulus), else it could never be a public input; `collateralHash` must be
     * `collateralHash()`, the hash of the engine's slot tokens in order, as the SDK computes it
     * from the risk table (a table for other tokens is refused). The epoch's expiry is fixed
     * now: timestamp + proofTtl. If no fresh epoch existed, the risk oracle's liveness restarts
     * now (RiskOracleLive) and lapse-liquidation waits a full grace.
     * @dev RISK_ROLE.
     * @param epoch The epoch number.
     * @param riskRoot The risk-table root (the SDK's `riskRoot` for this epoch and timestamp).
     * @param timestamp The risk table's timestamp.
     * @param collateralHash keccak256(abi.encode(address[K])) of the table's slot tokens.
     */
    function publishEpoch(uint64 epoch, uint256 riskRoot, uint64 timestamp, bytes32 collateralHash) external;

    /**
     * @notice Declares a stress epoch: no proof against an older epoch is accepted any more,
     * and every account whose proven epoch is older than `epoch` becomes liquidatable `grace`
     * seconds from now, whatever its validUntil. Declarations accumulate: an account's stress
     * deadline is fixed by the FIRST declared stress epoch newer than its proven epoch, so
     * declaring again never gives an overdue account a new grace.
     * @dev RISK_ROLE. `epoch` must be published, fresh and later than the current stress epoch.
     * @param epoch A published epoch.
     */
    function declareStress(uint64 epoch) external;

    // ------------------------------------------------------------------ collateral

    /**
     * @notice Deposits `amount` of a registered token into the caller's account and, if it has
     * a commitment, updates its balancesHash and stateHash. The engine measures its balance before and after the
     * transfer and reverts with `MarginEngine__FeeOnTransfer` if fewer tokens arrived, so
     * fee-on-transfer tokens cannot be used. A slot's balance must stay below 2^100.
     * @dev Never paused: a deposit adds no risk and is how an account defends itself.
     * Changing the stateHash does not invalidate the current proof:
     * it stays valid until its validUntil (more collateral only helps, and requiring a new proof
     * for a top-up would stop a trader from rescuing an account close to liquidation). The next
     * renewal must prove against the new stateHash.
     * @param token A registered collateral token.
     * @param amount Amount in base units, non-zero.
     */
    function deposit(address token, uint256 amount) external;

    /**
     * @notice Withdraws `amount` of `token` from the caller's account to the caller. An account
     * with an attested commitment needs a proof, at the initial multiplier and against the
     * latest epoch (`epoch` must equal `latestEpoch` and be fresh), for the post-withdrawal
     * balances. The proof also renews the account (initial >= maintenance multiplier). An
     * account without a commitment holds no positions: `epoch` and `proof` are ignored.
     * @dev Never paused; proof-gated withdrawals stop while the guardian suspends them
     * (`setWithdrawalsSuspended`). Checks, effects (balances, hashes, proof state), then the transfer.
     * @param token A registered collateral token.
     * @param amount Amount in base units, non-zero, at most the balance.
     * @param epoch The latest epoch.
     * @param proof A proof for [stateHash after the withdrawal, riskRoot(epoch), initialMultiplier].
     */
    function withdraw(address token, uint256 amount, uint64 epoch, Proof calldata proof) external;

    // ------------------------------------------------------------------ proofs

    /**
     * @notice Makes a venue-attested commitment the account's commitment, together with a proof
     * for it: the engine computes the new stateHash from `commitment` and the current balances,
     * verifies the proof against it (maintenance multiplier), and only then stores it. There is
     * never a moment in which an unproven commitment stands.
     * @dev Only the account itself may call (`msg.sender == account`): a venue key alone can
     * never bind a commitment to an account (use `attestAndProveFor` to relay with the owner's
     * signature). Paused with new positions. The EIP-712 message is
     * `Attestation(address account,uint256 commitment,uint256 nonce,uint64 deadline)`, signed
     * by a VENUE_ROLE holder; `nonce` must equal the account's next nonce, so a signature works
     * once, and not after `deadline`. The epoch must be published, fresh, not before the stress
     * epoch and not older than the account's proven epoch. Sets validUntil = expiry(epoch).
     * The multiplier is the maintenance one: the venue, which sees the trade, applies its
     * pre-trade initial-margin check itself, and a risk-reducing trade of an account between
     * maintenance and initial margin must remain possible.
     * @param account The account; must be msg.sender.
     * @param commitment The new position commitment, a non-zero field element.
     * @param nonce The account's next attestation nonce.
     * @param deadline The last second at which the attestation may be used.
     * @param signature 65-byte ECDSA signature of the EIP-712 digest.
     * @param epoch The epoch the proof was made against.
     * @param proof A proof for [Poseidon2(commitment, balancesHash), riskRoot(epoch), maintenanceMultiplier].
     */
    function attestAndProve(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature,
        uint64 epoch,
        Proof calldata proof
    ) external;

    /**
     * @notice `attestAndProve` relayed by anyone, with the account's consent: the account signs
     * `Consent(address account,uint256 commitment,uint256 nonce,uint64 deadline)` under the
     * engine's EIP-712 domain (an EOA's ECDSA signature, or ERC-1271 for a contract account).
     * @dev Everything else as `attestAndProve`.
     * @param account The account.
     * @param commitment The new position commitment.
     * @param nonce The account's next attestation nonce.
     * @param deadline The last second at which attestation and consent may be used.
     * @param venueSignature The venue's attestation signature.
     * @param ownerSignature The account's consent signature.
     * @param epoch The epoch the proof was made against.
     * @param proof The proof.
     */
    function attestAndProveFor(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata venueSignature,
        bytes calldata ownerSignature,
        uint64 epoch,
        Proof calldata proof
    ) external;

    /**
     * @notice Invalidates every outstanding attestation of `account` by advancing its nonce
     * (a venue that re-signs a trade must retire the older signature with the same nonce).
     * @dev VENUE_ROLE.
     * @param account The account.
     */
    function cancelAttestation(address account) external;

    /**
     * @notice Renews an account's proof at validity tier `tier`. Anyone may submit: the proof
     * is bound to the account's stored stateHash, so a relayer cannot change what it proves.
     * Public inputs are [stateHash(account), riskRoot(epoch), multiplier_tier], all from
     * storage (the latest epoch's terms cached, see `setValidityTiers`).
     * @dev The epoch must be published, fresh (expiry > now), not before the stress epoch and
     * not older than the account's proven epoch (so validUntil and provenEpoch never go back).
     * validUntil becomes max(validUntil, expiry(epoch), timestamp(epoch) + ttl_tier): a relayer
     * replaying an old proof or a lower tier can never shorten it. Frozen accounts and accounts
     * without a commitment are refused. Emits ProofAccepted(account, epoch, validUntil).
     * @param account The account.
     * @param epoch The epoch the proof was made against.
     * @param tier The validity tier the proof was made for (0 = maintenance multiplier).
     * @param proof The proof.
     */
    function submitProof(address account, uint64 epoch, uint256 tier, Proof calldata proof) external;

    /**
     * @notice Batch renewal for relayers and keepers, all or nothing: every entry is checked
     * as `submitProof` checks it (the first that may not renew reverts the batch with that
     * error), then all proofs are verified by ONE pairing check (k + 3 pairings, coefficients
     * from a keccak256 transcript of every proof and public input, never from the caller), so
     * one invalid proof reverts the batch with InvalidBatchProof. Relayers check each entry
     * off-chain first (`zkmargin` does). Each renewal is then applied as `submitProof` applies it.
     * @dev Accounts must be strictly increasing (BatchNotSorted otherwise), which also refuses
     * an account named twice. Reverts on arrays of different lengths and on an empty batch.
     * @param accounts The accounts, strictly increasing.
     * @param epochs The epochs, one per account.
     * @param tiers The validity tiers, one per account.
     * @param proofs The proofs, one per account.
     * @return accepted How many renewals were verified and applied.
     */
    function submitProofs(
        address[] calldata accounts,
        uint64[] calldata epochs,
        uint256[] calldata tiers,
        Proof[] calldata proofs
    ) external returns (uint256 accepted);

    // ------------------------------------------------------------------ liquidation

    /**
     * @notice Liquidates an account whose proof lapsed. With an account proven at epoch e
     * until validUntil, and D the declaration time of the first stress epoch newer than e (if
     * any), liquidation needs now > max(min(validUntil, D), liveSince, resumeAt) + grace, no
     * pause, and a fresh latest epoch (see `liveness`): an outage of the risk oracle, a pause
     * and the grace after either are never liquidation events. Anyone may call. The account is
     * frozen and its balances are credited, per slot, balance * keeperRewardBps / 10000
     * (rounded down) to the keeper (msg.sender) and the rest to the liquidation receiver, each
     * to `claim`; no token is called, so no token can block a liquidation. Accounts without a
     * commitment have no positions and are never liquidatable. A renewal mined first wins:
     * this then reverts NotLiquidatable.
     * @dev Reverts EnforcedPause while paused, RiskOracleDown while the oracle is down or
     * within a grace of its return, NotLiquidatable otherwise.
     * @param account The account.
     */
    function liquidate(address account) external;

    /**
     * @notice Pays the caller everything of `token` credited to it by liquidations.
     * @dev nonReentrant; the credit is cleared before the transfer. A token that refuses the
     * transfer reverts this claim only; the credit stays for a later claim.
     * @param token A collateral token.
     * @return amount The amount paid.
     */
    function claim(address token) external returns (uint256 amount);

    // ------------------------------------------------------------------ views

    /// @notice Everything public about `account`.
    /// @param account The account.
    /// @return state The account state (balances has length K).
    function accountState(address account) external view returns (AccountState memory state);

    /// @notice `account`'s balance of `token`.
    /// @param account The account.
    /// @param token A registered token.
    /// @return The balance in base units.
    function balanceOf(address account, address token) external view returns (uint256);

    /**
     * @notice The public inputs the engine would verify for `account` against `epoch` with
     * `multiplier`, for off-chain checks: [stateHash(account), riskRoot(epoch), multiplier].
     * @param account The account.
     * @param epoch A published epoch (reverts UnknownEpoch otherwise).
     * @param multiplier The multiplier, basis points.
     * @return inputs The three public inputs.
     */
    function publicInputs(
        address account,
        uint64 epoch,
        uint256 multiplier
    ) external view returns (uint256[3] memory inputs);

    /// @notice Whether `liquidate(account)` would succeed now.
    /// @param account The account.
    /// @return True when the account can be liquidated.
    function isLiquidatable(address account) external view returns (bool);

    /// @notice The last second at which `account` is safe from lapse-liquidation if nothing
    /// changes (liquidation further needs no pause and a fresh epoch); type(uint256).max for an
    /// account without a commitment or frozen.
    /// @param account The account.
    /// @return The time (see `liquidate`).
    function liquidatableAfter(address account) external view returns (uint256);

    /// @notice What decides whether lapse-liquidation runs at all.
    /// @return The oracle's latest expiry and live-since time, the last unpause, the pause and
    /// the withdrawal suspension.
    function liveness() external view returns (Liveness memory);

    /// @notice Every stress declaration, in order (epochs strictly increasing).
    /// @return epochs_ The stress epochs.
    /// @return declaredAt Their declaration times.
    function stressDeclarations() external view returns (uint64[] memory epochs_, uint64[] memory declaredAt);

    /// @notice The amount of `token` credited to `recipient` by liquidations, to `claim`.
    /// @param recipient A keeper or liquidation receiver.
    /// @param token A collateral token.
    /// @return The amount in base units.
    function claimable(address recipient, address token) external view returns (uint256);

    /// @notice keccak256(abi.encode(address[K])) of the slot tokens (zero address = empty slot),
    /// which `publishEpoch` checks against the risk table's collateral.
    /// @return The hash.
    function collateralHash() external view returns (bytes32);

    /// @notice The EIP-712 digest a venue signs to attest `commitment` for `account`.
    /// @param account The account.
    /// @param commitment The commitment.
    /// @param nonce The nonce.
    /// @param deadline The attestation's deadline.
    /// @return The digest.
    function attestationDigest(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline
    ) external view returns (bytes32);

    /// @notice The EIP-712 digest an account signs to consent to a relayed `attestAndProveFor`.
    /// @param account The account.
    /// @param commitment The commitment.
    /// @param nonce The nonce.
    /// @param deadline The deadline.
    /// @return The digest.
    function consentDigest(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline
    ) external view returns (bytes32);

    /// @notice A published epoch (timestamp 0 = not published).
    /// @param epoch The epoch.
    /// @return The epoch's root, timestamp and expiry.
    function epochs(uint64 epoch) external view returns (Epoch memory);

    /// @notice The latest published epoch (0 = none).
    /// @return The epoch.
    function latestEpoch() external view returns (uint64);

    /// @notice The latest stress epoch and when it was declared (0, 0 = none).
    /// @return epoch The stress epoch.
    /// @return declaredAt The declaration time.
    function stress() external view returns (uint64 epoch, uint64 declaredAt);

    /// @notice The current parameters.
    /// @return The parameters.
    function params() external view returns (Params memory);

    /// @notice Every validity tier, tier 0 = (maintenanceMultiplier, proofTtl) first.
    function validityTiers() external view returns (ValidityTier[] memory tiers);

    /// @notice The token in each collateral slot (zero address = empty slot), length K.
    /// @return tokens The tokens in slot order.
    function collateralTokens() external view returns (address[] memory tokens);
}
