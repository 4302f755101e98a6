// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title MockERC20
 * @notice TEST ONLY. A mintable ERC-20 with configurable decimals. Two test variants in one
 * contract keep the compile small:
 * - `feeBps > 0`: a fee-on-transfer token (the fee is burnt on every transfer);
 * - `hookTarget != 0`: a reentrant token that calls `hookTarget` with `hookData` on each
 *   transfer and bubbles up its revert;
 * - `blocked[a]`: a token that refuses every transfer from or to `a` (a blocklisting or paused
 *   issuer), reverting with `MockERC20__Blocked(a)`.
 */
contract MockERC20 is ERC20 {
    uint8 private immutable _decimals;
    uint256 public feeBps;
    address public hookTarget;
    bytes public hookData;
    mapping(address account => bool) public blocked;

    error MockERC20__Blocked(address account);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        _decimals = decimals_;
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFeeBps(uint256 bps) external {
        feeBps = bps;
    }

    /// @notice Arms (target != 0) or disarms the reentrancy hook.
    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
    }

    /// @notice Blocks (or unblocks) every transfer from or to `account`.
    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert MockERC20__Blocked(from);
        if (blocked[to]) revert MockERC20__Blocked(to);
        if (feeBps != 0 && from != address(0) && to != address(0)) {
            uint256 fee = (value * feeBps) / 10_000;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
        address target = hookTarget;
        if (target != address(0) && from != address(0)) {
            hookTarget = address(0); // one shot
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory ret) = target.call(hookData);
            if (!ok) {
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }
}
