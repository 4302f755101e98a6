// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title IMarginEngine
 * @notice zkmargin's on-chain margin engine (SPEC section 2). It holds collateral per account
 * and slot, publishes risk epochs, accepts Groth16 solvency proofs in place of public
 * positions, and lets anyone liquidate an account whose proof has lapsed.
 *
 * State of an account (docs/PROTOCOL.md sections 6-7):
 *   balancesHash = Poseidon_K(amount_0, ..., amount_{K-1})   (collateral slot order)
 *   stateHash    = Poseidon_2(commitment, balancesHash)
 * A proof's public inputs are always rebuilt by the engine from its own storage:
 *   [stateHash(account), riskRoot(epoch), multiplier]
 * with the maintenance multiplier for renewals and attestations and the initial multiplier
 * for withdrawals. Nothing the caller passes ends up in the public inputs.
 *
 * Lifecycle: an account with no attested commitment holds no positions: it may deposit and
 * withdraw freely and cannot be liquidated. The venue's attestation and a proof for it land
 * together (`attestAndProve`), so an account with a commitment always has a proof. From then
 * on the account renews its proof (`submitProof`, anyone may relay it) before
 * `validUntil + grace`, or anyone may `liquidate` it.
 */
interface IMarginEngine {
    // ------------------------------------------------------------------ structs

    /// @notice A Groth16 proof in the calling convention of the snarkjs Solidity verifier.
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice Engine parameters, set by the admin within the bounds named in `setParams`.
    /// @param proofTtl Seconds a proof stays valid after its epoch's timestamp.
    /// @param grace Seconds after a lapse (or after a stress declaration) before liquidation.
    /// @param maintenanceMultiplier Renewal / attestation multiplier, basis points (10000 = 1.0).
    /// @param initialMultiplier Withdrawal multiplier, basis points, >= maintenanceMultiplier.
    /// @param keeperRewardBps Share of seized collateral paid to the liquidating keeper.
    struct Params {
        uint64 proofTtl;
        uint64 grace;
        uint32 maintenanceMultiplier;
        uint32 initialMultiplier;
        uint16 keeperRewardBps;
    }

    /// @notice A published risk epoch.
    /// @param riskRoot Root of the epoch's risk table (a BN254 field element).
    /// @param timestamp The table's timestamp; proofs against it are valid until timestamp + proofTtl.
    struct Epoch {
        uint256 riskRoot;
        uint64 timestamp;
    }

    /// @notice Everything public about an account.
    /// @param commitment Attested position commitment (0 = none attested yet: no positions).
    /// @param balancesHash Poseidon_K of the balances (0 until the first balance change).
    /// @param stateHash Poseidon_2(commitment, balancesHash), the proof's first public input
    /// (0 until the first deposit or attestation).
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

    // ------------------------------------------------------------------ errors

    /// @notice A zero address was given where an address is required.
    error MarginEngine__ZeroAddress();
    /// @notice The number of collateral slots K is not in 1..8.
    error MarginEngine__InvalidSlotCount(uint256 slots);
    /// @notice A Poseidon hasher failed its known-answer check at deployment.
    error MarginEngine__HasherMismatch(address hasher);
    /// @notice A parameter is out of its bounds (see `setParams`).
    error MarginEngine__InvalidParams();
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
    /// @notice An epoch timestamp is zero, in the future, or earlier than the latest epoch's.
    error MarginEngine__InvalidTimestamp(uint64 timestamp);
    /// @notice A risk root is zero or not below the field modulus.
    error MarginEngine__RootNotInField(uint256 riskRoot);
    /// @notice The epoch was never published.
    error MarginEngine__UnknownEpoch(uint64 epoch);
    /// @notice The epoch is stale: its timestamp + proofTtl is not after the current time.
    error MarginEngine__StaleEpoch(uint64 epoch);
    /// @notice The epoch is older than the declared stress epoch.
    error MarginEngine__EpochBeforeStress(uint64 epoch, uint64 stressEpoch);
    /// @notice The epoch is older than the account's latest proven epoch.
    error MarginEngine__EpochRegression(uint64 epoch, uint64 provenEpoch);
    /// @notice Withdrawals must prove against the latest epoch.
    error MarginEngine__NotLatestEpoch(uint64 epoch, uint64 latestEpoch);
    /// @notice A stress epoch must be published and later than the current stress epoch.
    error MarginEngine__InvalidStressEpoch(uint64 epoch);
    /// @notice The verifier rejected the proof for the public inputs the engine built.
    error MarginEngine__InvalidProof();
    /// @notice The attestation's nonce is not the account's next attestation nonce.
    error MarginEngine__BadNonce(uint256 expected, uint256 given);
    /// @notice The attestation signature is malformed.
    error MarginEngine__InvalidSignature();
    /// @notice The attestation was signed by an address without VENUE_ROLE.
    error MarginEngine__UnauthorizedAttester(address signer);
    /// @notice The account's proof has not lapsed (or the grace period is not over).
    error MarginEngine__NotLiquidatable(address account);
    /// @notice The batch arrays differ in length.
    error MarginEngine__LengthMismatch();

