/**
 * Types shared by the chain module: contract artifacts (ABI + bytecode, from Hardhat's
 * artifacts/ or circomlibjs), engine parameters and account state as the engine returns them.
 */
import type { InterfaceAbi } from "ethers";

/** What is needed to talk to (abi) or deploy (bytecode) a contract. */
export interface ContractArtifact {
  contractName: string;
  abi: InterfaceAbi;
  /** 0x-prefixed creation bytecode (no unlinked libraries). */
  bytecode: string;
}

/** `IMarginEngine.Params`. Multipliers in basis points (10000 = 1.0). */
export interface EngineParams {
  proofTtl: bigint;
  grace: bigint;
  maintenanceMultiplier: bigint;
  initialMultiplier: bigint;
  keeperRewardBps: bigint;
}

/** `IMarginEngine.AccountState`, read from the engine. */
export interface AccountState {
  commitment: bigint;
  balancesHash: bigint;
  stateHash: bigint;
  validUntil: bigint;
  provenEpoch: bigint;
  attestationNonce: bigint;
  frozen: boolean;
  /** Amounts per collateral slot, base units (length K). */
  balances: bigint[];
}

/** A published epoch (`timestamp` 0 = not published); proofs against it are valid until `expiry`. */
export interface EpochInfo {
  riskRoot: bigint;
  timestamp: bigint;
  /** timestamp + proofTtl, fixed when the epoch was published. */
  expiry: bigint;
}

/** One stress declaration (`IMarginEngine.stressDeclarations`); both 0 = none. */
export interface StressInfo {
  epoch: bigint;
  declaredAt: bigint;
}

/** `IMarginEngine.Liveness`: what decides whether lapse-liquidation runs at all. */
export interface EngineLiveness {
  /** Expiry of the latest epoch: the risk oracle is down once it passed. */
  latestExpiry: bigint;
  /** Start of the oracle's current continuous run of fresh epochs. */
  liveSince: bigint;
  /** Time of the last unpause (0 = never paused). */
  resumeAt: bigint;
  paused: boolean;
  withdrawalsSuspended: boolean;
}

/** A Groth16 proof in the calling convention of the snarkjs Solidity verifier / the engine. */
export interface SolidityProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

/** The roles of the engine (`keccak256(name)`, DEFAULT_ADMIN_ROLE = 0). */
export type EngineRole =
  "DEFAULT_ADMIN_ROLE" | "RISK_ROLE" | "VENUE_ROLE" | "COLLATERAL_ROLE" | "GUARDIAN_ROLE";
