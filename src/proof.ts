/**
 * Groth16 proving and verification of the solvency circuit, and the proof.json format
 * (docs/PROTOCOL.md section 9). Browser-safe: artifacts are passed in as paths (Node) or
 * bytes (browser); nothing here touches the file system itself.
 */
import * as snarkjs from "snarkjs";
import type { CircuitSignals, Groth16Proof, ZKArtifact } from "snarkjs";
import { sha256, toUtf8Bytes } from "ethers";
import { canonicalJson } from "./canonical-json";
import type { ScalarInput } from "./circuit-input";
import { P } from "./field";
import { PUBLIC_INPUTS } from "./instances";

/**
 * The public signals of the solvency circuit, in circuit order (PROTOCOL section 7): the
 * `publicInputs` of circuits/instances.json, which the circuit's `component main` declares.
 */
export const PUBLIC_SIGNAL_NAMES = PUBLIC_INPUTS as readonly ScalarInput[];

export interface ProofFile {
  version: 1;
  /** Circuit instance id, e.g. "standard" or "small". */
  circuit: string;
  /** sha256 of the canonical JSON of the verification key the proof was made for. */
  vkeyHash: string;
  /** True when the proving key came from the development setup (never for production). */
  unsafeDevelopmentKeys: boolean;
  proof: Groth16Proof;
  publicSignals: string[];
}

export interface ProvingArtifacts {
  wasm: ZKArtifact;
  zkey: ZKArtifact;
}

export interface KeyInfo {
  circuit: string;
  vkeyHash: string;
  unsafeDevelopmentKeys: boolean;
}

/** Lets a caller show progress of the long steps. */
export type ProgressFn = (stage: "witness" | "prove" | "done", detail?: string) => void;

/** sha256 (0x-hex) of a verification key's canonical JSON. */
export function hashVerificationKey(vkey: unknown): string {
  return sha256(toUtf8Bytes(canonicalJson(vkey)));
}

/** Thrown when the circuit refuses a witness (a constraint or assertion failed). */
export class WitnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WitnessError";
  }
}

/**
 * Compute the witness and a Groth16 proof for `input`; the input is fed to the circuit as is.
 * `snarkLog` receives snarkjs's own step messages ("Building ABC", "Reading A Points", ...)
 * for a finer progress display.
 */
export async function generateProof(
  input: CircuitSignals,
  artifacts: ProvingArtifacts,
  key: KeyInfo,
  progress?: ProgressFn,
  snarkLog?: (message: string) => void,
): Promise<ProofFile> {
  await sharedCurve();
  progress?.("witness");
  let result: Awaited<ReturnType<typeof snarkjs.groth16.fullProve>>;
  try {
    progress?.("prove");
    result = await withQuietConsole(() =>
      snarkjs.groth16.fullProve(
        input,
        artifacts.wasm,
        artifacts.zkey,
        snarkLog ? snarkLogger(snarkLog) : undefined,
      ),
    );
  } catch (err) {
    throw new WitnessError(describeWitnessFailure(err));
  }
  progress?.("done");
  return {
    version: 1,
    circuit: key.circuit,
    vkeyHash: key.vkeyHash,
    unsafeDevelopmentKeys: key.unsafeDevelopmentKeys,
    proof: result.proof,
    publicSignals: result.publicSignals.map(String),
  };
}

/** A snarkjs logger that forwards every message to `log`. */
function snarkLogger(log: (message: string) => void) {
  const fwd = (m: unknown) => log(String(m));
  return { debug: fwd, info: fwd, warn: fwd, error: fwd };
}

/** Result of {@link verifyProof}: `ok` only when every check passed; `reason` says which failed. */
export interface VerifyResult {
  ok: boolean;
  reason?: string;
}

/**
 * Verify a proof file against a verification key: the key hash must match, every public
 * signal must be a canonical field element (< p), and the pairing check must pass.
 */
export async function verifyProof(file: ProofFile, vkey: unknown): Promise<VerifyResult> {
  const expected = hashVerificationKey(vkey);
  if (file.vkeyHash !== expected) {
    return { ok: false, reason: `vkeyHash ${file.vkeyHash} is not the key's ${expected}` };
  }
  if (file.publicSignals.length !== PUBLIC_SIGNAL_NAMES.length) {
    return { ok: false, reason: `expected ${PUBLIC_SIGNAL_NAMES.length} public signals` };
  }
  for (let i = 0; i < file.publicSignals.length; i++) {
    const s = file.publicSignals[i];
    if (!/^[0-9]{1,80}$/.test(s) || BigInt(s) >= P) {
      return {
        ok: false,
        reason: `publicSignals[${i}] (${PUBLIC_SIGNAL_NAMES[i]}) is not a field element below p`,
      };
    }
  }
  await sharedCurve();
  const ok = await snarkjs.groth16.verify(vkey, file.publicSignals, file.proof);
  return ok
    ? { ok }
    : { ok, reason: "the pairing check failed: proof and public signals do not match" };
}

/**
 * Turn circom's "Error in template Num2Bits_470 line: 38 / Error in template GreaterEq_471
 * line: 33 / ..." into one line naming the chain of templates, innermost first.
 */
export function describeWitnessFailure(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const chain = [...text.matchAll(/Error in template (\w+?)(?:_\d+)? line: (\d+)/g)].map(
    (m) => `${m[1]}:${m[2]}`,
  );
  if (chain.length > 0) {
    return `the circuit rejected the input: a constraint failed in ${chain.join(" < ")}`;
  }
  return `the circuit rejected the input: ${text.split("\n")[0]}`;
}

/**
 * Runs `fn` with console.log/console.error silenced: circom's witness calculator prints its
 * own "ERROR: ..." lines before throwing, and the thrown error already carries them.
 */
export async function withQuietConsole<T>(fn: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = () => undefined;
  console.error = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
    console.error = error;
  }
}

let curve: Promise<unknown> | undefined;

/**
 * snarkjs's BN254 curve, built once. snarkjs (ffjavascript's buildBn128) builds the curve and
 * its pool of worker threads on first use but caches it in globalThis.curve_bn128 only when the
 * build ends: proofs verified or made together before that each built a curve of their own, and
 * every pool but the cached one was never terminated, so the process could not exit (the
 * relayer hung on SIGTERM). Every snarkjs call of this module waits for this one build first.
 */
function sharedCurve(): Promise<unknown> {
  if (curve) return curve;
  // snarkjs exports `curves`; @types/snarkjs does not declare it
  const { curves } = snarkjs as unknown as {
    curves: { getCurveFromName(name: string): Promise<unknown> };
  };
  const building = curves.getCurveFromName("bn128").catch((e: unknown) => {
    curve = undefined;
    throw e;
  });
  curve = building;
  return building;
}

/** Stop snarkjs's worker threads so a Node process can exit (see TOOLCHAIN.md). */
export async function releaseProverThreads(): Promise<void> {
  const pending = curve;
  curve = undefined;
  if (pending) await pending.catch(() => undefined); // a build under way ends in the cache
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> | void } };
  if (g.curve_bn128) {
    await g.curve_bn128.terminate();
    delete g.curve_bn128;
  }
}
