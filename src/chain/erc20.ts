/**
 * The ERC-20 surface the engine's tooling uses (metadata, balance, allowance, approve and
 * OpenZeppelin's ERC20 errors), as a runtime ABI typed by the contract types generated from
 * OpenZeppelin's compiled IERC20Metadata. test/sdk/contract-types.test.ts checks every entry
 * of {@link ERC20_ABI} against the compiled ABIs.
 */
import { BaseContract, type ContractRunner, type InterfaceAbi } from "ethers";
import type { IERC20Metadata } from "../../typechain-types/@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata";

/** The ERC-20 functions in {@link ERC20_ABI}. */
export type Erc20Function = "decimals" | "symbol" | "balanceOf" | "allowance" | "approve";

/** An ERC-20 token with the functions of {@link ERC20_ABI}, typed by IERC20Metadata. */
export type Erc20Contract = BaseContract & Pick<IERC20Metadata, Erc20Function>;

/** The {@link Erc20Function}s and the errors of OpenZeppelin's ERC20. */
export const ERC20_ABI: InterfaceAbi = [
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
];

/** An ERC-20 token contract (metadata, allowance, approve), typed by its ABI. */
export function erc20(address: string, runner: ContractRunner | null): Erc20Contract {
  return BaseContract.from<Erc20Contract>(address, ERC20_ABI, runner);
}
