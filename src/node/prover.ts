/**
 * Node side of proving: resolves an instance's artifacts (src/node/artifacts.ts), reads its
 * manifest and verification key, and proves / verifies with src/proof.ts.
 */
import fs from "node:fs";
import type { CircuitSignals } from "snarkjs";
import type { SolvencyInput } from "../circuit-input";
import {
  KeyInfo,
  ProgressFn,
  ProofFile,
  VerifyResult,
  generateProof,
  hashVerificationKey,
  verifyProof,
} from "../proof";
import { parseProofFile } from "../proof-file";
import { ArtifactOptions, artifactPaths, requireArtifacts } from "./artifacts";
import { readJsonFile } from "./files";

/** Key facts of a built instance, from its verification key and manifest. */
export function loadKeyInfo(
  instance: string,
  opts: ArtifactOptions = {},
): KeyInfo & { vkey: unknown } {
  const paths = requireArtifacts(instance, opts);
  const vkey: unknown = JSON.parse(fs.readFileSync(paths.vkey, "utf8"));
  const manifest = JSON.parse(fs.readFileSync(paths.manifest, "utf8")) as {
    unsafeDevelopmentKeys?: boolean;
  };
  return {
    circuit: instance,
    vkeyHash: hashVerificationKey(vkey),
    // Only a ceremony import may clear the label; anything else is a development key.
    unsafeDevelopmentKeys: manifest.unsafeDevelopmentKeys !== false,
    vkey,
  };
}

/**
 * Proves `input` with the built keys of `instance`: a solvency input of src/circuit-input.ts
 * (what the chain actions' `Prover` receives), or raw circuit signals.
 */
export async function proveWithInstance(
  instance: string,
  input: SolvencyInput | CircuitSignals,
  progress?: ProgressFn,
  opts: ArtifactOptions = {},
): Promise<ProofFile> {
  const key = loadKeyInfo(instance, opts);
  const paths = artifactPaths(instance, opts);
  // The copy's type is an object literal, which meets CircuitSignals's index signature (the
  // SolvencyInput interface does not); the signals are the same.
  const signals: CircuitSignals = { ...input };
  return generateProof(signals, { wasm: paths.wasm, zkey: paths.zkey }, key, progress);
}

/** Reads and validates a proof.json; throws {@link InputError} naming the field. */
export function loadProofFile(file: string): ProofFile {
  return parseProofFile(readJsonFile(file), file);
}

/** Verifies a proof file against the built (or a given) verification key. */
export async function verifyProofFile(
  proof: ProofFile,
  vkeyFile?: string,
  opts: ArtifactOptions = {},
): Promise<VerifyResult> {
  const vkey: unknown = vkeyFile ? readJsonFile(vkeyFile) : loadKeyInfo(proof.circuit, opts).vkey;
  return verifyProof(proof, vkey);
}
