/**
 * Isolated margin by sub-accounts (contracts/subaccounts/SubAccounts.sol): the owner's main
 * account is its own address (sub-account 0, cross-margined); sub-accounts 1, 2, ... are engine
 * accounts of their own (clones at CREATE2 addresses fixed by owner and index), each with its own
 * collateral, commitment, proof and lapse. The owner drives them through the router; renewals
 * and liquidations address the sub-account like any account. Browser-safe.
 */
import {
  BaseContract,
  type ContractRunner,
  type EventLog,
  type Interface,
  type InterfaceAbi,
  getAddress,
} from "ethers";
import type { SubAccounts } from "../../typechain-types/contracts/subaccounts/SubAccounts";
import { ArgumentError } from "../errors";
import { ERC20_ABI } from "./erc20";
import { decodeChainError, errorInterface } from "./errors";
import { type TxResult, sendTx } from "./transact";
import type { SolidityProof, TypedContract } from "./types";

/** Largest sub-account index (the router's uint32). */
export const MAX_SUBACCOUNT_INDEX = 2 ** 32 - 1;

/** Checks a sub-account index (0 = the main account); `what` names the argument. */
export function checkSubAccountIndex(index: number, what = "subaccount"): number {
  if (!Number.isInteger(index) || index < 0 || index > MAX_SUBACCOUNT_INDEX)
    throw new ArgumentError(
      what,
      `must be an integer 0..${MAX_SUBACCOUNT_INDEX} (0 = the main account)`,
    );
  return index;
}

/** One opened sub-account of an owner. */
export interface SubAccountInfo {
  index: number;
  account: string;
}

/** A typed facade over a deployed SubAccounts router. */
export class SubAccountsClient {
  readonly contract: TypedContract<SubAccounts>;
  /** Errors of the router, the engine (through the sub-account) and ERC-20 tokens. */
  readonly errors: Interface;

  constructor(
    readonly address: string,
    readonly abi: InterfaceAbi,
    runner: ContractRunner | null,
    engineAbi: InterfaceAbi = [],
  ) {
    this.contract = BaseContract.from<TypedContract<SubAccounts>>(address, abi, runner);
    this.errors = errorInterface([abi, engineAbi, ERC20_ABI]);
  }

  /** The engine account of (owner, index): the owner itself for 0, else its clone's address. */
  async subAccount(owner: string, index: number): Promise<string> {
    checkSubAccountIndex(index);
    return getAddress(await this.read(() => this.contract.subAccount(owner, index), "subAccount"));
  }

  /** (owner, index) of an opened sub-account; null when `account` is not one. */
  async holderOf(account: string): Promise<{ owner: string; index: number } | null> {
    const [owner, index] = await this.read(() => this.contract.holderOf(account), "holderOf");
    return BigInt(owner) === 0n ? null : { owner: getAddress(owner), index: Number(index) };
  }

  /** The owner's opened sub-accounts, from the router's SubAccountOpened events. */
  async list(owner: string, fromBlock = 0): Promise<SubAccountInfo[]> {
    const c = this.contract;
    const logs = await c.queryFilter(c.getEvent("SubAccountOpened"), fromBlock);
    const out: SubAccountInfo[] = [];
    for (const l of logs) {
      const [o, index, account] = (l as EventLog).args as unknown as [string, bigint, string];
      if (getAddress(o) === getAddress(owner))
        out.push({ index: Number(index), account: getAddress(account) });
    }
    return out.sort((a, b) => a.index - b.index);
  }

  deposit(index: number, token: string, amount: bigint): Promise<TxResult> {
    return sendTx(this.contract, "deposit", [index, token, amount], this.errors);
  }

  withdraw(index: number, token: string, amount: bigint, epoch: bigint, proof: SolidityProof) {
    return sendTx(this.contract, "withdraw", [index, token, amount, epoch, proof], this.errors);
  }

  move(
    from: number,
    to: number,
    token: string,
    amount: bigint,
    epoch: bigint,
    proof: SolidityProof,
  ): Promise<TxResult> {
    return sendTx(this.contract, "move", [from, to, token, amount, epoch, proof], this.errors);
  }

  attestAndProve(
    index: number,
    commitment: bigint,
    nonce: bigint,
    deadline: bigint,
    signature: string,
    epoch: bigint,
    proof: SolidityProof,
  ): Promise<TxResult> {
    return sendTx(
      this.contract,
      "attestAndProve",
      [index, commitment, nonce, deadline, signature, epoch, proof],
      this.errors,
    );
  }

  private async read<T>(f: () => Promise<T>, method: string): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw decodeChainError(e, method, this.errors);
    }
  }
}

/** How an action reaches a sub-account: through `router`, as the owner's sub-account `index`. */
export interface SubAccountRoute {
  router: SubAccountsClient;
  index: number;
}
