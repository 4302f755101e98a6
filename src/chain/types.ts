/**
 * Types shared by the chain module. The engine's structs, method names, arguments and results
 * come from the contract types TypeChain generates from the compiled ABIs (typechain-types/,
 * made by `npm run compile`; scripts/contract-types.ts): none is restated by hand here.
 * Type imports only, so the browser bundle gets no generated code.
 */
import type { BaseContract, InterfaceAbi } from "ethers";
import type {
  IMarginEngineTypes,
  MarginEngine,
  MarginEngineInterface,
} from "../../typechain-types/contracts/MarginEngine";

/** What is needed to talk to (abi) or deploy (bytecode) a contract. */
export interface ContractArtifact {
  contractName: string;
  abi: InterfaceAbi;
  /** 0x-prefixed creation bytecode (no unlinked libraries). */
  bytecode: string;
}

/**
 * A contract with the generated method types of `T` (from `BaseContract.from<T>`); events and
 * `getFunction` keep ethers' untyped API.
 */
export type TypedContract<T extends BaseContract> = BaseContract & Omit<T, keyof BaseContract>;

/** The MarginEngine contract, typed by its ABI. */
export type EngineContract = TypedContract<MarginEngine>;

/** Every function of the engine's ABI, by name. */
export type EngineFunction = Parameters<MarginEngineInterface["getFunction"]>[0];

/** The arguments of engine function `F` (as for `contract.F.send`, overrides allowed). */
export type EngineArgs<F extends EngineFunction> = Parameters<MarginEngine[F]["send"]>;

/** What a static call of engine function `F` returns. */
export type EngineResult<F extends EngineFunction> = Awaited<
  ReturnType<MarginEngine[F]["staticCall"]>
>;

/** The named fields of an ABI tuple as ethers returns it (a Result): the struct as an object. */
export type StructFields<T> = {
  [K in keyof T as K extends keyof unknown[] | `${number}` ? never : K]: T[K];
};

/** `IMarginEngineTypes.Params`. Multipliers in basis points (10000 = 1.0). */
export type EngineParams = StructFields<IMarginEngineTypes.ParamsStructOutput>;

/** `IMarginEngineTypes.AccountState`, read from the engine; `balances` has length K. */
export type AccountState = StructFields<IMarginEngineTypes.AccountStateStructOutput>;

/**
 * A published epoch, `IMarginEngineTypes.Epoch` (`timestamp` 0 = not published); proofs
 * against it are valid until `expiry` = timestamp + proofTtl, fixed at publication.
 */
export type EpochInfo = StructFields<IMarginEngineTypes.EpochStructOutput>;

/** One stress declaration (the outputs of `stress()`); both 0 = none. */
export type StressInfo = StructFields<EngineResult<"stress">>;

/** `IMarginEngineTypes.Liveness`: what decides whether lapse-liquidation runs at all. */
export type EngineLiveness = StructFields<IMarginEngineTypes.LivenessStructOutput>;

/**
 * A Groth16 proof in the calling convention of the snarkjs Solidity verifier / the engine
 * (`IMarginEngineTypes.Proof`).
 */
export type SolidityProof = StructFields<IMarginEngineTypes.ProofStructOutput>;

/** The roles of the engine: its `*_ROLE` constants (`keccak256(name)`, DEFAULT_ADMIN_ROLE = 0). */
export type EngineRole = Extract<EngineFunction, `${string}_ROLE`>;
