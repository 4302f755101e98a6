/**
 * Sending a transaction and waiting for it, with reverts decoded by name. On a contract typed
 * by its generated contract types the method name and arguments are checked at compile time.
 */
import type { BaseContract, ContractTransactionReceipt, Interface } from "ethers";
import { decodeChainError } from "./errors";

/** Result of a mined transaction. */
export interface TxResult {
  hash: string;
  gasUsed: bigint;
  blockNumber: number;
  receipt: ContractTransactionReceipt;
}

/** The names of a contract type's methods (any name for an untyped `Contract`). */
type MethodName<C> = {
  [K in keyof C]: C[K] extends { send: (...args: never[]) => unknown } ? K : never;
}[keyof C] &
  string;

/** The arguments of method `M` of contract type `C`. */
type MethodArgs<C, M extends keyof C> = C[M] extends { send: (...args: infer A) => unknown }
  ? A
  : never;

/**
 * Sends `method(args)` on `contract` and waits for the receipt; a revert (at estimation or
 * mining) becomes a ChainRevertError naming the decoded custom error. On a typed contract
 * (e.g. `erc20()`) the method name and arguments are checked against its ABI types.
 */
export function sendTx<C extends BaseContract, M extends MethodName<C>>(
  contract: C,
  method: M,
  args: Readonly<MethodArgs<C, M>>,
  errors: Interface,
  action: string = method,
): Promise<TxResult> {
  return sendCall(contract, method, args as readonly unknown[], errors, action);
}

/** {@link sendTx} without the compile-time check (its caller checked the arguments). */
export async function sendCall(
  contract: BaseContract,
  method: string,
  args: readonly unknown[],
  errors: Interface,
  action: string,
): Promise<TxResult> {
  try {
    const tx = await contract.getFunction(method).send(...args);
    const receipt = (await tx.wait()) as ContractTransactionReceipt | null;
    if (!receipt) throw new Error(`${action}: no receipt`);
    return {
      hash: receipt.hash,
      gasUsed: receipt.gasUsed,
      blockNumber: receipt.blockNumber,
      receipt,
    };
  } catch (e) {
    throw decodeChainError(e, action, errors);
  }
}
