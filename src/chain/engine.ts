/**
 * Typed access to a deployed MarginEngine (and its collateral tokens) over any ethers v6
 * runner. The ABIs come from the Hardhat artifacts (passed in, so this module never reads
 * files and runs in a browser); every read goes through the contract's own views.
 */
import {
  Contract,
  type ContractRunner,
  type ContractTransactionReceipt,
  type InterfaceAbi,
  type Interface,
  type Signer,
  type TypedDataDomain,
  getAddress,
  id as keccakId,
  ZeroHash,
} from "ethers";
import { decodeChainError, errorInterface } from "./errors";
import { blockTime } from "./status";
import type {
  AccountState,
  EngineLiveness,
  EngineParams,
  EngineRole,
  EpochInfo,
  SolidityProof,
  StressInfo,
} from "./types";

/** Result of a mined transaction. */
export interface TxResult {
  hash: string;
  gasUsed: bigint;
  blockNumber: number;
  receipt: ContractTransactionReceipt;
}

/** The minimal ERC-20 surface the engine's tooling uses (metadata + approve + allowance). */
export const ERC20_ABI: InterfaceAbi = [
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
];

/**
 * Sends `method(args)` on `contract` and waits for the receipt; a revert (at estimation or
 * mining) becomes a ChainRevertError naming the decoded custom error.
 */
