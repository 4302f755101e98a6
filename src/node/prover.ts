/**
 * Node side of proving: resolves an instance's artifacts (src/node/artifacts.ts), reads its
 * manifest and verification key, and proves / verifies with src/proof.ts.
 */
import fs from "node:fs";
import type { CircuitSignals } from "snarkjs";
import { InputError } from "../errors";
import {
  KeyInfo,
  ProgressFn,
  ProofFile,
  VerifyResult,
  generateProof,
  hashVerificationKey,
  verifyProof,
} from "../proof";
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

/** Proves `input` with the built keys of `instance`. */
export async function proveWithInstance(
  instance: string,
  input: CircuitSignals,
  progress?: ProgressFn,
  opts: ArtifactOptions = {},
): Promise<ProofFile> {
  const key = loadKeyInfo(instance, opts);
  const paths = artifactPaths(instance, opts);
  return generateProof(input, { wasm: paths.wasm, zkey: paths.zkey }, key, progress);
}

/** Reads and shape-checks a proof.json; throws {@link InputError} naming the field. */
export function loadProofFile(file: string): ProofFile {
  const json = readJsonFile(file);
  const fail = (path: string, rule: string): never => {
    throw new InputError(file, path, rule);
  };
  if (json === null || typeof json !== "object" || Array.isArray(json))
    fail("(root)", "must be an object");
  const o = json as Record<string, unknown>;
  const allowed = [
    "version",
    "circuit",
    "vkeyHash",
    "unsafeDevelopmentKeys",
    "proof",
    "publicSignals",
  ];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(k, "unknown field");
  if (o.version !== 1) fail("version", "must be 1");
  if (typeof o.circuit !== "string" || !/^[a-z][a-z0-9_-]{0,63}$/.test(o.circuit))
    fail("circuit", "must be an instance name");
  if (typeof o.vkeyHash !== "string" || !/^0x[0-9a-f]{64}$/.test(o.vkeyHash))
    fail("vkeyHash", "must be 0x + 64 hex digits");
  if (typeof o.unsafeDevelopmentKeys !== "boolean")
    fail("unsafeDevelopmentKeys", "must be a boolean");
  if (!Array.isArray(o.publicSignals) || !o.publicSignals.every((s) => typeof s === "string"))
    fail("publicSignals", "must be an array of decimal strings");
  if (o.proof === null || typeof o.proof !== "object")
    fail("proof", "must be a snarkjs Groth16 proof object");
  const proof = o.proof as Record<string, unknown>;
  for (const k of ["pi_a", "pi_b", "pi_c"])
    if (!Array.isArray(proof[k])) fail(`proof.${k}`, "missing");
  if (proof.protocol !== "groth16") fail("proof.protocol", 'must be "groth16"');
  return json as ProofFile;
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
