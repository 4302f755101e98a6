// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IMarginEngine} from "./interfaces/IMarginEngine.sol";
import {IVerifier} from "./interfaces/IVerifier.sol";
import {IPoseidon2} from "./interfaces/IPoseidon.sol";

/**
 * @title MarginEngine
 * @notice Holds collateral, publishes risk epochs and accepts zero-knowledge solvency proofs
 * in place of public positions (zkmargin v1, SPEC section 2). See {IMarginEngine}.
 * @dev Public inputs are always rebuilt from storage. Hashes: balancesHash = Poseidon_K(amounts),
 * stateHash = Poseidon_2(commitment, balancesHash), with circomlibjs-generated hashers.
 */
contract MarginEngine is IMarginEngine, AccessControl, ReentrancyGuard, Pausable, EIP712 {
    using SafeERC20 for IERC20;

    // ------------------------------------------------------------------ constants

    /// @notice Publishes epochs, declares stress, pauses new risk.
    bytes32 public constant RISK_ROLE = keccak256("RISK_ROLE");
    /// @notice Signs EIP-712 attestations of position commitments.
    bytes32 public constant VENUE_ROLE = keccak256("VENUE_ROLE");
    /// @notice Registers collateral tokens (the admin may too).
    bytes32 public constant COLLATERAL_ROLE = keccak256("COLLATERAL_ROLE");

    /// @notice BN254 scalar field modulus; every public input must be below it.
    uint256 public constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @notice Largest number of collateral slots (balances hash as ceil(K/2) <= 4 packed words).
    uint256 public constant MAX_SLOTS = 8;
    /// @notice Exclusive bound of a slot balance (the circuit range-checks amounts to 100 bits).
    uint256 public constant MAX_AMOUNT = 1 << 100;
    /// @notice Multiplier bounds in basis points (SPEC section 3).
    uint256 public constant MIN_MULTIPLIER = 10_000;
    /// @notice Multiplier bounds in basis points (SPEC section 3).
    uint256 public constant MAX_MULTIPLIER = 1_000_000;
    /// @notice Largest keeper reward, basis points.
    uint256 public constant MAX_KEEPER_REWARD_BPS = 1_000;
    /// @notice Shortest proof lifetime.
    uint256 public constant MIN_PROOF_TTL = 60;
    /// @notice Longest proof lifetime.
    uint256 public constant MAX_PROOF_TTL = 30 days;
    /// @notice Longest grace period.
    uint256 public constant MAX_GRACE = 7 days;

    bytes32 private constant _ATTESTATION_TYPEHASH =
        keccak256("Attestation(address account,uint256 commitment,uint256 nonce)");
    uint256 private constant _BPS = 10_000;

    // ------------------------------------------------------------------ immutables

    /// @notice The Groth16 verifier of the solvency circuit.
    IVerifier public immutable verifier;
    /// @notice circomlibjs Poseidon with 2 inputs.
    IPoseidon2 public immutable poseidon2;
    /// @notice circomlibjs Poseidon with ceil(K/2) inputs: hashes the balances packed two per
    /// word, `a[2i] + 2^100 * a[2i+1]` (docs/PROTOCOL.md section 6).
    address public immutable poseidonK;
    /// @notice Number of collateral slots K (the circuit instance's K).
    uint256 public immutable slots;

    bytes4 private immutable _poseidonKSelector;
    /// @dev ceil(K/2): the number of packed balance words.
    uint256 private immutable _packedWords;
    /// @dev Poseidon_{ceil(K/2)}(0, ..., 0): the balancesHash of an account that never held collateral.
    uint256 private immutable _zeroBalancesHash;

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
        uint64 stressEpoch;
        uint64 stressDeclaredAt;
    }

    /// @notice Receives seized collateral minus the keeper reward.
    address public liquidationReceiver;

    Params private _params;
    EpochState private _epochState;
    mapping(uint64 epoch => Epoch) private _epochs;
    mapping(address account => Account) private _accounts;
    /// @dev Amounts are below 2^100, so two slots share a storage word.
    mapping(address account => uint128[MAX_SLOTS]) private _balances;
    address[MAX_SLOTS] private _slotToken;
    /// @dev slot + 1; 0 = not registered.
    mapping(address token => uint256) private _tokenSlotPlusOne;

    // ------------------------------------------------------------------ construction

    /**
     * @param verifier_ Groth16 verifier of the circuit instance with K collateral slots.
     * @param poseidon2_ circomlibjs Poseidon(2) contract.
     * @param poseidonK_ circomlibjs Poseidon(ceil(K/2)) contract (packed balances).
     * @param k Number of collateral slots, 1..8.
     * @param admin Receives DEFAULT_ADMIN_ROLE (grants the other roles).
     * @param liquidationReceiver_ Receives seized collateral minus keeper rewards.
     * @param initialParams Parameters, within the bounds of `setParams`.
     */
    constructor(
        IVerifier verifier_,
        IPoseidon2 poseidon2_,
        address poseidonK_,
        uint256 k,
        address admin,
        address liquidationReceiver_,
        Params memory initialParams
    ) EIP712("zkmargin MarginEngine", "1") {
        if (
            address(verifier_) == address(0) ||
            address(poseidon2_) == address(0) ||
            poseidonK_ == address(0) ||
            admin == address(0) ||
            liquidationReceiver_ == address(0)
        ) revert MarginEngine__ZeroAddress();
        if (k == 0 || k > MAX_SLOTS) revert MarginEngine__InvalidSlotCount(k);

        verifier = verifier_;
        poseidon2 = poseidon2_;
        poseidonK = poseidonK_;
        slots = k;
        uint256 words = (k + 1) / 2;
        _packedWords = words;
        bytes4 selectorK = bytes4(keccak256(abi.encodePacked("poseidon(uint256[", bytes1(uint8(48 + words)), "])")));
        _poseidonKSelector = selectorK;

        // Known-answer checks: Poseidon_n(0, ..., 0) from the SDK (src/poseidon.ts). A hasher of
        // the wrong arity either fails the call (circomlibjs code has one selector) or differs.
        uint256[MAX_SLOTS / 2] memory zeros;
        (bool ok, uint256 zero2) = _tryHash(address(poseidon2_), IPoseidon2.poseidon.selector, zeros, 2);
        if (!ok || zero2 != _zeroHash(2)) revert MarginEngine__HasherMismatch(address(poseidon2_));
        uint256 zeroK;
        (ok, zeroK) = _tryHash(poseidonK_, selectorK, zeros, words);
        if (!ok || zeroK != _zeroHash(words)) revert MarginEngine__HasherMismatch(poseidonK_);
        _zeroBalancesHash = zeroK;

        _validateParams(initialParams);
        _params = initialParams;
        liquidationReceiver = liquidationReceiver_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
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
        emit CollateralRegistered(token, slot);
    }

    /// @dev See {IMarginEngine-setParams}.
    function setParams(Params calldata newParams) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        _validateParams(newParams);
        _params = newParams;
        emit ParamsUpdated(newParams);
    }

    /// @dev See {IMarginEngine-setLiquidationReceiver}.
    function setLiquidationReceiver(address receiver) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        if (receiver == address(0)) revert MarginEngine__ZeroAddress();
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
    }

    // ------------------------------------------------------------------ risk

    /// @dev See {IMarginEngine-publishEpoch}.
    function publishEpoch(uint64 epoch, uint256 riskRoot, uint64 timestamp) external override onlyRole(RISK_ROLE) {
        EpochState memory es = _epochState;
        if (epoch <= es.latestEpoch) revert MarginEngine__EpochNotIncreasing(epoch, es.latestEpoch);
        // solhint-disable-next-line not-rely-on-time
        if (timestamp == 0 || timestamp > block.timestamp || timestamp < es.latestTimestamp) {
            revert MarginEngine__InvalidTimestamp(timestamp);
        }
        if (riskRoot == 0 || riskRoot >= SNARK_SCALAR_FIELD) revert MarginEngine__RootNotInField(riskRoot);
        _epochs[epoch] = Epoch({riskRoot: riskRoot, timestamp: timestamp});
        es.latestEpoch = epoch;
        es.latestTimestamp = timestamp;
        _epochState = es;
        emit EpochPublished(epoch, riskRoot, timestamp);
    }

    /// @dev See {IMarginEngine-declareStress}.
    function declareStress(uint64 epoch) external override onlyRole(RISK_ROLE) {
        EpochState memory es = _epochState;
        if (_epochs[epoch].timestamp == 0 || epoch <= es.stressEpoch) revert MarginEngine__InvalidStressEpoch(epoch);
        es.stressEpoch = epoch;
        es.stressDeclaredAt = uint64(block.timestamp);
        _epochState = es;
        emit StressDeclared(epoch, uint64(block.timestamp));
    }

    // ------------------------------------------------------------------ collateral

    /// @dev See {IMarginEngine-deposit}. The transfer comes first because the amount that
    /// arrived must be measured (fee-on-transfer check); nonReentrant covers the callback risk.
    function deposit(address token, uint256 amount) external override nonReentrant whenNotPaused {
        uint256 slot = _slotOf(token);
        if (amount == 0) revert MarginEngine__ZeroAmount();
        Account storage acc = _accounts[msg.sender];
        if (acc.frozen) revert MarginEngine__AccountFrozen(msg.sender);

        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert MarginEngine__FeeOnTransfer(amount, received);

        uint128[MAX_SLOTS] memory bal = _balances[msg.sender];
        uint256 newBalance = uint256(bal[slot]) + amount;
        if (newBalance >= MAX_AMOUNT) revert MarginEngine__BalanceTooLarge(newBalance);
        bal[slot] = uint128(newBalance);
        _balances[msg.sender][slot] = uint128(newBalance);

        uint256 balancesHash = _hashBalances(bal);
        uint256 stateHash = _hash2(acc.commitment, balancesHash);
        acc.balancesHash = balancesHash;
        acc.stateHash = stateHash;
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

        uint128[MAX_SLOTS] memory bal = _balances[msg.sender];
        uint256 available = bal[slot];
        if (amount > available) revert MarginEngine__InsufficientBalance(available, amount);
        bal[slot] = uint128(available - amount);

        uint256 balancesHash = _hashBalances(bal);
        uint256 commitment = acc.commitment;
        uint256 stateHash = _hash2(commitment, balancesHash);

        if (commitment != 0) {
            uint64 latest = _epochState.latestEpoch;
            if (epoch != latest) revert MarginEngine__NotLatestEpoch(epoch, latest);
            Params memory p = _params;
            (uint256 root, uint64 validUntil) = _checkEpoch(acc, epoch, p.proofTtl);
            _verify(stateHash, root, p.initialMultiplier, proof);
            if (validUntil > acc.validUntil) acc.validUntil = validUntil;
            acc.provenEpoch = epoch;
            emit ProofAccepted(msg.sender, epoch, acc.validUntil);
        }

        _balances[msg.sender][slot] = uint128(available - amount);
        acc.balancesHash = balancesHash;
        acc.stateHash = stateHash;
        emit Withdrawn(msg.sender, token, amount, stateHash);

        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ proofs

    /// @dev See {IMarginEngine-attestAndProve}.
    function attestAndProve(
        address account,
        uint256 commitment,
        uint256 nonce,
        bytes calldata signature,
        uint64 epoch,
        Proof calldata proof
    ) external override whenNotPaused {
        Account storage acc = _accounts[account];
        if (acc.frozen) revert MarginEngine__AccountFrozen(account);
        if (commitment == 0 || commitment >= SNARK_SCALAR_FIELD) revert MarginEngine__InvalidCommitment(commitment);
        uint64 expectedNonce = acc.attestationNonce;
        if (nonce != expectedNonce) revert MarginEngine__BadNonce(expectedNonce, nonce);
        address signer = _recoverAttester(account, commitment, nonce, signature);
        (uint256 stateHash, uint64 validUntil) = _proveNewCommitment(acc, commitment, epoch, proof);
        acc.attestationNonce = expectedNonce + 1;
        emit Attested(account, signer, commitment, nonce, stateHash);
        emit ProofAccepted(account, epoch, validUntil);
    }

    /// @dev See {IMarginEngine-cancelAttestation}.
    function cancelAttestation(address account) external override onlyRole(VENUE_ROLE) {
        Account storage acc = _accounts[account];
        uint64 next = acc.attestationNonce + 1;
        acc.attestationNonce = next;
        emit AttestationCancelled(account, next);
    }

    /// @dev See {IMarginEngine-submitProof}.
    function submitProof(address account, uint64 epoch, Proof calldata proof) public override {
        Account storage acc = _accounts[account];
        if (acc.frozen) revert MarginEngine__AccountFrozen(account);
        // validUntil is 0 exactly when no commitment was ever proven (attestAndProve sets both
        // together); it shares a storage word with `frozen`, so this check reads nothing extra.
        if (acc.validUntil == 0) revert MarginEngine__NoCommitment(account);
        uint256 stateHash = acc.stateHash;
        Params memory p = _params;
        (uint256 root, uint64 validUntil) = _checkEpoch(acc, epoch, p.proofTtl);
        _verify(stateHash, root, p.maintenanceMultiplier, proof);
        uint64 current = acc.validUntil;
        if (validUntil < current) validUntil = current;
        acc.validUntil = validUntil;
        acc.provenEpoch = epoch;
        emit ProofAccepted(account, epoch, validUntil);
    }

    /// @dev See {IMarginEngine-submitProofs}. Each renewal runs as an external self-call so that
    /// its revert is caught and reported instead of undoing the whole batch.
    function submitProofs(
        address[] calldata accounts,
        uint64[] calldata epochs_,
        Proof[] calldata proofs
    ) external override returns (uint256 accepted) {
        uint256 n = accounts.length;
        if (epochs_.length != n || proofs.length != n) revert MarginEngine__LengthMismatch();
        for (uint256 i = 0; i < n; ++i) {
            try this.submitProof(accounts[i], epochs_[i], proofs[i]) {
                ++accepted;
            } catch (bytes memory reason) {
                emit ProofRejected(accounts[i], epochs_[i], reason);
            }
        }
    }

    // ------------------------------------------------------------------ liquidation

    /// @dev See {IMarginEngine-liquidate}.
    function liquidate(address account) external override nonReentrant {
        Account storage acc = _accounts[account];
        if (acc.frozen) revert MarginEngine__AccountFrozen(account);
        if (!_lapsed(acc)) revert MarginEngine__NotLiquidatable(account);

        acc.frozen = true;
        acc.balancesHash = 0;
        acc.stateHash = 0;
        emit Liquidated(account, msg.sender, acc.provenEpoch, acc.validUntil);

        uint128[MAX_SLOTS] memory bal = _balances[account];
        delete _balances[account];
        uint256 rewardBps = _params.keeperRewardBps;
        address receiver = liquidationReceiver;
        uint256 k = slots;
        for (uint256 i = 0; i < k; ++i) {
            uint256 amount = bal[i];
            if (amount == 0) continue;
            uint256 reward = (amount * rewardBps) / _BPS;
            IERC20 token = IERC20(_slotToken[i]);
            emit CollateralSeized(account, address(token), reward, amount - reward);
            if (reward != 0) token.safeTransfer(msg.sender, reward);
            token.safeTransfer(receiver, amount - reward);
        }
    }

    // ------------------------------------------------------------------ views

    /// @dev See {IMarginEngine-accountState}.
    function accountState(address account) external view override returns (AccountState memory state) {
        Account memory acc = _accounts[account];
        uint128[MAX_SLOTS] memory bal = _balances[account];
        uint256 k = slots;
        state.balances = new uint256[](k);
        for (uint256 i = 0; i < k; ++i) state.balances[i] = bal[i];
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
        return _balances[account][_slotOf(token)];
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
        Account storage acc = _accounts[account];
        return !acc.frozen && _lapsed(acc);
    }

    /// @dev See {IMarginEngine-attestationDigest}.
    function attestationDigest(
        address account,
        uint256 commitment,
        uint256 nonce
    ) external view override returns (bytes32) {
        return _attestationDigest(account, commitment, nonce);
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
        EpochState memory es = _epochState;
        return (es.stressEpoch, es.stressDeclaredAt);
    }

    /// @dev See {IMarginEngine-params}.
    function params() external view override returns (Params memory) {
        return _params;
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

    function _slotOf(address token) private view returns (uint256) {
        uint256 s = _tokenSlotPlusOne[token];
        if (s == 0) revert MarginEngine__UnknownToken(token);
        return s - 1;
    }

    /// @dev Checks that a proof may be made against `epoch` for `acc` and returns the epoch's
    /// root and the validUntil a proof against it gives.
    /// @dev The latest epoch's timestamp is read from the packed epoch state, which the stress
    /// check loads anyway, so a renewal against the latest epoch reads one epoch word (the root)
    /// instead of two. Published roots are never 0, so a zero root means an unknown epoch.
    function _checkEpoch(
        Account storage acc,
        uint64 epoch,
        uint64 proofTtl
    ) private view returns (uint256 root, uint64 validUntil) {
        EpochState memory es = _epochState;
        root = _epochs[epoch].riskRoot;
        if (root == 0) revert MarginEngine__UnknownEpoch(epoch);
        uint64 timestamp = epoch == es.latestEpoch ? es.latestTimestamp : _epochs[epoch].timestamp;
        validUntil = timestamp + proofTtl;
        // solhint-disable-next-line not-rely-on-time
        if (validUntil <= block.timestamp) revert MarginEngine__StaleEpoch(epoch);
        if (epoch < es.stressEpoch) revert MarginEngine__EpochBeforeStress(epoch, es.stressEpoch);
        uint64 proven = acc.provenEpoch;
        if (epoch < proven) revert MarginEngine__EpochRegression(epoch, proven);
    }

    function _recoverAttester(
        address account,
        uint256 commitment,
        uint256 nonce,
        bytes calldata signature
    ) private view returns (address signer) {
        ECDSA.RecoverError err;
        (signer, err, ) = ECDSA.tryRecover(_attestationDigest(account, commitment, nonce), signature);
        if (err != ECDSA.RecoverError.NoError) revert MarginEngine__InvalidSignature();
        if (!hasRole(VENUE_ROLE, signer)) revert MarginEngine__UnauthorizedAttester(signer);
    }

    /// @dev Verifies a proof for the state `commitment` would give `acc` and only then stores it.
    function _proveNewCommitment(
        Account storage acc,
        uint256 commitment,
        uint64 epoch,
        Proof calldata proof
    ) private returns (uint256 stateHash, uint64 validUntil) {
        Params memory p = _params;
        uint256 root;
        (root, validUntil) = _checkEpoch(acc, epoch, p.proofTtl);
        uint256 balancesHash = acc.balancesHash;
        if (balancesHash == 0) balancesHash = _zeroBalancesHash;
        stateHash = _hash2(commitment, balancesHash);
        _verify(stateHash, root, p.maintenanceMultiplier, proof);

        acc.commitment = commitment;
        acc.balancesHash = balancesHash;
        acc.stateHash = stateHash;
        // A new commitment's validity comes from its own proof. epoch >= provenEpoch, so this
        // is below the old validUntil only if the admin lowered proofTtl since.
        acc.validUntil = validUntil;
        acc.provenEpoch = epoch;
    }

    function _verify(uint256 stateHash, uint256 root, uint256 multiplier, Proof calldata proof) private view {
        if (!verifier.verifyProof(proof.a, proof.b, proof.c, [stateHash, root, multiplier])) {
            revert MarginEngine__InvalidProof();
        }
    }

    function _lapsed(Account storage acc) private view returns (bool) {
        if (acc.commitment == 0) return false; // no positions, nothing to liquidate
        uint256 grace = _params.grace;
        // solhint-disable-next-line not-rely-on-time
        if (block.timestamp > uint256(acc.validUntil) + grace) return true;
        EpochState memory es = _epochState;
        // solhint-disable-next-line not-rely-on-time
        return acc.provenEpoch < es.stressEpoch && block.timestamp > uint256(es.stressDeclaredAt) + grace;
    }

    function _attestationDigest(address account, uint256 commitment, uint256 nonce) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_ATTESTATION_TYPEHASH, account, commitment, nonce)));
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

    function _hash2(uint256 a, uint256 b) private view returns (uint256) {
        return poseidon2.poseidon([a, b]);
    }

    /// @dev Poseidon over the balances packed two per word (each balance < 2^100, so the packing
    /// is injective and below p): word i = bal[2i] + 2^100 * bal[2i+1].
    function _hashBalances(uint128[MAX_SLOTS] memory bal) private view returns (uint256 h) {
        uint256[MAX_SLOTS / 2] memory packed;
        uint256 words = _packedWords;
        for (uint256 i = 0; i < words; ++i) {
            packed[i] = uint256(bal[2 * i]) | (uint256(bal[2 * i + 1]) << 100);
        }
        bool ok;
        (ok, h) = _tryHash(poseidonK, _poseidonKSelector, packed, words);
        // The hasher passed its known-answer check at deployment; it cannot fail on valid input.
        assert(ok);
    }

    /// @dev Calls `poseidon(uint256[k])` with the first k words. abi.encode lays a static array
    /// out inline, so the calldata for k < 4 is the 4-word encoding cut to 4 + 32k bytes.
    function _tryHash(
        address hasher,
        bytes4 selector,
        uint256[MAX_SLOTS / 2] memory words,
        uint256 k
    ) private view returns (bool ok, uint256 h) {
        bytes memory data = abi.encodeWithSelector(selector, words);
        uint256 len = 4 + 32 * k;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(data, len)
        }
        bytes memory ret;
        (ok, ret) = hasher.staticcall(data);
        if (!ok || ret.length != 32) return (false, 0);
        h = abi.decode(ret, (uint256));
    }

    /// @dev Poseidon_n(0, ..., 0) for n = 1..8, from the SDK (src/poseidon.ts); the test suite
    /// recomputes them.
    function _zeroHash(uint256 n) private pure returns (uint256) {
        if (n == 1) return 0x2a09a9fd93c590c26b91effbb2499f07e8f7aa12e2b4940a3aed2411cb65e11c;
        if (n == 2) return 0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864;
        if (n == 3) return 0x0bc188d27dcceadc1dcfb6af0a7af08fe2864eecec96c5ae7cee6db31ba599aa;
        if (n == 4) return 0x0532fd436e19c70e51209694d9c215250937921b8b79060488c1206db73e9946;
        if (n == 5) return 0x2066be41bebe6caf7e079360abe14fbf9118c62eabc42e2fe75e342b160a95bc;
        if (n == 6) return 0x1fdb1d1757a3a3502bec7084abc047ae86a4f442b8a073d5b3482bb02eb353d5;
        if (n == 7) return 0x0a47ead74da5372e7d2598e4f93c389bf03e8330219f8bf1e49b362f73491a26;
        return 0x035ebc384d320413c9b97d446bf7de69e04d6278d68d52934a4f5f653348622a;
    }
}