export async function sendTx(
  contract: Contract,
  method: string,
  args: readonly unknown[],
  errors: Interface,
  action = method,
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

/** A typed facade over a deployed MarginEngine. */
export class MarginEngineClient {
  readonly contract: Contract;
  /** Errors of the engine and of ERC-20 tokens, for decoding reverts. */
  readonly errors: Interface;

  constructor(
    readonly address: string,
    readonly abi: InterfaceAbi,
    runner: ContractRunner | null,
  ) {
    this.contract = new Contract(address, abi, runner);
    this.errors = errorInterface([abi, ERC20_ABI]);
  }

  /** The same engine, sending from `signer`. */
  connect(signer: Signer): MarginEngineClient {
    return new MarginEngineClient(this.address, this.abi, signer);
  }

  private async call<T>(method: string, ...args: unknown[]): Promise<T> {
    try {
      return (await this.contract.getFunction(method).staticCall(...args)) as T;
    } catch (e) {
      throw decodeChainError(e, method, this.errors);
    }
  }

  /** Sends a state-changing call; reverts are decoded by name. */
  send(method: string, args: readonly unknown[], action = method): Promise<TxResult> {
    return sendTx(this.contract, method, args, this.errors, action);
  }

  /** Runs a state-changing call without sending it (reverts decoded): a dry run. */
  async simulate(method: string, args: readonly unknown[], action = method): Promise<void> {
    await this.call(method, ...args).catch((e: unknown) => {
      throw decodeChainError(e, action, this.errors);
    });
  }

  async accountState(account: string): Promise<AccountState> {
    // ethers returns the struct's array as a read-only Result
    const s = await this.call<Omit<AccountState, "balances"> & { balances: readonly bigint[] }>(
      "accountState",
      account,
    );
    return {
      commitment: s.commitment,
      balancesHash: s.balancesHash,
      stateHash: s.stateHash,
      validUntil: s.validUntil,
      provenEpoch: s.provenEpoch,
      attestationNonce: s.attestationNonce,
      frozen: s.frozen,
      balances: [...s.balances].map((x) => BigInt(x)),
    };
  }

  async params(): Promise<EngineParams> {
    const p = await this.call<EngineParams>("params");
    return {
      proofTtl: p.proofTtl,
      grace: p.grace,
      maintenanceMultiplier: p.maintenanceMultiplier,
      initialMultiplier: p.initialMultiplier,
      keeperRewardBps: p.keeperRewardBps,
    };
  }

  async latestEpoch(): Promise<bigint> {
    return BigInt(await this.call<bigint>("latestEpoch"));
  }

  async epoch(epoch: bigint | number): Promise<EpochInfo> {
    const e = await this.call<EpochInfo>("epochs", epoch);
    return { riskRoot: e.riskRoot, timestamp: e.timestamp, expiry: e.expiry };
  }

  /** The latest stress declaration (both 0 = none). */
  async stress(): Promise<StressInfo> {
    const [epoch, declaredAt] = await this.call<[bigint, bigint]>("stress");
    return { epoch, declaredAt };
  }

  /** Every stress declaration, in order. */
  async stressDeclarations(): Promise<StressInfo[]> {
    const [epochs, declaredAt] = await this.call<[bigint[], bigint[]]>("stressDeclarations");
    return [...epochs].map((epoch, i) => ({ epoch, declaredAt: declaredAt[i] }));
  }

  async liveness(): Promise<EngineLiveness> {
    const l = await this.call<EngineLiveness>("liveness");
    return {
      latestExpiry: l.latestExpiry,
      liveSince: l.liveSince,
      resumeAt: l.resumeAt,
      paused: l.paused,
      withdrawalsSuspended: l.withdrawalsSuspended,
    };
  }

  /** The engine's own `liquidatableAfter` (2^256 - 1: never). */
  async liquidatableAfter(account: string): Promise<bigint> {
    return this.call<bigint>("liquidatableAfter", account);
  }

  /** What `recipient` may `claim` of `token` (liquidation credits). */
  async claimable(recipient: string, token: string): Promise<bigint> {
    return this.call<bigint>("claimable", recipient, token);
  }

  /** keccak256 of the engine's slot tokens, which `publishEpoch` checks. */
  async collateralHash(): Promise<string> {
    return this.call<string>("collateralHash");
  }

  async collateralTokens(): Promise<string[]> {
    return [...(await this.call<string[]>("collateralTokens"))];
  }

  async slots(): Promise<number> {
    return Number(await this.call<bigint>("slots"));
  }

  async isLiquidatable(account: string): Promise<boolean> {
    return this.call<boolean>("isLiquidatable", account);
  }

  async publicInputs(
    account: string,
    epoch: bigint | number,
    multiplier: bigint,
  ): Promise<[bigint, bigint, bigint]> {
    const r = await this.call<bigint[]>("publicInputs", account, epoch, multiplier);
    return [r[0], r[1], r[2]];
  }

  async liquidationReceiver(): Promise<string> {
    return this.call<string>("liquidationReceiver");
  }

  async verifierAddress(): Promise<string> {
    return this.call<string>("verifier");
  }

  async hasRole(role: EngineRole, account: string): Promise<boolean> {
    return this.call<boolean>("hasRole", roleId(role), account);
  }

  /** The EIP-712 domain, read from the engine (ERC-5267 `eip712Domain()`). */
  async domain(): Promise<TypedDataDomain> {
    const d = await this.call<[string, string, string, bigint, string]>("eip712Domain");
    return { name: d[1], version: d[2], chainId: d[3], verifyingContract: d[4] };
  }

  /** The EIP-712 digest the engine expects for an attestation. */
  async attestationDigest(
    account: string,
    commitment: bigint,
    nonce: bigint,
    deadline: bigint,
  ): Promise<string> {
    return this.call<string>("attestationDigest", account, commitment, nonce, deadline);
  }

  /** The EIP-712 digest an account signs to consent to a relayed attestation. */
  async consentDigest(
    account: string,
    commitment: bigint,
    nonce: bigint,
    deadline: bigint,
  ): Promise<string> {
    return this.call<string>("consentDigest", account, commitment, nonce, deadline);
  }

  /** The address this client sends from (its runner is a signer), or null (read-only). */
  async sender(): Promise<string | null> {
    const runner = this.contract.runner as Partial<Signer> | null;
    if (!runner || typeof runner.getAddress !== "function") return null;
    return getAddress(await runner.getAddress());
  }

  /** Timestamp of the latest block, read through this client's runner. */
  async blockTime(): Promise<bigint> {
    const provider = this.contract.runner?.provider;
    if (!provider) throw new Error("the engine client's runner has no provider");
    return blockTime(provider);
  }

  // ---------------------------------------------------------------- writes

  registerCollateral(token: string, slot: number): Promise<TxResult> {
    return this.send("registerCollateral", [token, slot]);
  }

  grantRole(role: EngineRole, account: string): Promise<TxResult> {
    return this.send("grantRole", [roleId(role), account], `grantRole(${role})`);
  }

  /** `collateralHash`: {@link collateralHash} of the risk table's slot tokens. */
  publishEpoch(
    epoch: bigint | number,
    riskRoot: bigint,
    timestamp: bigint | number,
    collateralHash: string,
  ) {
    return this.send("publishEpoch", [epoch, riskRoot, timestamp, collateralHash]);
  }

  deposit(token: string, amount: bigint): Promise<TxResult> {
    return this.send("deposit", [token, amount]);
  }

  withdraw(token: string, amount: bigint, epoch: bigint, proof: SolidityProof) {
    return this.send("withdraw", [token, amount, epoch, proof]);
  }

  submitProof(account: string, epoch: bigint, proof: SolidityProof): Promise<TxResult> {
    return this.send("submitProof", [account, epoch, proof]);
  }

  submitProofs(accounts: string[], epochs: bigint[], proofs: SolidityProof[]) {
    return this.send("submitProofs", [accounts, epochs, proofs]);
  }

  /** Must be sent by `account` itself (the engine checks msg.sender). */
  attestAndProve(
    account: string,
    commitment: bigint,
    nonce: bigint,
    deadline: bigint,
    signature: string,
    epoch: bigint,
    proof: SolidityProof,
  ): Promise<TxResult> {
    return this.send("attestAndProve", [
      account,
      commitment,
      nonce,
      deadline,
      signature,
      epoch,
      proof,
    ]);
  }

  /** The relayed path: anyone sends, `ownerSignature` is the account's consent. */
  attestAndProveFor(
    account: string,
    commitment: bigint,
    nonce: bigint,
    deadline: bigint,
    venueSignature: string,
    ownerSignature: string,
    epoch: bigint,
    proof: SolidityProof,
  ): Promise<TxResult> {
    return this.send("attestAndProveFor", [
      account,
      commitment,
      nonce,
      deadline,
      venueSignature,
      ownerSignature,
      epoch,
      proof,
    ]);
  }

  liquidate(account: string): Promise<TxResult> {
    return this.send("liquidate", [account]);
  }

  /** Pays the sender its liquidation credits of `token`. */
  claim(token: string): Promise<TxResult> {
    return this.send("claim", [token]);
  }
}

/** `keccak256(role)`, or 0 for DEFAULT_ADMIN_ROLE (as in OpenZeppelin AccessControl). */
export function roleId(role: EngineRole): string {
  return role === "DEFAULT_ADMIN_ROLE" ? ZeroHash : keccakId(role);
}

/** An ERC-20 token contract (metadata, allowance, approve). */
export function erc20(address: string, runner: ContractRunner | null): Contract {
  return new Contract(address, ERC20_ABI, runner);
}
