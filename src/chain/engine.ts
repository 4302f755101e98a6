/**
 * Typed access to a deployed MarginEngine over any ethers v6 runner (its collateral tokens:
 * ./erc20). The ABI comes from the Hardhat artifacts (passed in, so this module never reads
 * files and runs in a browser); every read goes through the contract's own views. Method
 * names, arguments and results are typed by the contract types generated from the ABIs
 * (./types, typechain-types/).
 */
import {
  BaseContract,
  type ContractRunner,
  type InterfaceAbi,
  type Interface,
  type Signer,
  type TypedDataDomain,
  getAddress,
  id as keccakId,
  ZeroHash,
} from "ethers";
import { ERC20_ABI } from "./erc20";
import { decodeChainError, errorInterface } from "./errors";
import { blockTime } from "./status";
import { type ValidityTier, parseValidityTiers } from "./tiers";
import { type TxResult, sendCall } from "./transact";
import type {
  AccountState,
  EngineArgs,
  EngineContract,
  EngineFunction,
  EngineLiveness,
  EngineParams,
  EngineResult,
  EngineRole,
  EpochInfo,
  SolidityProof,
  StressInfo,
} from "./types";

/** One renewal of a batch (`submitProofs`). */
export interface RenewalEntry {
  account: string;
  epoch: bigint;
  /** Validity tier the proof was made at. */
  tier: number;
  proof: SolidityProof;
}

export { ERC20_ABI, type Erc20Contract, type Erc20Function, erc20 } from "./erc20";
export { type TxResult, sendTx } from "./transact";

/** A typed facade over a deployed MarginEngine. */
export class MarginEngineClient {
  /** The engine with its generated method types. */
  readonly contract: EngineContract;
  /** Errors of the engine and of ERC-20 tokens, for decoding reverts. */
  readonly errors: Interface;

  constructor(
    readonly address: string,
    readonly abi: InterfaceAbi,
    runner: ContractRunner | null,
  ) {
    this.contract = BaseContract.from<EngineContract>(address, abi, runner);
    this.errors = errorInterface([abi, ERC20_ABI]);
  }

  /** The same engine, sending from `signer`. */
  connect(signer: Signer): MarginEngineClient {
    return new MarginEngineClient(this.address, this.abi, signer);
  }

  /** A static call of `method` (reverts decoded by name), typed by the engine's ABI. */
  private async call<F extends EngineFunction>(
    method: F,
    ...args: EngineArgs<F>
  ): Promise<EngineResult<F>> {
    try {
      return await this.contract.getFunction(method).staticCall(...args);
    } catch (e) {
      throw decodeChainError(e, method, this.errors);
    }
  }

  /** Sends a state-changing call; reverts are decoded by name. */
  send<F extends EngineFunction>(
    method: F,
    args: EngineArgs<F>,
    action: string = method,
  ): Promise<TxResult> {
    return sendCall(this.contract, method, args, this.errors, action);
  }

  /** Runs a state-changing call without sending it (reverts decoded): a dry run. */
  async simulate<F extends EngineFunction>(
    method: F,
    args: EngineArgs<F>,
    action: string = method,
  ): Promise<void> {
    await this.call(method, ...args).catch((e: unknown) => {
      throw decodeChainError(e, action, this.errors);
    });
  }

  async accountState(account: string): Promise<AccountState> {
    // ethers returns the struct's array as a read-only Result
    const s = await this.call("accountState", account);
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
    const p = await this.call("params");
    return {
      proofTtl: p.proofTtl,
      grace: p.grace,
      maintenanceMultiplier: p.maintenanceMultiplier,
      initialMultiplier: p.initialMultiplier,
      keeperRewardBps: p.keeperRewardBps,
    };
  }

  async latestEpoch(): Promise<bigint> {
    return BigInt(await this.call("latestEpoch"));
  }

  async epoch(epoch: bigint | number): Promise<EpochInfo> {
    const e = await this.call("epochs", epoch);
    return { riskRoot: e.riskRoot, timestamp: e.timestamp, expiry: e.expiry };
  }

  /** The latest stress declaration (both 0 = none). */
  async stress(): Promise<StressInfo> {
    const [epoch, declaredAt] = await this.call("stress");
    return { epoch, declaredAt };
  }

