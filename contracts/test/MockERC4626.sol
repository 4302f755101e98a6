// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MockERC20} from "./MockERC20.sol";

/**
 * @title MockERC4626
 * @notice TEST ONLY. An OpenZeppelin ERC-4626 vault over a {MockERC20} asset, a yield-bearing
 * collateral token. Its share price (`convertToAssets`) moves with the test hooks:
 * `accrue` mints underlying into the vault (yield: the price rises), `lose` sends underlying
 * out of it (a loss: the price falls). Shares are ordinary non-rebasing ERC-20 balances.
 */
contract MockERC4626 is ERC4626 {
    using SafeERC20 for IERC20;

    /// @notice Where `lose` sends the underlying it removes.
    address public constant SINK = address(0xdEaD);

    /// @notice Emitted when the vault's assets change without a deposit or withdrawal.
    event AssetsChanged(uint256 totalAssets);

    constructor(
        MockERC20 asset_,
        string memory name_,
        string memory symbol_
    ) ERC20(name_, symbol_) ERC4626(IERC20(address(asset_))) {}

    /**
     * @notice Mints `amount` of the underlying into the vault: yield, every share is worth more.
     * @param amount Underlying base units.
     */
    function accrue(uint256 amount) external {
        MockERC20(asset()).mint(address(this), amount);
        emit AssetsChanged(totalAssets());
    }

    /**
     * @notice Sends `amount` of the underlying out of the vault: a loss, every share is worth less.
     * @param amount Underlying base units.
     */
    function lose(uint256 amount) external {
        IERC20(asset()).safeTransfer(SINK, amount);
        emit AssetsChanged(totalAssets());
    }
}
