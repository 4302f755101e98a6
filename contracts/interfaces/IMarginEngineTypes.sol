// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title IMarginEngineTypes
 * @notice The structs, errors and events of {IMarginEngine} (kept apart so that the function
 * interface reads on its own).
 */
interface IMarginEngineTypes {
    // ------------------------------------------------------------------ structs

    /// @notice A Groth16 proof in the calling convention of the snarkjs Solidity verifier.
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice Engine parameters, set by the admin within the bounds named in `setParams`.
    /// @param proofTtl Seconds a proof stays valid after its epoch's timestamp; fixed into each
    /// epoch's expiry when the epoch is published (a later change applies to later epochs only).
    /// @param grace Seconds after a lapse (a stress declaration, an unpause, the oracle's return)
    /// before liquidation; read when liquidating.
    /// @param maintenanceMultiplier Renewal / attestation multiplier, basis points (10000 = 1.0).
    /// @param initialMultiplier Withdrawal multiplier, basis points, >= maintenanceMultiplier.
    /// @param keeperRewardBps Share of seized collateral credited to the liquidating keeper.
    struct Params {
        uint64 proofTtl;
        uint64 grace;
        uint32 maintenanceMultiplier;
        uint32 initialMultiplier;
        uint16 keeperRewardBps;
    }

    /// @notice A validity tier above tier 0 (tier 0 is (maintenanceMultiplier, proofTtl)): a
    /// renewal proven at `multiplier` is valid until epochTimestamp + `ttl` (at least the
    /// epoch's expiry). See `setValidityTiers`.
    /// @param multiplier Basis points, above the tier below, at most MULTIPLIER_MAX.
    /// @param ttl Seconds after the epoch's timestamp, at least the tier below's, at most MAX_PROOF_TTL.
    struct ValidityTier {
        uint32 multiplier;
        uint32 ttl;
    }

    /// @notice A published risk epoch.
    /// @param riskRoot Root of the epoch's risk table (a BN254 field element).
    /// @param timestamp The table's timestamp.
    /// @param expiry timestamp + proofTtl at publication: proofs against the epoch are accepted
    /// while expiry > now and are valid until expiry.
    struct Epoch {
        uint256 riskRoot;
        uint64 timestamp;
        uint64 expiry;
    }

    /// @notice Everything public about an account.
    /// @param commitment Attested position commitment (0 = none attested yet: no positions).
    /// @param balancesHash Poseidon over the balances packed two per word (docs/PROTOCOL.md
    /// section 6); 0 while the account has no commitment (nothing reads it before then).
    /// @param stateHash Poseidon_2(commitment, balancesHash), the proof's first public input
    /// (0 while the account has no commitment).
    /// @param validUntil Time until which the latest accepted proof counts (0 = never proved).
    /// @param provenEpoch Epoch of the latest accepted proof (0 = never proved).
    /// @param attestationNonce The nonce the next venue attestation must carry.
    /// @param frozen True once liquidated; a frozen account can do nothing more.
    /// @param balances Amounts per collateral slot, in token base units (length K).
    struct AccountState {
        uint256 commitment;
        uint256 balancesHash;
        uint256 stateHash;
        uint64 validUntil;
        uint64 provenEpoch;
        uint64 attestationNonce;
        bool frozen;
        uint256[] balances;
    }

    /// @notice What decides whether lapse-liquidation runs at all (see `liquidate`).
    /// @param latestExpiry Expiry of the latest epoch: the risk oracle is down once it passed.
    /// @param liveSince Start of the oracle's current continuous run of fresh epochs.
    /// @param resumeAt Time of the last unpause (0 = never paused).
    /// @param paused Whether the engine is paused.
    /// @param withdrawalsSuspended Whether the guardian suspended proof-gated withdrawals.
    struct Liveness {
        uint64 latestExpiry;
        uint64 liveSince;
        uint64 resumeAt;
        bool paused;
        bool withdrawalsSuspended;
    }

    // ------------------------------------------------------------------ errors

