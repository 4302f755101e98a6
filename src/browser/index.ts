/**
 * zkmargin for browsers and wallets: the whole SDK (margin maths, risk tables, circuit input,
 * proof.json, the ethers chain client and actions) plus {@link BrowserProver}, which proves in
 * a Web Worker with keys fetched by URL and checked against pinned hashes. Nothing reachable
 * from here imports a Node built-in (test/browser checks the bundle).
 */
export * from "../index";
export * from "../canonical-json";
export * from "../circuit-input";
export {
  PUBLIC_SIGNAL_NAMES,
  type ProofFile,
  type KeyInfo,
  type VerifyResult,
  WitnessError,
  hashVerificationKey,
  verifyProof,
} from "../proof";
export * from "../proof-file";
export * from "../chain";
export * from "./keys";
export * from "./integrity";
export * from "./messages";
export * from "./prover";
// The ethers classes a page needs to reach a wallet or a node, from the SDK's own copy of ethers.
export { BrowserProvider, JsonRpcProvider, JsonRpcSigner } from "ethers";
