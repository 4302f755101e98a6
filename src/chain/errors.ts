/**
 * Revert decoding: a failed call or transaction becomes a {@link ChainRevertError} that names
 * the custom error (e.g. `MarginEngine__InvalidProof`) decoded with the contracts' ABIs.
 */
import { Interface, type InterfaceAbi, isError } from "ethers";
import { CheckFailedError } from "../errors";

/** A call or transaction reverted; `errorName` is the decoded custom error (or a fallback). */
export class ChainRevertError extends CheckFailedError {
  override readonly code: string = "chain-revert";
  /** `MarginEngine__InvalidProof`, `Error` (require string), `Panic`, or `unknown revert`. */
  readonly errorName: string;
  readonly errorArgs: readonly unknown[];
  /** What was attempted, e.g. `submitProof`. */
  readonly action: string;

  constructor(action: string, errorName: string, errorArgs: readonly unknown[], detail = "") {
    const args = errorArgs.map((a) => (typeof a === "bigint" ? a.toString() : String(a)));
    super(`${action} reverted: ${errorName}(${args.join(", ")})${detail ? ` - ${detail}` : ""}`);
    this.name = "ChainRevertError";
    this.errorName = errorName;
    this.errorArgs = errorArgs;
    this.action = action;
  }
}

/** Finds revert data (0x + selector...) anywhere in an ethers / provider error object. */
export function findRevertData(e: unknown, depth = 0): string | undefined {
  if (depth > 6 || e === null || typeof e !== "object") return undefined;
  const o = e as Record<string, unknown>;
  for (const key of ["data", "revertData"]) {
    const v = o[key];
    if (typeof v === "string" && /^0x[0-9a-fA-F]{8}/.test(v)) return v;
    if (typeof v === "object") {
      const inner = findRevertData(v, depth + 1);
      if (inner) return inner;
    }
  }
  for (const key of ["error", "info", "cause", "payload"]) {
    const inner = findRevertData(o[key], depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/** Builds one Interface holding the errors of several ABIs (duplicates skipped). */
export function errorInterface(abis: readonly InterfaceAbi[]): Interface {
  const seen = new Set<string>();
  const fragments: string[] = [];
  for (const abi of abis) {
    for (const f of new Interface(abi).fragments) {
      if (f.type !== "error") continue;
      const sig = f.format("full");
      if (!seen.has(sig)) {
        seen.add(sig);
        fragments.push(sig);
      }
    }
  }
  return new Interface(fragments);
}

/**
 * Turns any error thrown by a contract call into a {@link ChainRevertError} when it is a
 * revert; other errors (network, signer) are returned unchanged.
 */
export function decodeChainError(e: unknown, action: string, iface: Interface): unknown {
  if (e instanceof ChainRevertError) return e;
  const data = findRevertData(e);
  if (data) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return new ChainRevertError(action, parsed.name, [...parsed.args]);
    } catch {
      // fall through to the generic decodings below
    }
    if (data.startsWith("0x08c379a0") || data.startsWith("0x4e487b71")) {
      const std = new Interface(["error Error(string)", "error Panic(uint256)"]);
      const parsed = std.parseError(data);
      if (parsed) return new ChainRevertError(action, parsed.name, [...parsed.args]);
    }
    return new ChainRevertError(action, "unknown revert", [data.slice(0, 10)]);
  }
  if (isError(e, "CALL_EXCEPTION")) {
    return new ChainRevertError(action, "unknown revert", [], e.shortMessage);
  }
  return e;
}
