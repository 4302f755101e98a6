// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {ISubAccounts} from "../interfaces/ISubAccounts.sol";
import {SubAccount} from "./SubAccount.sol";

/**
 * @title SubAccounts
 * @notice Isolated margin by sub-accounts (see {ISubAccounts}): the owner's router to its
 * sub-accounts 1, 2, ... of one MarginEngine. Holds no funds and no rights over the engine:
 * every engine rule applies to each sub-account as to any account.
 * @dev A sub-account is an EIP-1167 clone of {SubAccount} at CREATE2 salt
 * keccak256(owner, index), deployed on first use; only the owner's calls to this router drive it.
 */
contract SubAccounts is ISubAccounts, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The margin engine the sub-accounts are accounts of.
    IMarginEngine public immutable engine;
    /// @notice The SubAccount implementation every sub-account clones.
    address public immutable implementation;

    struct Holder {
        address owner;
        uint32 index;
    }

    mapping(address account => Holder) private _holder;
    mapping(address owner => uint32) private _count;

    /// @param engine_ The margin engine.
    constructor(IMarginEngine engine_) {
        if (address(engine_) == address(0)) revert SubAccounts__ZeroAddress();
        engine = engine_;
        implementation = address(new SubAccount(address(engine_)));
    }

    /// @inheritdoc ISubAccounts
    function subAccount(address owner, uint32 index) public view override returns (address) {
        if (index == 0) return owner;
        return Clones.predictDeterministicAddress(implementation, _salt(owner, index));
    }

    /// @inheritdoc ISubAccounts
    function holderOf(address account) external view override returns (address owner, uint32 index) {
        Holder memory h = _holder[account];
        return (h.owner, h.index);
    }

    /// @inheritdoc ISubAccounts
    function subAccountCount(address owner) external view override returns (uint32) {
        return _count[owner];
    }

    /// @inheritdoc ISubAccounts
    function open(uint32 index) public override returns (address account) {
        if (index == 0) revert SubAccounts__MainAccount();
        account = subAccount(msg.sender, index);
        if (_holder[account].owner != address(0)) return account;
        Clones.cloneDeterministic(implementation, _salt(msg.sender, index));
        _holder[account] = Holder({owner: msg.sender, index: index});
        if (index > _count[msg.sender]) _count[msg.sender] = index;
        emit SubAccountOpened(msg.sender, index, account);
    }

    /// @inheritdoc ISubAccounts
    function deposit(uint32 index, address token, uint256 amount) external override nonReentrant {
        address account = open(index);
        IERC20(token).safeTransferFrom(msg.sender, account, amount);
        SubAccount(account).deposit(token, amount);
    }

    /// @inheritdoc ISubAccounts
    function withdraw(
        uint32 index,
        address token,
        uint256 amount,
        uint64 epoch,
        Proof calldata proof
    ) external override nonReentrant {
        SubAccount account = _opened(msg.sender, index);
        account.callEngine(abi.encodeCall(IMarginEngine.withdraw, (token, amount, epoch, proof)));
        account.send(token, msg.sender, amount);
    }

    /// @inheritdoc ISubAccounts
    function move(
        uint32 from,
        uint32 to,
        address token,
        uint256 amount,
        uint64 epoch,
        Proof calldata proof
    ) external override nonReentrant {
        if (from == to) revert SubAccounts__SameSubAccount(from);
        SubAccount source = _opened(msg.sender, from);
        address dest = open(to);
        source.callEngine(abi.encodeCall(IMarginEngine.withdraw, (token, amount, epoch, proof)));
        source.send(token, dest, amount);
        SubAccount(dest).deposit(token, amount);
        emit CollateralMoved(msg.sender, from, to, token, amount);
    }

    /// @inheritdoc ISubAccounts
    function attestAndProve(
        uint32 index,
        uint256 commitment,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature,
        uint64 epoch,
        Proof calldata proof
    ) external override nonReentrant {
        SubAccount account = _opened(msg.sender, index);
        account.callEngine(
            abi.encodeCall(
                IMarginEngine.attestAndProve,
                (address(account), commitment, nonce, deadline, signature, epoch, proof)
            )
        );
    }

    function _opened(address owner, uint32 index) private view returns (SubAccount) {
        if (index == 0) revert SubAccounts__MainAccount();
        address account = subAccount(owner, index);
        if (_holder[account].owner == address(0)) revert SubAccounts__NotOpened(owner, index);
        return SubAccount(account);
    }

    function _salt(address owner, uint32 index) private pure returns (bytes32) {
        return keccak256(abi.encode(owner, index));
    }
}
