// Types of `zkmargin audit`: its options, checks and report.
import type { BuildLog } from "../pipeline/log";
import type { TemplateCount } from "./templates";

export type CheckStatus = "ok" | "failed" | "note";

export interface AuditCheck {
  /**
   * Short id: toolchain, sources, r1cs, wasm, constraints, templates, build, zkey, vkey,
   * verifier, batch-verifier, deployed, deployed-batch, ...
   */
  check: string;
  instance?: string;
  status: CheckStatus;
  message: string;
}

export interface InstanceCounts {
  instance: string;
  constraints: number;
  templates: TemplateCount[];
}

export interface AuditReport {
  ok: boolean;
  manifest: string;
  instances: string[];
  checks: AuditCheck[];
  counts: InstanceCounts[];
  seconds: number;
}

/** Per-instance artifacts to audit instead of build/<instance>/ (the tampering tests use it). */
export interface KeyOverrides {
  zkey?: string;
  vkey?: string;
  verifier?: string;
  /** The batch verifier (default contracts/generated/SolvencyBatchVerifier<Name>.sol). */
  batchVerifier?: string;
}

export interface AuditOptions {
  /** Instances to audit (default: every instance of the manifest). */
  instances?: string[];
  manifestFile?: string;
  /** Circuit sources (default circuits/). */
  sourcesDir?: string;
  /** Build root holding the keys to check (default build/ or $ZKMARGIN_BUILD_DIR). */
  buildDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Prepared ptau for `zkey verify` (default $ZKMARGIN_PTAU, then the ptau the build used). */
  ptau?: string;
  /** Directory caching initial keys between zkey verifications (tests; see verifyZkey). */
  initCacheDir?: string;
  /** Run snarkjs `zkey verify` (default true; minutes for the standard instance). */
  zkeyVerify?: boolean;
  /** Compile each template alone for per-template counts (default true). */
  templates?: boolean;
  /** Check keys at all (default true; false: circuits only). */
  keys?: boolean;
  overrides?: Record<string, KeyOverrides>;
  /** Deployed verifiers to check: instance -> address, read through `rpc`. */
  rpc?: string;
  deployed?: Record<string, string>;
  /** Deployed batch verifiers to check: instance -> address, read through `rpc`. */
  deployedBatch?: Record<string, string>;
  log?: BuildLog;
}

/** The first 16 hex digits of a hash, for messages. */
export const short = (h: string | undefined): string =>
  h === undefined ? "none" : h.slice(0, 16) + "…";

/** Records one check (and logs it). */
export type AddCheck = (
  check: string,
  status: CheckStatus,
  message: string,
  instance?: string,
) => void;
