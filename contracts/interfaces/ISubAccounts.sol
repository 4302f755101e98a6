// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IMarginEngineTypes} from "./IMarginEngineTypes.sol";

/**
 * @title ISubAccounts
 * @notice Isolated margin for the MarginEngine (issue 15): an owner holds its main account (its
 * own address, sub-account 0, cross-margined over everything it holds) and sub-accounts 1, 2, ...
 * Each sub-account is an engine account of its own, a minimal clone at a CREATE2 address fixed
 * by (owner, index): its own collateral, commitment, proof and lapse, so a liquidation of one
 * never touches another. The engine needs no change: it sees the clone as the account, and every
 * rule of the engine (withdrawal proofs at the initial multiplier, attestation, lapse) holds for
 * it unchanged. The venue attests a sub-account's commitment with the sub-account's address as
 * the commitment's `account` (docs/PROTOCOL.md section 6), which is how the circuit binds it.
 */
interface ISubAccounts is IMarginEngineTypes {
    /// @notice Sub-account 0 is the owner's own address: this router does not act on it.
    error SubAccounts__MainAccount();
    /// @notice A move needs two different sub-accounts.
    error SubAccounts__SameSubAccount(uint32 index);
    /// @notice The owner has not opened sub-account `index` (deposit into it first).
    error SubAccounts__NotOpened(address owner, uint32 index);
    /// @notice The zero address was given where the engine is required.
    error SubAccounts__ZeroAddress();

    /// @notice `owner` opened sub-account `index` at `account` (a clone, deployed once).
    event SubAccountOpened(address indexed owner, uint32 indexed index, address account);
    /// @notice `owner` moved `amount` of `token` from sub-account `from` to `to`.
    event CollateralMoved(address indexed owner, uint32 from, uint32 to, address indexed token, uint256 amount);

    /**
     * @notice The engine account of (owner, index): the owner itself for index 0, else the clone's
     * CREATE2 address (whether or not it is open yet).
     * @param owner The owner.
     * @param index The sub-account index.
     * @return account The account's address.
     */
    function subAccount(address owner, uint32 index) external view returns (address account);

    /**
     * @notice Who holds `account`: (owner, index) of an opened sub-account, (0, 0) otherwise.
     * @param account An engine account.
     * @return owner The owner (0 when `account` is not a sub-account of this router).
     * @return index The sub-account index.
     */
    function holderOf(address account) external view returns (address owner, uint32 index);

    /// @notice The highest sub-account index `owner` has opened (0 = none).
    function subAccountCount(address owner) external view returns (uint32);

    /**
     * @notice Opens sub-account `index` >= 1 of the caller (idempotent): deploys its clone.
     * @param index The sub-account index, at least 1.
     * @return account The sub-account's address.
     */
    function open(uint32 index) external returns (address account);

    /**
     * @notice Deposits `amount` of `token` from the caller into its sub-account `index` >= 1
     * (opening it on first use). The caller approves this router, not the engine.
     * @param index The sub-account index, at least 1.
     * @param token A collateral token of the engine.
     * @param amount The amount, in base units.
     */
    function deposit(uint32 index, address token, uint256 amount) external;

    /**
     * @notice Withdraws `amount` of `token` from the caller's sub-account `index` to the caller,
     * with the engine's withdrawal rule: a sub-account with a commitment proves at the initial
     * multiplier against the latest epoch for its balances after the withdrawal.
     * @param index The sub-account index, at least 1.
     * @param token The collateral token.
     * @param amount The amount, in base units.
     * @param epoch The latest epoch.
     * @param proof The withdrawal proof (ignored without a commitment).
     */
    function withdraw(uint32 index, address token, uint256 amount, uint64 epoch, Proof calldata proof) external;

    /**
     * @notice Moves collateral between two of the caller's sub-accounts (both >= 1): a
     * withdrawal from `from` under the engine's rule (its proof at the initial multiplier when
     * it has positions) and a deposit into `to` (opened on first use), in one transaction.
     * To move from or to the main account, withdraw and deposit (the engine takes the main
     * account's withdrawals from the owner only).
     * @param from The source sub-account.
     * @param to The destination sub-account.
     * @param token The collateral token.
     * @param amount The amount, in base units.
     * @param epoch The latest epoch.
     * @param proof The source's withdrawal proof (ignored without a commitment).
     */
    function move(
        uint32 from,
        uint32 to,
        address token,
        uint256 amount,
        uint64 epoch,
        Proof calldata proof
    ) external;

    /**
     * @notice Submits a venue attestation of the caller's sub-account `index` with its proof
     * (the engine's attestAndProve, sent by the sub-account). A relayer can instead call the
     * engine's attestAndProveFor with the owner's consent: the sub-account validates the
     * owner's signature (ERC-1271).
     * @param index The sub-account index, at least 1 (opened).
     * @param commitment The attested commitment.
     * @param nonce The attestation nonce.
     * @param deadline The attestation deadline.
     * @param signature The venue's signature.
     * @param epoch The proof's epoch.
     * @param proof The proof.
     */
    function attestAndProve(
        uint32 index,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature,
        uint64 epoch,
        Proof calldata proof
    ) external;
}
