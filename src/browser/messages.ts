/**
 * Messages between the page ({@link BrowserProver}) and the prover Web Worker (worker.ts).
 * Everything is structured-clone safe: strings, numbers, plain objects.
 */
import type { SolvencyInput } from "../circuit-input";
import type { ProofFile } from "../proof";
import type { CircuitKeys } from "./keys";

/** Stages of one proof, in order. */
export type ProveStage = "download" | "witness" | "prove" | "verify" | "done";

/** Progress of one proof: `fraction` of the whole job in [0, 1], `detail` for people. */
export interface ProveProgress {
  stage: ProveStage;
  fraction: number;
  detail: string;
}

export type WorkerRequest =
  | { type: "prove"; id: number; input: SolvencyInput; keys: CircuitKeys }
  | { type: "load"; id: number; keys: CircuitKeys };

/** An error crossing the worker boundary: `name` keeps the SDK error class. */
export interface WorkerError {
  name: string;
  message: string;
}

export type WorkerResponse =
  | { type: "progress"; id: number; progress: ProveProgress }
  | { type: "proof"; id: number; proof: ProofFile; proveMs: number }
  | { type: "loaded"; id: number }
  | { type: "error"; id: number; error: WorkerError };