    // ------------------------------------------------------------------ events

    /// @notice A collateral token was bound to a slot (forever).
    event CollateralRegistered(address indexed token, uint256 indexed slot);
    /// @notice Collateral arrived; `stateHash` is the account's new state hash.
    event Deposited(address indexed account, address indexed token, uint256 amount, uint256 stateHash);
    /// @notice Collateral left; `stateHash` is the account's new state hash.
    event Withdrawn(address indexed account, address indexed token, uint256 amount, uint256 stateHash);
    /// @notice The risk role published an epoch.
    event EpochPublished(uint64 indexed epoch, uint256 riskRoot, uint64 timestamp);
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
    /// @notice A batch renewal skipped a proof; `reason` is the revert data.
    event ProofRejected(address indexed account, uint64 indexed epoch, bytes reason);
    /// @notice An account was liquidated by `keeper` and frozen.
    event Liquidated(address indexed account, address indexed keeper, uint64 provenEpoch, uint64 validUntil);
    /// @notice Collateral of a liquidated account was paid out.
    event CollateralSeized(
        address indexed account,
        address indexed token,
        uint256 keeperReward,
        uint256 receiverAmount
    );
    /// @notice The admin changed the parameters.
    event ParamsUpdated(Params params);
    /// @notice The admin changed the liquidation receiver.
    event LiquidationReceiverUpdated(address indexed previous, address indexed current);

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
     * keeperRewardBps <= 1000. Lowering proofTtl or grace applies to existing proofs at once
     * (liquidation reads the current grace; accepted validUntil values are not shortened).
     * @dev DEFAULT_ADMIN_ROLE.
     * @param newParams The new parameters.
     */
    function setParams(Params calldata newParams) external;

    /**
     * @notice Sets the address that receives seized collateral minus the keeper reward.
     * @dev DEFAULT_ADMIN_ROLE.
     * @param receiver The new receiver, non-zero.
     */
    function setLiquidationReceiver(address receiver) external;

    /**
     * @notice Pauses new risk: deposits and attestations. Withdrawals, renewals and
     * liquidations are never paused.
     * @dev RISK_ROLE or DEFAULT_ADMIN_ROLE.
     */
    function pause() external;

    /**
     * @notice Lifts a pause.
     * @dev RISK_ROLE or DEFAULT_ADMIN_ROLE.
     */
    function unpause() external;

    // ------------------------------------------------------------------ risk

    /**
     * @notice Publishes a risk epoch. `epoch` must exceed the latest epoch; `timestamp` must be
     * non-zero, not in the future and not earlier than the latest epoch's; `riskRoot` must be a
     * non-zero field element (below the BN254 scalar modulus), else it could never be a public
     * input. The root must be the SDK's `riskRoot` for this epoch and timestamp.
     * @dev RISK_ROLE.
     * @param epoch The epoch number.
     * @param riskRoot The risk-table root.
     * @param timestamp The risk table's timestamp.
     */
    function publishEpoch(uint64 epoch, uint256 riskRoot, uint64 timestamp) external;

    /**
     * @notice Declares a stress epoch: every account whose proven epoch is older than `epoch`
     * becomes liquidatable once `grace` seconds have passed from now, whatever its
     * validUntil, and no proof against an older epoch is accepted any more.
     * @dev RISK_ROLE. `epoch` must be published and later than the current stress epoch.
     * @param epoch A published epoch.
     */
    function declareStress(uint64 epoch) external;

    // ------------------------------------------------------------------ collateral

