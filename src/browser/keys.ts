/**
 * Where a browser finds the proving artifacts of a circuit instance, and the hashes they must
 * have. The hashes are part of the page's own code (the app build takes them from the build
 * manifest that made the keys), never fetched from the server that serves the artifacts: a
 * different wasm, zkey or verification key is refused, not used.
 */
import { INSTANCE_NAME_RULE, SHA256_HEX_RE, SHA256_HEX_RULE, isInstanceName } from "../format";

/** One artifact: its URL and the sha256 (64 lower-case hex digits) its bytes must have. */
export interface PinnedArtifact {
  url: string;
  sha256: string;
}

/** The artifacts of one circuit instance. */
export interface CircuitKeys {
  /** Instance name, e.g. "standard" or "small" (proof.json `circuit`). */
  circuit: string;
  /** circom's witness generator (`<instance>.wasm`). */
  wasm: PinnedArtifact;
  /** The Groth16 proving key. */
  zkey: PinnedArtifact;
  /**
   * The verification key: `sha256` is that of its canonical JSON (PROTOCOL section 9, the
   * proof's `vkeyHash` without 0x), so any JSON formatting of the same key is accepted.
   */
  vkey: PinnedArtifact;
  /** True for development keys (unsafe for production); copied into proof.json. */
  unsafeDevelopmentKeys: boolean;
}

/** Keys per instance name. */
export type KeyRegistry = Readonly<Record<string, CircuitKeys>>;

/** Throws a message naming the field unless `keys` is a well-formed {@link CircuitKeys}. */
export function checkCircuitKeys(keys: CircuitKeys, where = "keys"): void {
  if (!keys || typeof keys !== "object") throw new TypeError(`${where}: must be an object`);
  if (typeof keys.circuit !== "string" || !isInstanceName(keys.circuit))
    throw new TypeError(`${where}.circuit: ${INSTANCE_NAME_RULE}`);
  for (const k of ["wasm", "zkey", "vkey"] as const) {
    const a = keys[k];
    if (!a || typeof a.url !== "string" || a.url === "")
      throw new TypeError(`${where}.${k}.url: must be a URL`);
    if (typeof a.sha256 !== "string" || !SHA256_HEX_RE.test(a.sha256))
      throw new TypeError(`${where}.${k}.sha256: ${SHA256_HEX_RULE}`);
  }
  if (typeof keys.unsafeDevelopmentKeys !== "boolean")
    throw new TypeError(`${where}.unsafeDevelopmentKeys: must be a boolean`);
}