    /// @notice A zero address was given where an address is required.
    error MarginEngine__ZeroAddress();
    /// @notice The number of collateral slots K is not in 1..8.
    error MarginEngine__InvalidSlotCount(uint256 slots);
    /// @notice A Poseidon hasher failed its known-answer check at deployment.
    error MarginEngine__HasherMismatch(address hasher);
    /// @notice A parameter is out of its bounds (see `setParams`).
    error MarginEngine__InvalidParams();
    /// @notice The liquidation receiver may not be the engine itself (its credits could never be claimed).
    error MarginEngine__InvalidReceiver(address receiver);
    /// @notice The collateral slot is not below K.
    error MarginEngine__SlotOutOfRange(uint256 slot);
    /// @notice The collateral slot already holds a token.
    error MarginEngine__SlotTaken(uint256 slot);
    /// @notice The token is already registered (in another or the same slot).
    error MarginEngine__TokenAlreadyRegistered(address token);
    /// @notice The token is not a registered collateral token.
    error MarginEngine__UnknownToken(address token);
    /// @notice An amount of zero was given.
    error MarginEngine__ZeroAmount();
    /// @notice Fewer tokens arrived than the deposit named (fee-on-transfer or rebasing token).
    error MarginEngine__FeeOnTransfer(uint256 expected, uint256 received);
    /// @notice The deposit would take the slot's balance to 2^100 or more (circuit bound).
    error MarginEngine__BalanceTooLarge(uint256 balance);
    /// @notice The withdrawal exceeds the account's balance in that slot.
    error MarginEngine__InsufficientBalance(uint256 available, uint256 requested);
    /// @notice The account was liquidated and is frozen.
    error MarginEngine__AccountFrozen(address account);
    /// @notice The account has no attested commitment, so there is nothing to prove.
    error MarginEngine__NoCommitment(address account);
    /// @notice The commitment is zero or not below the field modulus.
    error MarginEngine__InvalidCommitment(uint256 commitment);
    /// @notice A new epoch must be greater than the latest one.
    error MarginEngine__EpochNotIncreasing(uint64 epoch, uint64 latestEpoch);
    /// @notice A new epoch may exceed the latest one by at most MAX_EPOCH_STEP.
    error MarginEngine__EpochJumpTooLarge(uint64 epoch, uint64 latestEpoch);
    /// @notice An epoch timestamp is zero, in the future, or earlier than the latest epoch's.
    error MarginEngine__InvalidTimestamp(uint64 timestamp);
    /// @notice A risk root is zero or not below the field modulus.
    error MarginEngine__RootNotInField(uint256 riskRoot);
    /// @notice The risk table's collateral slots are not the engine's registered tokens in order.
    error MarginEngine__CollateralMismatch(bytes32 expected, bytes32 given);
    /// @notice The epoch was never published.
    error MarginEngine__UnknownEpoch(uint64 epoch);
    /// @notice The epoch is stale: its expiry is not after the current time.
    error MarginEngine__StaleEpoch(uint64 epoch);
    /// @notice The epoch is older than the declared stress epoch.
    error MarginEngine__EpochBeforeStress(uint64 epoch, uint64 stressEpoch);
    /// @notice The epoch is older than the account's latest proven epoch.
    error MarginEngine__EpochRegression(uint64 epoch, uint64 provenEpoch);
    /// @notice Withdrawals must prove against the latest epoch.
    error MarginEngine__NotLatestEpoch(uint64 epoch, uint64 latestEpoch);
    /// @notice A stress epoch must be published, fresh and later than the current stress epoch.
    error MarginEngine__InvalidStressEpoch(uint64 epoch);
    /// @notice The verifier rejected the proof for the public inputs the engine built.
    error MarginEngine__InvalidProof();
    /// @notice The attestation's nonce is not the account's next attestation nonce.
    error MarginEngine__BadNonce(uint256 expected, uint256 given);
    /// @notice The attestation signature is malformed.
    error MarginEngine__InvalidSignature();
    /// @notice The attestation was signed by an address without VENUE_ROLE.
    error MarginEngine__UnauthorizedAttester(address signer);
    /// @notice The attestation's deadline has passed.
    error MarginEngine__AttestationExpired(uint64 deadline);
    /// @notice Only the account itself may submit its attestation (or use `attestAndProveFor`).
    error MarginEngine__NotAccountOwner(address sender, address account);
    /// @notice The account's consent signature (EIP-712 or ERC-1271) is not valid.
    error MarginEngine__InvalidConsent(address account);
    /// @notice The account's proof has not lapsed (or a grace period is not over).
    error MarginEngine__NotLiquidatable(address account);
    /// @notice No fresh epoch exists, or it has not existed for a full grace period: lapse
    /// liquidation waits for the risk oracle.
    error MarginEngine__RiskOracleDown(uint64 latestExpiry, uint64 liveSince);
    /// @notice The guardian suspended proof-gated withdrawals.
    error MarginEngine__WithdrawalsSuspended();
    /// @notice Nothing of `token` is credited to the caller.
    error MarginEngine__NothingToClaim(address token);
    /// @notice The batch arrays differ in length.
    error MarginEngine__LengthMismatch();
    /// @notice A batch's accounts are not in strictly increasing order at `index` (this also
    /// refuses an account named twice).
    error MarginEngine__BatchNotSorted(uint256 index);
    /// @notice The one pairing check of a batch of `proofs` proofs failed: at least one is invalid.
    error MarginEngine__InvalidBatchProof(uint256 proofs);
    /// @notice A renewal named tier `tier`, but there are only `tiers` tiers.
    error MarginEngine__UnknownTier(uint256 tier, uint256 tiers);
    /// @notice Validity tier `tier` (1-based above tier 0; or the count, when there are too
    /// many) breaks a bound of `setValidityTiers`.
    error MarginEngine__InvalidValidityTier(uint256 tier);