    /**
     * @notice Deposits `amount` of a registered token into the caller's account and updates
     * its balancesHash and stateHash. The engine measures its balance before and after the
     * transfer and reverts with `MarginEngine__FeeOnTransfer` if fewer tokens arrived, so
     * fee-on-transfer tokens cannot be used. A slot's balance must stay below 2^100.
     * @dev Paused with new risk. Changing the stateHash does not invalidate the current proof:
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
     * @dev Never paused. Checks, effects (balances, hashes, proof state), then the transfer.
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
     * @dev Paused with new risk. Anyone may submit (the signature and proof bind everything).
     * The EIP-712 message is `Attestation(address account,uint256 commitment,uint256 nonce)`,
     * signed by a VENUE_ROLE holder; `nonce` must equal the account's next nonce, so a signature
     * works once. The epoch must be published, fresh, not before the stress epoch and not older
     * than the account's proven epoch. Sets validUntil = timestamp(epoch) + proofTtl.
     * The multiplier is the maintenance one: the venue, which sees the trade, applies its
     * pre-trade initial-margin check itself, and a risk-reducing trade of an account between
     * maintenance and initial margin must remain possible.
     * @param account The account.
     * @param commitment The new position commitment, a non-zero field element.
     * @param nonce The account's next attestation nonce.
     * @param signature 65-byte ECDSA signature of the EIP-712 digest.
     * @param epoch The epoch the proof was made against.
     * @param proof A proof for [Poseidon2(commitment, balancesHash), riskRoot(epoch), maintenanceMultiplier].
     */
    function attestAndProve(
        address account,
        uint256 commitment,
        uint256 nonce,
        bytes calldata signature,
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
     * @notice Renews an account's proof. Anyone may submit: the proof is bound to the
     * account's stored stateHash, so a relayer cannot change what it proves. Public inputs
     * are [stateHash(account), riskRoot(epoch), maintenanceMultiplier], all from storage.
     * @dev The epoch must be published, fresh (timestamp + proofTtl > now), not before the
     * stress epoch and not older than the account's proven epoch (so validUntil and
     * provenEpoch never go back). validUntil becomes max(validUntil, timestamp + proofTtl):
     * a relayer replaying an old proof can never shorten it. Frozen accounts and accounts
     * without a commitment are refused. Emits ProofAccepted(account, epoch, validUntil).
     * @param account The account.
     * @param epoch The epoch the proof was made against.
     * @param proof The proof.
     */
    function submitProof(address account, uint64 epoch, Proof calldata proof) external;

    /**
     * @notice Batch renewal for keepers. A renewal that fails for any reason is skipped with a
     * ProofRejected event carrying the revert data; the rest are applied. Only a length
     * mismatch reverts the batch.
     * @param accounts The accounts.
     * @param epochs The epochs, one per account.
     * @param proofs The proofs, one per account.
     * @return accepted How many renewals were accepted.
     */
    function submitProofs(
        address[] calldata accounts,
        uint64[] calldata epochs,
        Proof[] calldata proofs
    ) external returns (uint256 accepted);

    // ------------------------------------------------------------------ liquidation

    /**
     * @notice Liquidates an account whose proof lapsed: once now > validUntil + grace, or,
     * after a stress epoch declared at time T, once its proven epoch is older than the stress
     * epoch and now > T + grace. Anyone may call. The account is frozen; for each slot the
     * keeper (msg.sender) gets balance * keeperRewardBps / 10000 (rounded down) and the
     * liquidation receiver the rest. Accounts without a commitment have no positions and are
     * never liquidatable. A renewal mined first wins: this then reverts NotLiquidatable.
     * @dev Never paused. Effects before transfers; nonReentrant.
     * @param account The account.
     */
    function liquidate(address account) external;

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

    /// @notice The EIP-712 digest a venue signs to attest `commitment` for `account`.
    /// @param account The account.
    /// @param commitment The commitment.
    /// @param nonce The nonce.
    /// @return The digest.
    function attestationDigest(address account, uint256 commitment, uint256 nonce) external view returns (bytes32);

    /// @notice A published epoch (timestamp 0 = not published).
    /// @param epoch The epoch.
    /// @return The epoch's root and timestamp.
    function epochs(uint64 epoch) external view returns (Epoch memory);

    /// @notice The latest published epoch (0 = none).
    /// @return The epoch.
    function latestEpoch() external view returns (uint64);

    /// @notice The stress epoch and when it was declared (0, 0 = none).
    /// @return epoch The stress epoch.
    /// @return declaredAt The declaration time.
    function stress() external view returns (uint64 epoch, uint64 declaredAt);

    /// @notice The current parameters.
    /// @return The parameters.
    function params() external view returns (Params memory);

    /// @notice The token in each collateral slot (zero address = empty slot), length K.
    /// @return tokens The tokens in slot order.
    function collateralTokens() external view returns (address[] memory tokens);
}
