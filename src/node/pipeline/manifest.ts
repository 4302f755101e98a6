// build/<instance>/manifest.json: what was built from what, with which tools.
import fs from "node:fs";
import { writeFileAtomic } from "../files";

/** Bump when the compile step changes in a way that must invalidate earlier outputs. */
export const COMPILE_STEP_VERSION = 1;
/**
 * Bump when the key step changes (beacon, labels, verifier header) to force new keys.
 * 2: deterministic development keys (beacon only, no random contribution).
 */
export const KEYS_STEP_VERSION = 2;

export interface CompileRecord {
  stepVersion: number;
  /** sha256 over the circuit sources, generated main, params, tool versions and flags. */
  sourceHash: string;
  mainFile: string;
  compiler: { circom2Package: string; circom: string };
  circomlib: string;
  flags: string[];
  r1csSha256: string;
  symSha256: string;
  wasmSha256: string;
  constraints: number;
  /** Public signals as Groth16 counts them: outputs + public inputs. */
  publicSignals: number;
  publicInputs: number;
  outputs: number;
  privateInputs: number;
  wires: number;
  compiledAt: string;
  seconds: number;
}

export interface PtauRecord {
  path: string;
  sha256: string;
  power: number;
  /** env (ZKMARGIN_PTAU), option (explicit path), cache (build/ptau), generated (this run). */
  origin: "env" | "option" | "cache" | "generated";
  size: number;
  mtimeMs: number;
}

export interface KeysRecord {
  stepVersion: number;
  snarkjs: string;
  protocol: "groth16";
  curve: "bn128";
  r1csSha256: string;
  ptau: PtauRecord;
  zkeySha256: string;
  /** sha256 of the canonical JSON (sorted keys, no spaces) of verification_key.json. */
  vkeySha256: string;
  verifierSha256: string;
  /** snarkjs circuit hash (blake2b-512, hex) of the phase-2 setup. */
  circuitHash: string;
  contributions: { name: string; hash: string; kind: "random" | "beacon" }[];
  beacon: { hash: string; iterationsExp: number };
  createdAt: string;
  seconds: number;
}

export interface Manifest {
  manifestVersion: 1;
  instance: string;
  /** Every key this pipeline makes comes from a single-party setup: never use in production. */
  unsafeDevelopmentKeys: true;
  circuit: {
    template: string;
    source: string;
    publicInputs: string[];
    params: Record<string, number>;
  };
  compile: CompileRecord;
  keys: KeysRecord | null;
}

/** The manifest at `file`, or undefined when absent or unreadable (then everything rebuilds). */
export function readManifest(file: string): Manifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
    return m.manifestVersion === 1 ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename), so readers never see half a manifest. */
export function writeManifest(file: string, m: Manifest): void {
  writeFileAtomic(file, JSON.stringify(m, null, 2) + "\n");
}