  /** Every stress declaration, in order. */
  async stressDeclarations(): Promise<StressInfo[]> {
    const [epochs, declaredAt] = await this.call("stressDeclarations");
    return [...epochs].map((epoch, i) => ({ epoch, declaredAt: declaredAt[i] }));
  }

  async liveness(): Promise<EngineLiveness> {
    const l = await this.call("liveness");
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
    return this.call("liquidatableAfter", account);
  }

  /** What `recipient` may `claim` of `token` (liquidation credits). */
  async claimable(recipient: string, token: string): Promise<bigint> {
    return this.call("claimable", recipient, token);
  }

  /** keccak256 of the engine's slot tokens, which `publishEpoch` checks. */
  async collateralHash(): Promise<string> {
    return this.call("collateralHash");
  }

  async collateralTokens(): Promise<string[]> {
    return [...(await this.call("collateralTokens"))];
  }

  async slots(): Promise<number> {
    return Number(await this.call("slots"));
  }

  async isLiquidatable(account: string): Promise<boolean> {
    return this.call("isLiquidatable", account);
  }

  async publicInputs(
    account: string,
    epoch: bigint | number,
    multiplier: bigint,
  ): Promise<[bigint, bigint, bigint]> {
    const r = await this.call("publicInputs", account, epoch, multiplier);
    return [r[0], r[1], r[2]];
  }

  async liquidationReceiver(): Promise<string> {
    return this.call("liquidationReceiver");
  }

  async verifierAddress(): Promise<string> {
    return this.call("verifier");
  }

  async hasRole(role: EngineRole, account: string): Promise<boolean> {
    return this.call("hasRole", roleId(role), account);
  }

  /** The EIP-712 domain, read from the engine (ERC-5267 `eip712Domain()`). */
  async domain(): Promise<TypedDataDomain> {
    const d = await this.call("eip712Domain");
    return { name: d[1], version: d[2], chainId: d[3], verifyingContract: d[4] };
  }

  /** The EIP-712 digest the engine expects for an attestation. */
  async attestationDigest(
    account: string,
    commitment: bigint,
    nonce: bigint,
    deadline: bigint,
  ): Promise<string> {
    return this.call("attestationDigest", account, commitment, nonce, deadline);
  }

  /** The EIP-712 digest an account signs to consent to a relayed attestation. */
  async consentDigest(
    account: string,
    commitment: bigint,
    nonce: bigint,
    deadline: bigint,
  ): Promise<string> {
    return this.call("consentDigest", account, commitment, nonce, deadline);
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

  /** Declares a published, fresh `epoch` a stress epoch (RISK_ROLE). */
  declareStress(epoch: bigint | number): Promise<TxResult> {
    return this.send("declareStress", [epoch]);
  }

  deposit(token: string, amount: bigint): Promise<TxResult> {
    return this.send("deposit", [token, amount]);
  }

  withdraw(token: string, amount: bigint, epoch: bigint, proof: SolidityProof) {
    return this.send("withdraw", [token, amount, epoch, proof]);
  }

  submitProof(
    account: string,
    epoch: bigint,
    tier: number,
    proof: SolidityProof,
  ): Promise<TxResult> {
    return this.send("submitProof", [account, epoch, tier, proof]);
  }

  /**
   * One batch renewal (one pairing check): the entries are sent in increasing account order,
   * as the engine requires; all are applied or none.
   */
  submitProofs(entries: readonly RenewalEntry[]): Promise<TxResult> {
    const sorted = [...entries].sort((x, y) =>
      BigInt(x.account) < BigInt(y.account) ? -1 : BigInt(x.account) > BigInt(y.account) ? 1 : 0,
    );
    return this.send("submitProofs", [
      sorted.map((e) => e.account),
      sorted.map((e) => e.epoch),
      sorted.map((e) => e.tier),
      sorted.map((e) => e.proof),
    ]);
  }

  /** Every validity tier, tier 0 = (maintenance multiplier, proofTtl) first. */
  async validityTiers(): Promise<ValidityTier[]> {
    return parseValidityTiers(await this.call("validityTiers"));
  }

  /** Sets the tiers above tier 0 (admin). */
  setValidityTiers(tiers: readonly ValidityTier[]): Promise<TxResult> {
    return this.send("setValidityTiers", [
      tiers.map((t) => ({ multiplier: t.multiplier, ttl: t.ttl })),
    ]);
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