    // ------------------------------------------------------------------ events

    /// @notice A collateral token was bound to a slot (forever).
    event CollateralRegistered(address indexed token, uint256 indexed slot);
    /// @notice Collateral arrived; `stateHash` is the account's new state hash (0 without a commitment).
    event Deposited(address indexed account, address indexed token, uint256 amount, uint256 stateHash);
    /// @notice Collateral left; `stateHash` is the account's new state hash (0 without a commitment).
    event Withdrawn(address indexed account, address indexed token, uint256 amount, uint256 stateHash);
    /// @notice The risk role published an epoch; proofs against it are valid until `expiry`.
    event EpochPublished(uint64 indexed epoch, uint256 riskRoot, uint64 timestamp, uint64 expiry);
    /// @notice An epoch was published after the oracle had none fresh: liveness restarts at `since`.
    event RiskOracleLive(uint64 since);
    /// @notice The risk role declared a stress epoch at `declaredAt`.
    event StressDeclared(uint64 indexed epoch, uint64 declaredAt);
    /// @notice A venue-attested commitment took effect, together with a proof for it.
    event Attested(
        address indexed account,
        address indexed signer,
        uint256 commitment,
        uint256 nonce,
        uint256 stateHash
    );
    /// @notice A venue invalidated outstanding attestations: the next nonce is now `nextNonce`.
    event AttestationCancelled(address indexed account, uint256 nextNonce);
    /// @notice A proof was accepted; the account is valid until `validUntil`.
    event ProofAccepted(address indexed account, uint64 indexed epoch, uint64 validUntil);
    /// @notice An account was liquidated by `keeper` and frozen.
    event Liquidated(address indexed account, address indexed keeper, uint64 provenEpoch, uint64 validUntil);
    /// @notice Collateral of a liquidated account was credited: `keeperReward` to the keeper,
    /// `receiverAmount` to the liquidation receiver, each to claim with `claim`.
    event CollateralSeized(
        address indexed account,
        address indexed token,
        uint256 keeperReward,
        uint256 receiverAmount
    );
    /// @notice `recipient` was paid its credited `amount` of `token`.
    event Claimed(address indexed recipient, address indexed token, uint256 amount);
    /// @notice An unpause: lapse-liquidation resumes `grace` seconds after `resumeAt`.
    event LiquidationsResume(uint64 resumeAt);
    /// @notice The guardian (or admin) suspended or resumed proof-gated withdrawals.
    event WithdrawalSuspension(bool suspended, address indexed by);
    /// @notice The admin set the validity tiers above tier 0.
    event ValidityTiersUpdated(ValidityTier[] tiers);
    /// @notice The admin changed the parameters.
    event ParamsUpdated(Params params);
    /// @notice The admin changed the liquidation receiver.
    event LiquidationReceiverUpdated(address indexed previous, address indexed current);
}
