// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// solhint-disable-next-line max-line-length
import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IMarginEngine} from "./interfaces/IMarginEngine.sol";
import {IBatchVerifier} from "./interfaces/IBatchVerifier.sol";
import {IPoseidon2} from "./interfaces/IPoseidon.sol";
import {BalancesHashing} from "./engine/BalancesHashing.sol";
import {EpochTerms} from "./engine/EpochTerms.sol";
import "./libraries/Bounds.sol" as Bounds;
import {LapseRules} from "./libraries/LapseRules.sol";

/**
 * @title MarginEngine
 * @notice Holds collateral, publishes risk epochs and accepts zero-knowledge solvency proofs
 * in place of public positions (zkmargin, SPEC section 2). See {IMarginEngine}.
 * @dev Public inputs are always rebuilt from storage: stateHash = Poseidon_2(commitment,
 * balancesHash) with balancesHash over the packed balance words of {BalancesHashing}.
 * docs/AUDIT.md "Faults" states what holds under stress, pause, oracle outage, a compromised
 * venue key, hostile tokens and parameter changes.
 */
contract MarginEngine is
    IMarginEngine,
    BalancesHashing,
    EpochTerms,
    AccessControlDefaultAdminRules,
    ReentrancyGuardTransient,
    Pausable,
    EIP712
{
    using SafeERC20 for IERC20;
    using LapseRules for LapseRules.Declaration[];

    // ------------------------------------------------------------------ constants

    /// @notice Publishes epochs, declares stress, pauses.
    bytes32 public constant RISK_ROLE = keccak256("RISK_ROLE");
    /// @notice Signs EIP-712 attestations of position commitments.
    bytes32 public constant VENUE_ROLE = keccak256("VENUE_ROLE");
    /// @notice Registers collateral tokens (the admin may too).
    bytes32 public constant COLLATERAL_ROLE = keccak256("COLLATERAL_ROLE");
    /// @notice Suspends proof-gated withdrawals when a verifier or key is found broken.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @notice BN254 scalar field modulus; every public input must be below it.
    uint256 public constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @notice Multiplier bounds in basis points (SPEC section 3; {Bounds}).
    uint256 public constant MIN_MULTIPLIER = Bounds.MULTIPLIER_MIN;
    /// @notice Multiplier bounds in basis points (SPEC section 3; {Bounds}).
    uint256 public constant MAX_MULTIPLIER = Bounds.MULTIPLIER_MAX;
    /// @notice Largest keeper reward, basis points.
    uint256 public constant MAX_KEEPER_REWARD_BPS = Bounds.MAX_KEEPER_REWARD_BPS;
    /// @notice Shortest proof lifetime.
    uint256 public constant MIN_PROOF_TTL = Bounds.MIN_PROOF_TTL;
    /// @notice Longest proof lifetime.
    uint256 public constant MAX_PROOF_TTL = Bounds.MAX_PROOF_TTL;
    /// @notice Longest grace period.
    uint256 public constant MAX_GRACE = Bounds.MAX_GRACE;
    /// @notice Largest step between consecutive epoch numbers: at least 2^31 publications of
    /// the largest step remain before epoch numbers (uint64) run out.
    uint64 public constant MAX_EPOCH_STEP = Bounds.MAX_EPOCH_STEP;
    /// @notice Largest number of validity tiers, tier 0 included.
    uint256 public constant MAX_VALIDITY_TIERS = Bounds.MAX_VALIDITY_TIERS;
    /// @notice Delay of a two-step transfer of DEFAULT_ADMIN_ROLE (AccessControlDefaultAdminRules).
    uint48 public constant ADMIN_TRANSFER_DELAY = 2 days;

    bytes32 private constant _ATTESTATION_TYPEHASH =
        keccak256("Attestation(address account,uint256 commitment,uint256 nonce,uint64 deadline)");
    bytes32 private constant _CONSENT_TYPEHASH =
        keccak256("Consent(address account,uint256 commitment,uint256 nonce,uint64 deadline)");
    uint256 private constant _BPS = Bounds.BPS;

    // ------------------------------------------------------------------ storage

    struct Account {
        uint256 commitment;
        uint256 balancesHash;
        uint256 stateHash;
        uint64 validUntil;
        uint64 provenEpoch;
        uint64 attestationNonce;
        bool frozen;
    }

    /// @dev Epoch bookkeeping packed in one slot (read by every renewal and liquidation).
    struct EpochState {
        uint64 latestEpoch;
        uint64 latestTimestamp;
        uint64 latestExpiry;
        uint64 stressEpoch;
    }

    /// @dev A renewal's checked terms (see _renewal): the public inputs, the epoch's times, the
    /// validUntil it grants and whether its epoch is the latest (cached terms).
    struct Renewal {
        uint256 stateHash;
        uint256 root;
        uint256 multiplier;
        uint64 timestamp;
        uint64 expiry;
        uint64 validUntil;
        bool latest;
    }

    /// @dev What gates lapse-liquidation besides the account itself (see LapseRules).
    struct Guard {
        uint64 liveSince;
        uint64 resumeAt;
    }

    /// @dev The parameters and the guardian's withdrawal switch in one slot (a withdrawal reads
    /// both); `params()` returns the Params part.
    struct Config {
        uint64 proofTtl;
        uint64 grace;
        uint32 maintenanceMultiplier;
        uint32 initialMultiplier;
        uint16 keeperRewardBps;
        bool withdrawalsSuspended;
    }

    /// @notice Is credited seized collateral minus the keeper reward.
    address public liquidationReceiver;

    Config private _params;
    EpochState private _epochState;
    Guard private _guard;
    /// @dev keccak256 of the K slot tokens as 32-byte words; see collateralHash().
    bytes32 private _collateralHash;
    LapseRules.Declaration[] private _stress;
    mapping(uint64 epoch => Epoch) private _epochs;
    mapping(address account => Account) private _accounts;
    /// @dev Packed two slots per word (BalancesHashing).
    mapping(address account => uint256[_MAX_WORDS]) private _balanceWords;
    address[MAX_SLOTS] private _slotToken;
    /// @dev slot + 1; 0 = not registered.
    mapping(address token => uint256) private _tokenSlotPlusOne;
    mapping(address recipient => mapping(address token => uint256)) private _claimable;

    // ------------------------------------------------------------------ construction

    /**
     * @param verifier_ The generated Groth16 verifier (SolvencyBatchVerifier<Name>) of the
     * circuit instance with K collateral slots.
     * @param poseidon2_ circomlibjs Poseidon(2) contract.
     * @param poseidonK_ circomlibjs Poseidon(ceil(K/2)) contract (packed balances).
     * @param k Number of collateral slots, 1..8.
     * @param admin Receives DEFAULT_ADMIN_ROLE (grants the other roles; transferred in two
     * steps with ADMIN_TRANSFER_DELAY).
     * @param liquidationReceiver_ Is credited seized collateral minus keeper rewards.
     * @param initialParams Parameters, within the bounds of `setParams`.
     */
    constructor(
        IBatchVerifier verifier_,
        IPoseidon2 poseidon2_,
        address poseidonK_,
        uint256 k,
        address admin,
        address liquidationReceiver_,
        Params memory initialParams
    )
        BalancesHashing(IPoseidon2(_nonZero(address(poseidon2_))), _nonZero(poseidonK_), k)
        EpochTerms(IBatchVerifier(_nonZero(address(verifier_))))
        AccessControlDefaultAdminRules(ADMIN_TRANSFER_DELAY, _nonZero(admin))
        EIP712("zkmargin MarginEngine", "1")
    {
        _checkReceiver(_nonZero(liquidationReceiver_));
        _setParams(initialParams);
        // the oracle is not live before its first epoch (no epoch is fresh); a non-zero word
        // here makes the first publication's liveness write a cheap one
        _guard.liveSince = uint64(block.timestamp);
        liquidationReceiver = liquidationReceiver_;
        _collateralHash = _hashSlotTokens();
        emit ParamsUpdated(initialParams);
        emit LiquidationReceiverUpdated(address(0), liquidationReceiver_);
    }

    // ------------------------------------------------------------------ admin

    /// @dev See {IMarginEngine-registerCollateral}.
    function registerCollateral(address token, uint256 slot) external override {
        _checkRoleOrAdmin(COLLATERAL_ROLE);
        if (token == address(0)) revert MarginEngine__ZeroAddress();
        if (slot >= slots) revert MarginEngine__SlotOutOfRange(slot);
        if (_slotToken[slot] != address(0)) revert MarginEngine__SlotTaken(slot);
        if (_tokenSlotPlusOne[token] != 0) revert MarginEngine__TokenAlreadyRegistered(token);
        _slotToken[slot] = token;
        _tokenSlotPlusOne[token] = slot + 1;
        _collateralHash = _hashSlotTokens();
        emit CollateralRegistered(token, slot);
    }

    /// @dev See {IMarginEngine-setParams}.
    function setParams(Params calldata newParams) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParams(newParams);
        // the tiers must still lie above the new tier 0
        _packTiers(_unpackTiers(_tiersAbove()), newParams.maintenanceMultiplier, newParams.proofTtl);
        _refreshLatestBases();
        emit ParamsUpdated(newParams);
    }

    /// @dev See {IMarginEngine-setValidityTiers}.
    function setValidityTiers(ValidityTier[] calldata tiers) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        Config memory c = _params;
        _setTierWord(_packTiers(tiers, c.maintenanceMultiplier, c.proofTtl));
        _refreshLatestBases();
        emit ValidityTiersUpdated(tiers);
    }

    /// @dev See {IMarginEngine-setLiquidationReceiver}.
    function setLiquidationReceiver(address receiver) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkReceiver(_nonZero(receiver));
        emit LiquidationReceiverUpdated(liquidationReceiver, receiver);
        liquidationReceiver = receiver;
    }

    /// @dev See {IMarginEngine-pause}.
    function pause() external override {
        _checkRoleOrAdmin(RISK_ROLE);
        _pause();
    }

    /// @dev See {IMarginEngine-unpause}.
    function unpause() external override {
        _checkRoleOrAdmin(RISK_ROLE);
        _unpause();
        // solhint-disable-next-line not-rely-on-time
        uint64 nowTs = uint64(block.timestamp);
        _guard.resumeAt = nowTs;
        emit LiquidationsResume(nowTs);
    }

    /// @dev See {IMarginEngine-setWithdrawalsSuspended}.
    function setWithdrawalsSuspended(bool suspended) external override {
        if (suspended) _checkRoleOrAdmin(GUARDIAN_ROLE);
        else _checkRole(DEFAULT_ADMIN_ROLE);
        _params.withdrawalsSuspended = suspended;
        emit WithdrawalSuspension(suspended, msg.sender);
    }

    // ------------------------------------------------------------------ risk

    /// @dev See {IMarginEngine-publishEpoch}.
    function publishEpoch(
        uint64 epoch,
        uint256 riskRoot,
        uint64 timestamp,
        bytes32 collateralHash_
    ) external override onlyRole(RISK_ROLE) {
        EpochState memory es = _epochState;
        if (epoch <= es.latestEpoch) revert MarginEngine__EpochNotIncreasing(epoch, es.latestEpoch);
        if (epoch - es.latestEpoch > MAX_EPOCH_STEP) revert MarginEngine__EpochJumpTooLarge(epoch, es.latestEpoch);
        // solhint-disable-next-line not-rely-on-time
        uint64 nowTs = uint64(block.timestamp);
        if (timestamp == 0 || timestamp > nowTs || timestamp < es.latestTimestamp) {
            revert MarginEngine__InvalidTimestamp(timestamp);
        }
        if (riskRoot == 0 || riskRoot >= SNARK_SCALAR_FIELD) revert MarginEngine__RootNotInField(riskRoot);
        bytes32 expected = _collateralHash;
        if (collateralHash_ != expected) revert MarginEngine__CollateralMismatch(expected, collateralHash_);
        uint64 expiry = timestamp + _params.proofTtl;
        if (expiry <= nowTs) revert MarginEngine__StaleEpoch(epoch);
        if (es.latestExpiry <= nowTs) {
            // no fresh epoch existed: the oracle was down (or never up) and is live from now on
            _guard.liveSince = nowTs;
            emit RiskOracleLive(nowTs);
        }
        _epochs[epoch] = Epoch({riskRoot: riskRoot, timestamp: timestamp, expiry: expiry});
        _epochState = EpochState({
            latestEpoch: epoch,
            latestTimestamp: timestamp,
            latestExpiry: expiry,
            stressEpoch: es.stressEpoch
        });
        _refreshBases(riskRoot, _params.maintenanceMultiplier, _params.initialMultiplier, _tiersAbove());
        emit EpochPublished(epoch, riskRoot, timestamp, expiry);
    }

    /// @dev See {IMarginEngine-declareStress}.
    function declareStress(uint64 epoch) external override onlyRole(RISK_ROLE) {
        EpochState memory es = _epochState;
        Epoch memory e = _epochs[epoch];
        if (e.timestamp == 0 || epoch <= es.stressEpoch) revert MarginEngine__InvalidStressEpoch(epoch);
        // solhint-disable-next-line not-rely-on-time
        uint64 nowTs = uint64(block.timestamp);
        if (e.expiry <= nowTs) revert MarginEngine__StaleEpoch(epoch);
        _stress.push(LapseRules.Declaration({epoch: epoch, declaredAt: nowTs}));
        _epochState.stressEpoch = epoch;
        emit StressDeclared(epoch, nowTs);
    }

    // ------------------------------------------------------------------ collateral

    /// @dev See {IMarginEngine-deposit}. The transfer comes first because the amount that
    /// arrived must be measured (fee-on-transfer check); nonReentrant covers the callback risk.
    function deposit(address token, uint256 amount) external override nonReentrant {
        uint256 slot = _slotOf(token);
        if (amount == 0) revert MarginEngine__ZeroAmount();
        Account storage acc = _accounts[msg.sender];
        if (acc.frozen) revert MarginEngine__AccountFrozen(msg.sender);

        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert MarginEngine__FeeOnTransfer(amount, received);

        uint256[_MAX_WORDS] storage words = _balanceWords[msg.sender];
        uint256 word = words[slot >> 1];
        uint256 newBalance = _amountInWord(word, slot) + amount;
        if (newBalance >= MAX_AMOUNT) revert MarginEngine__BalanceTooLarge(newBalance);
        words[slot >> 1] = _withAmount(word, slot, newBalance);

        // an account without a commitment has no proof to bind: its hashes wait for the first
        // attestation (which computes them from the balances)
        uint256 stateHash;
        uint256 commitment = acc.commitment;
        if (commitment != 0) {
            uint256 balancesHash = _hashWords(_loadWords(msg.sender));
            stateHash = _hash2(commitment, balancesHash);
            acc.balancesHash = balancesHash;
            acc.stateHash = stateHash;
        }
        emit Deposited(msg.sender, token, amount, stateHash);
    }

    /// @dev See {IMarginEngine-withdraw}.
    function withdraw(
        address token,
        uint256 amount,
        uint64 epoch,
        Proof calldata proof
    ) external override nonReentrant {
        uint256 slot = _slotOf(token);
        if (amount == 0) revert MarginEngine__ZeroAmount();
        Account storage acc = _accounts[msg.sender];
        if (acc.frozen) revert MarginEngine__AccountFrozen(msg.sender);

        uint256 wordIndex = slot >> 1;
        uint256 word = _balanceWords[msg.sender][wordIndex];
        uint256 available = _amountInWord(word, slot);
        if (amount > available) revert MarginEngine__InsufficientBalance(available, amount);
        word = _withAmount(word, slot, available - amount);

        // an account without a commitment holds no positions: no proof, no hashes
        uint256 stateHash = acc.commitment == 0 ? 0 : _proveWithdrawal(acc, epoch, wordIndex, word, proof);

        _balanceWords[msg.sender][wordIndex] = word;
        emit Withdrawn(msg.sender, token, amount, stateHash);

        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ proofs

    /// @dev See {IMarginEngine-attestAndProve}.
    function attestAndProve(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature,
        uint64 epoch,
        Proof calldata proof
    ) external override whenNotPaused {
        if (msg.sender != account) revert MarginEngine__NotAccountOwner(msg.sender, account);
        _attestAndProve(account, commitment, nonce, deadline, signature, epoch, proof);
    }

    /// @dev See {IMarginEngine-attestAndProveFor}.
    function attestAndProveFor(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata venueSignature,
        bytes calldata ownerSignature,
        uint64 epoch,
        Proof calldata proof
    ) external override whenNotPaused {
        bytes32 digest = _consentDigest(account, commitment, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNowCalldata(account, digest, ownerSignature)) {
            revert MarginEngine__InvalidConsent(account);
        }
        _attestAndProve(account, commitment, nonce, deadline, venueSignature, epoch, proof);
    }

    /// @dev See {IMarginEngine-cancelAttestation}.
    function cancelAttestation(address account) external override onlyRole(VENUE_ROLE) {
        Account storage acc = _accounts[account];
        uint64 next = acc.attestationNonce + 1;
        acc.attestationNonce = next;
        emit AttestationCancelled(account, next);
    }

    /// @dev See {IMarginEngine-submitProof}.
    function submitProof(address account, uint64 epoch, uint256 tier, Proof calldata proof) external override {
        Renewal memory r = _renewal(account, epoch, tier, false);
        if (r.latest) _verifyLatest(r.stateHash, tier, proof);
        else _verifyFull(r.stateHash, r.root, r.multiplier, proof);
        _renew(account, epoch, r.validUntil);
    }

    /// @dev See {IMarginEngine-submitProofs}. Checks every entry, verifies all proofs in one
    /// call to the batch verifier, and only then writes (the verifier is a view).
    function submitProofs(
        address[] calldata accounts,
        uint64[] calldata epochs_,
        uint256[] calldata tiers,
        Proof[] calldata proofs
    ) external override returns (uint256 accepted) {
        accepted = accounts.length;
        if (epochs_.length != accepted || tiers.length != accepted || proofs.length != accepted) {
            revert MarginEngine__LengthMismatch();
        }
        uint256[3][] memory pub = new uint256[3][](accepted);
        uint64[] memory until = new uint64[](accepted);
        address previous = address(0);
        for (uint256 i = 0; i < accepted; ++i) {
            address account = accounts[i];
            if (account <= previous) revert MarginEngine__BatchNotSorted(i);
            previous = account;
            Renewal memory r = _renewal(account, epochs_[i], tiers[i], true);
            pub[i] = [r.stateHash, r.root, r.multiplier];
            until[i] = r.validUntil;
        }
        if (accepted == 0 || !verifier.verifyBatch(proofs, pub)) revert MarginEngine__InvalidBatchProof(accepted);
        for (uint256 i = 0; i < accepted; ++i) _renew(accounts[i], epochs_[i], until[i]);
    }

    // ------------------------------------------------------------------ liquidation

    /// @dev See {IMarginEngine-liquidate}. Calls no token: every payout is a credit to claim.
    function liquidate(address account) external override nonReentrant whenNotPaused {
        Account storage acc = _accounts[account];
        if (acc.frozen) revert MarginEngine__AccountFrozen(account);
        uint256 grace = _params.grace;
        {
            EpochState memory es = _epochState;
            Guard memory g = _guard;
            // solhint-disable-next-line not-rely-on-time
            if (es.latestExpiry <= block.timestamp || block.timestamp <= uint256(g.liveSince) + grace) {
                revert MarginEngine__RiskOracleDown(es.latestExpiry, g.liveSince);
            }
            // solhint-disable-next-line not-rely-on-time
            if (block.timestamp <= _liquidatableAfter(acc, grace, g)) revert MarginEngine__NotLiquidatable(account);
        }

        acc.frozen = true;
        acc.balancesHash = 0;
        acc.stateHash = 0;
        emit Liquidated(account, msg.sender, acc.provenEpoch, acc.validUntil);

        uint256 rewardBps = _params.keeperRewardBps;
        address receiver = liquidationReceiver;
        uint256 k = slots;
        uint256 words = _packedWords;
        uint256[_MAX_WORDS] storage stored = _balanceWords[account];
        for (uint256 w = 0; w < words; ++w) {
            uint256 word = stored[w];
            if (word == 0) continue;
            stored[w] = 0;
            for (uint256 slot = 2 * w; slot < 2 * w + 2 && slot < k; ++slot) {
                uint256 amount = _amountInWord(word, slot);
                if (amount == 0) continue;
                uint256 reward = (amount * rewardBps) / _BPS;
                address token = _slotToken[slot];
                if (reward != 0) _claimable[msg.sender][token] += reward;
                _claimable[receiver][token] += amount - reward;
                emit CollateralSeized(account, token, reward, amount - reward);
            }
        }
    }

    /// @dev See {IMarginEngine-claim}.
    function claim(address token) external override nonReentrant returns (uint256 amount) {
        amount = _claimable[msg.sender][token];
        if (amount == 0) revert MarginEngine__NothingToClaim(token);
        _claimable[msg.sender][token] = 0;
        emit Claimed(msg.sender, token, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ views

    /// @dev See {IMarginEngine-accountState}.
    function accountState(address account) external view override returns (AccountState memory state) {
        Account memory acc = _accounts[account];
        uint256[_MAX_WORDS] memory words = _loadWords(account);
        uint256 k = slots;
        state.balances = new uint256[](k);
        for (uint256 i = 0; i < k; ++i) state.balances[i] = _amountIn(words, i);
        state.commitment = acc.commitment;
        state.balancesHash = acc.balancesHash;
        state.stateHash = acc.stateHash;
        state.validUntil = acc.validUntil;
        state.provenEpoch = acc.provenEpoch;
        state.attestationNonce = acc.attestationNonce;
        state.frozen = acc.frozen;
    }

    /// @dev See {IMarginEngine-balanceOf}.
    function balanceOf(address account, address token) external view override returns (uint256) {
        uint256 slot = _slotOf(token);
        return _amountInWord(_balanceWords[account][slot >> 1], slot);
    }

    /// @dev See {IMarginEngine-publicInputs}.
    function publicInputs(
        address account,
        uint64 epoch,
        uint256 multiplier
    ) external view override returns (uint256[3] memory inputs) {
        Epoch memory e = _epochs[epoch];
        if (e.timestamp == 0) revert MarginEngine__UnknownEpoch(epoch);
        inputs = [_accounts[account].stateHash, e.riskRoot, multiplier];
    }

    /// @dev See {IMarginEngine-isLiquidatable}.
    function isLiquidatable(address account) external view override returns (bool) {
        uint256 safeUntil = _liquidatableAfter(_accounts[account], _params.grace, _guard);
        // solhint-disable-next-line not-rely-on-time
        return LapseRules.liquidatableAt(safeUntil, block.timestamp, paused(), _epochState.latestExpiry);
    }

    /// @dev See {IMarginEngine-liquidatableAfter}.
    function liquidatableAfter(address account) external view override returns (uint256) {
        return _liquidatableAfter(_accounts[account], _params.grace, _guard);
    }

    /// @dev See {IMarginEngine-liveness}.
    function liveness() external view override returns (Liveness memory) {
        Guard memory g = _guard;
        return
            Liveness({
                latestExpiry: _epochState.latestExpiry,
                liveSince: g.liveSince,
                resumeAt: g.resumeAt,
                paused: paused(),
                withdrawalsSuspended: _params.withdrawalsSuspended
            });
    }

    /// @dev See {IMarginEngine-stressDeclarations}.
    function stressDeclarations()
        external
        view
        override
        returns (uint64[] memory epochs_, uint64[] memory declaredAt)
    {
        uint256 n = _stress.length;
        epochs_ = new uint64[](n);
        declaredAt = new uint64[](n);
        for (uint256 i = 0; i < n; ++i) {
            LapseRules.Declaration memory d = _stress[i];
            epochs_[i] = d.epoch;
            declaredAt[i] = d.declaredAt;
        }
    }

    /// @dev See {IMarginEngine-claimable}.
    function claimable(address recipient, address token) external view override returns (uint256) {
        return _claimable[recipient][token];
    }

    /// @dev See {IMarginEngine-collateralHash}.
    function collateralHash() external view override returns (bytes32) {
        return _collateralHash;
    }

    /// @dev See {IMarginEngine-attestationDigest}.
    function attestationDigest(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline
    ) external view override returns (bytes32) {
        return _typedDigest(_ATTESTATION_TYPEHASH, account, commitment, nonce, deadline);
    }

    /// @dev See {IMarginEngine-consentDigest}.
    function consentDigest(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline
    ) external view override returns (bytes32) {
        return _consentDigest(account, commitment, nonce, deadline);
    }

    /// @dev See {IMarginEngine-epochs}.
    function epochs(uint64 epoch) external view override returns (Epoch memory) {
        return _epochs[epoch];
    }

    /// @dev See {IMarginEngine-latestEpoch}.
    function latestEpoch() external view override returns (uint64) {
        return _epochState.latestEpoch;
    }

    /// @dev See {IMarginEngine-stress}.
    function stress() external view override returns (uint64 epoch, uint64 declaredAt) {
        uint256 n = _stress.length;
        if (n == 0) return (0, 0);
        LapseRules.Declaration memory d = _stress[n - 1];
        return (d.epoch, d.declaredAt);
    }

    /// @dev See {IMarginEngine-params}.
    function params() external view override returns (Params memory) {
        Config memory c = _params;
        return
            Params({
                proofTtl: c.proofTtl,
                grace: c.grace,
                maintenanceMultiplier: c.maintenanceMultiplier,
                initialMultiplier: c.initialMultiplier,
                keeperRewardBps: c.keeperRewardBps
            });
    }

    /// @dev See {IMarginEngine-validityTiers}.
    function validityTiers() external view override returns (ValidityTier[] memory tiers) {
        ValidityTier[] memory above = _unpackTiers(_tiersAbove());
        Config memory c = _params;
        tiers = new ValidityTier[](above.length + 1);
        tiers[0] = ValidityTier({multiplier: c.maintenanceMultiplier, ttl: uint32(c.proofTtl)});
        for (uint256 t = 0; t < above.length; ++t) tiers[t + 1] = above[t];
    }

    /// @dev See {IMarginEngine-collateralTokens}.
    function collateralTokens() external view override returns (address[] memory tokens) {
        uint256 k = slots;
        tokens = new address[](k);
        for (uint256 i = 0; i < k; ++i) tokens[i] = _slotToken[i];
    }

    // ------------------------------------------------------------------ internals

    function _checkRoleOrAdmin(bytes32 role) private view {
        if (!hasRole(role, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, role);
        }
    }

    function _checkReceiver(address receiver) private view {
        if (receiver == address(this)) revert MarginEngine__InvalidReceiver(receiver);
    }

    function _nonZero(address a) private pure returns (address) {
        if (a == address(0)) revert MarginEngine__ZeroAddress();
        return a;
    }

    function _slotOf(address token) private view returns (uint256) {
        uint256 s = _tokenSlotPlusOne[token];
        if (s == 0) revert MarginEngine__UnknownToken(token);
        return s - 1;
    }

    /// @dev keccak256 of the K slot tokens, each as a 32-byte word (empty slot = zero address).
    function _hashSlotTokens() private view returns (bytes32) {
        uint256 k = slots;
        address[] memory tokens = new address[](k);
        for (uint256 i = 0; i < k; ++i) tokens[i] = _slotToken[i];
        return keccak256(abi.encodePacked(tokens));
    }

    /// @dev The first ceil(K/2) balance words of `account` (the rest stay zero).
    function _loadWords(address account) private view returns (uint256[_MAX_WORDS] memory words) {
        uint256[_MAX_WORDS] storage stored = _balanceWords[account];
        uint256 n = _packedWords;
        for (uint256 i = 0; i < n; ++i) words[i] = stored[i];
    }

    /// @dev LapseRules.liquidatableAfter over the engine's storage; never (2^256 - 1) for an
    /// account without a commitment (no positions) or frozen (already liquidated).
    function _liquidatableAfter(Account storage acc, uint256 grace, Guard memory g) private view returns (uint256) {
        if (acc.frozen || acc.commitment == 0) return type(uint256).max;
        return _stress.liquidatableAfter(acc.provenEpoch, acc.validUntil, uint64(grace), g.liveSince, g.resumeAt);
    }

    /// @dev Checks that `account` may renew against `epoch` at `tier` and returns the
    /// renewal's terms. With `inputs`, the root and multiplier are filled in also for the
    /// latest epoch (the batch verifier needs them; a single renewal uses the cached terms).
    function _renewal(
        address account,
        uint64 epoch,
        uint256 tier,
        bool inputs
    ) private view returns (Renewal memory r) {
        Account storage acc = _accounts[account];
        if (acc.frozen) revert MarginEngine__AccountFrozen(account);
        // validUntil is 0 exactly when no commitment was ever proven (attestAndProve sets both
        // together); it shares a storage word with `frozen`, so this check reads nothing extra.
        uint64 current = acc.validUntil;
        if (current == 0) revert MarginEngine__NoCommitment(account);
        r = _checkEpoch(acc, epoch, inputs);
        uint64 validUntil = r.expiry;
        if (tier == 0) {
            if (inputs || !r.latest) r.multiplier = _params.maintenanceMultiplier;
        } else {
            uint256 word = _tiersAbove();
            uint256 count = _tierCount(word);
            if (tier >= count) revert MarginEngine__UnknownTier(tier, count);
            (uint256 m, uint256 ttl) = _tierAbove(word, tier);
            r.multiplier = m;
            uint256 tierUntil = r.timestamp + ttl;
            if (tierUntil > validUntil) validUntil = uint64(tierUntil);
        }
        r.validUntil = validUntil > current ? validUntil : current;
        r.stateHash = acc.stateHash;
    }

    /// @dev Applies a verified renewal.
    function _renew(address account, uint64 epoch, uint64 validUntil) private {
        Account storage acc = _accounts[account];
        acc.validUntil = validUntil;
        acc.provenEpoch = epoch;
        emit ProofAccepted(account, epoch, validUntil);
    }

    /// @dev Checks that a proof may be made against `epoch` for `acc` and returns the epoch's
    /// part of a renewal. The latest epoch's times come from the packed epoch state, which the
    /// stress check loads anyway; its root is read only when `root` is asked for. Published
    /// roots are never 0, so a zero root means an unknown epoch.
    function _checkEpoch(Account storage acc, uint64 epoch, bool root) private view returns (Renewal memory r) {
        EpochState memory es = _epochState;
        if (epoch == es.latestEpoch && epoch != 0) {
            r.latest = true;
            r.timestamp = es.latestTimestamp;
            r.expiry = es.latestExpiry;
            if (root) r.root = _epochs[epoch].riskRoot;
        } else {
            Epoch storage e = _epochs[epoch];
            r.root = e.riskRoot;
            if (r.root == 0) revert MarginEngine__UnknownEpoch(epoch);
            r.timestamp = e.timestamp;
            r.expiry = e.expiry;
        }
        // solhint-disable-next-line not-rely-on-time
        if (r.expiry <= block.timestamp) revert MarginEngine__StaleEpoch(epoch);
        if (epoch < es.stressEpoch) revert MarginEngine__EpochBeforeStress(epoch, es.stressEpoch);
        uint64 proven = acc.provenEpoch;
        if (epoch < proven) revert MarginEngine__EpochRegression(epoch, proven);
    }

    /// @dev The cached terms of the latest epoch, after the multipliers changed.
    function _refreshLatestBases() private {
        uint64 latest = _epochState.latestEpoch;
        if (latest == 0) return;
        Config memory c = _params;
        _refreshBases(_epochs[latest].riskRoot, c.maintenanceMultiplier, c.initialMultiplier, _tiersAbove());
    }

    /// @dev The proof a withdrawal of an account with a commitment needs: against the latest
    /// epoch, at the initial multiplier, for the balances with `word` at `wordIndex`. Stores the
    /// new hashes and renews the account; returns the new stateHash.
    function _proveWithdrawal(
        Account storage acc,
        uint64 epoch,
        uint256 wordIndex,
        uint256 word,
        Proof calldata proof
    ) private returns (uint256 stateHash) {
        if (_params.withdrawalsSuspended) revert MarginEngine__WithdrawalsSuspended();
        uint64 latest = _epochState.latestEpoch;
        if (epoch != latest) revert MarginEngine__NotLatestEpoch(epoch, latest);
        uint64 validUntil = _checkEpoch(acc, epoch, false).expiry;
        uint256[_MAX_WORDS] memory words = _loadWords(msg.sender);
        words[wordIndex] = word;
        uint256 balancesHash = _hashWords(words);
        stateHash = _hash2(acc.commitment, balancesHash);
        _verifyLatest(stateHash, MAX_VALIDITY_TIERS, proof);
        if (validUntil > acc.validUntil) acc.validUntil = validUntil;
        acc.provenEpoch = epoch;
        acc.balancesHash = balancesHash;
        acc.stateHash = stateHash;
        emit ProofAccepted(msg.sender, epoch, acc.validUntil);
    }

    /// @dev The checks and effects shared by both attestation paths (the caller checked the owner).
    function _attestAndProve(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature,
        uint64 epoch,
        Proof calldata proof
    ) private {
        // solhint-disable-next-line not-rely-on-time
        if (block.timestamp > deadline) revert MarginEngine__AttestationExpired(deadline);
        Account storage acc = _accounts[account];
        if (acc.frozen) revert MarginEngine__AccountFrozen(account);
        if (commitment == 0 || commitment >= SNARK_SCALAR_FIELD) revert MarginEngine__InvalidCommitment(commitment);
        uint64 expectedNonce = acc.attestationNonce;
        if (nonce != expectedNonce) revert MarginEngine__BadNonce(expectedNonce, nonce);
        address signer = _recoverAttester(account, commitment, nonce, deadline, signature);
        uint256 stateHash = _proveNewCommitment(account, acc, commitment, epoch, proof);
        acc.attestationNonce = expectedNonce + 1;
        emit Attested(account, signer, commitment, nonce, stateHash);
        emit ProofAccepted(account, epoch, acc.validUntil);
    }

    function _recoverAttester(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) private view returns (address signer) {
        ECDSA.RecoverError err;
        bytes32 digest = _typedDigest(_ATTESTATION_TYPEHASH, account, commitment, nonce, deadline);
        (signer, err, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError) revert MarginEngine__InvalidSignature();
        if (!hasRole(VENUE_ROLE, signer)) revert MarginEngine__UnauthorizedAttester(signer);
    }

    /// @dev Verifies a proof for the state `commitment` would give `acc` and only then stores it.
    function _proveNewCommitment(
        address account,
        Account storage acc,
        uint256 commitment,
        uint64 epoch,
        Proof calldata proof
    ) private returns (uint256 stateHash) {
        Renewal memory r = _checkEpoch(acc, epoch, false);
        // the hashes are kept from the first commitment on; compute them for the first
        uint256 balancesHash = acc.commitment == 0 ? _hashWords(_loadWords(account)) : acc.balancesHash;
        stateHash = _hash2(commitment, balancesHash);
        if (r.latest) _verifyLatest(stateHash, 0, proof);
        else _verifyFull(stateHash, r.root, _params.maintenanceMultiplier, proof);

        acc.commitment = commitment;
        acc.balancesHash = balancesHash;
        acc.stateHash = stateHash;
        // A new commitment's validity comes from its own proof. epoch >= provenEpoch, so this
        // is below the old validUntil only if the admin lowered proofTtl since.
        acc.validUntil = r.expiry;
        acc.provenEpoch = epoch;
    }

    function _consentDigest(
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline
    ) private view returns (bytes32) {
        return _typedDigest(_CONSENT_TYPEHASH, account, commitment, nonce, deadline);
    }

    function _typedDigest(
        bytes32 typehash,
        address account,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline
    ) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(typehash, account, commitment, nonce, deadline)));
    }

    /// @dev Validates and stores `p`, keeping the withdrawal switch.
    function _setParams(Params memory p) private {
        _validateParams(p);
        Config storage c = _params;
        c.proofTtl = p.proofTtl;
        c.grace = p.grace;
        c.maintenanceMultiplier = p.maintenanceMultiplier;
        c.initialMultiplier = p.initialMultiplier;
        c.keeperRewardBps = p.keeperRewardBps;
    }

    function _validateParams(Params memory p) private pure {
        if (
            p.proofTtl < MIN_PROOF_TTL ||
            p.proofTtl > MAX_PROOF_TTL ||
            p.grace > MAX_GRACE ||
            p.maintenanceMultiplier < MIN_MULTIPLIER ||
            p.initialMultiplier < p.maintenanceMultiplier ||
            p.initialMultiplier > MAX_MULTIPLIER ||
            p.keeperRewardBps > MAX_KEEPER_REWARD_BPS
        ) revert MarginEngine__InvalidParams();
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(AccessControlDefaultAdminRules) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
