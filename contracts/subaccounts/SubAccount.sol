// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {ISubAccounts} from "../interfaces/ISubAccounts.sol";

/**
 * @title SubAccount
 * @notice One isolated sub-account: an engine account that only its router (SubAccounts)
 * drives. Deployed once as the implementation by the router; every sub-account is a minimal
 * clone of it (the immutables live in the implementation's code, so every clone shares them).
 * It holds tokens only inside a router call (a deposit passes through, a withdrawal is
 * forwarded to the owner in the same transaction).
 */
contract SubAccount is IERC1271 {
    using SafeERC20 for IERC20;

    /// @notice The router that opened this sub-account and alone may drive it.
    address public immutable router;
    /// @notice The margin engine this sub-account is an account of.
    address public immutable engine;

    /// @notice Only the router may drive a sub-account.
    error SubAccount__NotRouter(address caller);

    /// @param engine_ The margin engine (the deployer is the router).
    constructor(address engine_) {
        router = msg.sender;
        engine = engine_;
    }

    modifier onlyRouter() {
        if (msg.sender != router) revert SubAccount__NotRouter(msg.sender);
        _;
    }

    /**
     * @notice Deposits `amount` of `token`, which this account holds, into the engine.
     * @param token The collateral token.
     * @param amount The amount, in base units.
     */
    function deposit(address token, uint256 amount) external onlyRouter {
        IERC20(token).forceApprove(engine, amount);
        IMarginEngine(engine).deposit(token, amount);
    }

    /**
     * @notice Calls the engine as this account with `data` the router composed.
     * @param data An engine call (withdraw, attestAndProve).
     * @return The call's return data.
     */
    function callEngine(bytes calldata data) external onlyRouter returns (bytes memory) {
        return Address.functionCall(engine, data);
    }

    /**
     * @notice Sends `amount` of `token` to `to`.
     * @param token The token.
     * @param to The recipient (the owner, or another sub-account of the owner).
     * @param amount The amount, in base units.
     */
    function send(address token, address to, uint256 amount) external onlyRouter {
        IERC20(token).safeTransfer(to, amount);
    }

    /**
     * @notice ERC-1271: a signature is this account's when its owner (from the router) made it,
     * so a relayer can submit an attestation with the owner's consent (attestAndProveFor).
     * @param hash The signed digest.
     * @param signature The owner's signature (EOA or ERC-1271 owner).
     * @return magic IERC1271.isValidSignature.selector when valid, 0xffffffff otherwise.
     */
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magic) {
        (address owner, ) = ISubAccounts(router).holderOf(address(this));
        return
            owner != address(0) && SignatureChecker.isValidSignatureNowCalldata(owner, hash, signature)
                ? IERC1271.isValidSignature.selector
                : bytes4(0xffffffff);
    }
}
