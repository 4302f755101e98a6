// The batch verifier checks of `zkmargin audit` for one instance: the Groth16 batch verifier
// (contracts/generated/SolvencyBatchVerifier<Name>.sol, or a given file) must be exactly what
// src/node/pipeline/batch-verifier.ts generates from the audited verification key, its
// VKEY_SHA256 must be that key's hash, and optionally a deployed batch verifier's runtime code
// must carry every constant of the regenerated source.
import fs from "node:fs";
import path from "node:path";
import type { ArtifactPaths } from "../artifacts";
import {
  batchVerifierContractName,
  batchVerifierHeader,
  batchVerifierSource,
} from "../pipeline/batch-verifier";
import { vkeyHash } from "../pipeline/hash";
import { generatedContractsDir } from "../pipeline/verifier-contract";
import type { AddCheck, AuditOptions } from "./types";
import { short } from "./types";

/** contracts/generated/SolvencyBatchVerifier<Name>.sol of an instance. */
export function batchVerifierPath(instance: string): string {
  return path.join(generatedContractsDir(), `${batchVerifierContractName(instance)}.sol`);
}

/**
 * The batch verifier the build generates from `vkey`: the header follows the single verifier
 * `paths.verifier` and the build manifest `paths.manifest`, as the build's export does.
 */
export function expectedBatchVerifier(paths: ArtifactPaths, vkey: unknown): string {
  return batchVerifierSource(vkey, {
    contractName: batchVerifierContractName(paths.instance),
    header: batchVerifierHeader(paths, vkeyHash(vkey)),
  });
}

/** `constant NAME = VALUE;` of a Solidity source (decimal uint256, 0x-hex bytes32). */
export function parseSourceConstants(source: string): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const x of source.matchAll(
    /\b(?:uint256|bytes32)\s+(?:(?:public|internal|private)\s+)?constant\s+([A-Za-z_]\w*)\s*=\s*(0x[0-9a-fA-F]+|[0-9]+)\s*;/g,
  ))
    m.set(x[1], BigInt(x[2]));
  return m;
}

/** The first line (1-based) where two texts differ, with both versions; undefined: equal. */
export function firstDifference(
  have: string,
  want: string,
): { line: number; have: string; want: string } | undefined {
  if (have === want) return undefined;
  const a = have.split("\n");
  const b = want.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const cut = (s: string | undefined): string =>
    s === undefined ? "(end of file)" : s.length > 200 ? `${s.trim().slice(0, 200)}…` : s.trim();
  return { line: i + 1, have: cut(a[i]), want: cut(b[i]) };
}

/**
 * Problems (empty: none) of a batch verifier source against the regenerated one `expected`
 * for the key with hash `vkeySha256`: its VKEY_SHA256 constant, then the first differing line.
 */
export function batchSourceProblems(
  source: string,
  expected: string,
  vkeySha256: string,
  label: string,
): string[] {
  const problems: string[] = [];
  const tag = /\bbytes32\s+public\s+constant\s+VKEY_SHA256\s*=\s*0x([0-9a-fA-F]{64})\s*;/.exec(
    source,
  );
  if (tag === null) problems.push(`${label}: no bytes32 public constant VKEY_SHA256`);
  else if (tag[1].toLowerCase() !== vkeySha256)
    problems.push(
      `${label}: VKEY_SHA256 is ${short(tag[1].toLowerCase())}, the verification key's sha256 is ${short(vkeySha256)}`,
    );
  const d = firstDifference(source, expected);
  if (d !== undefined)
    problems.push(
      `${label} is not the batch verifier generated from the verification key: line ${d.line} is \`${d.have}\`, expected \`${d.want}\` (regenerate: npm run circuits)`,
    );
  return problems;
}

/** Hex of the minimal big-endian bytes of a constant (how PUSHn carries it in bytecode). */
function pushHex(v: bigint): string {
  const h = v.toString(16);
  return h.length % 2 === 1 ? `0${h}` : h;
}

/**
 * Problems with deployed batch verifier code: every constant of the regenerated source (the
 * key's points, VKEY_SHA256, the moduli) must occur in the runtime bytecode as a PUSH
 * immediate, as the single verifier's deployed check asks; constants below 2^64 (counts,
 * flags) are too short to be evidence and are skipped.
 */
export function deployedBatchCodeProblems(
  codeHex: string,
  expected: string,
  label: string,
): string[] {
  const code = codeHex.replace(/^0x/, "").toLowerCase();
  if (code.length === 0) return [`${label}: no contract code at this address`];
  const problems: string[] = [];
  for (const [name, value] of parseSourceConstants(expected))
    if (value >= 1n << 64n && !code.includes(pushHex(value)))
      problems.push(
        `${label}: deployed code lacks the batch verifier's constant ${name} (${value})`,
      );
  return problems;
}

/** Files of one instance's batch verifier check. */
export interface BatchVerifierFiles {
  /** The batch verifier to check (default: batchVerifierPath). */
  batchVerifier: string;
  /** The single verifier whose label the header repeats. */
  verifier: string;
}

/**
 * Checks instance `name`'s batch verifier against the verification key `vkey` (already read and
 * checked by the caller), then, with `opts.deployedBatch[name]` and `opts.rpc`, a deployed one.
 */
export async function auditBatchVerifier(
  name: string,
  paths: ArtifactPaths,
  vkey: unknown,
  files: BatchVerifierFiles,
  opts: Pick<AuditOptions, "rpc" | "deployedBatch">,
  add: AddCheck,
): Promise<void> {
  let expected: string;
  try {
    expected = expectedBatchVerifier({ ...paths, verifier: files.verifier }, vkey);
  } catch (e) {
    add(
      "batch-verifier",
      "failed",
      `${name}: no batch verifier can be generated from the verification key: ${(e as Error).message}`,
      name,
    );
    return;
  }
  const file = files.batchVerifier;
  const base = path.basename(file);
  if (!fs.existsSync(file))
    add(
      "batch-verifier",
      "failed",
      `${name}: missing batch verifier ${file} (generate it: npm run circuits)`,
      name,
    );
  else {
    const bp = batchSourceProblems(fs.readFileSync(file, "utf8"), expected, vkeyHash(vkey), base);
    if (bp.length === 0)
      add(
        "batch-verifier",
        "ok",
        `${name}: ${base} is the batch verifier generated from the verification key (VKEY_SHA256 ${short(vkeyHash(vkey))})`,
        name,
      );
    for (const p of bp) add("batch-verifier", "failed", `${name}: ${p}`, name);
  }

  const address = opts.deployedBatch?.[name];
  if (address === undefined) return;
  if (opts.rpc === undefined) {
    add(
      "deployed-batch",
      "failed",
      `${name}: checking a deployed batch verifier needs an RPC endpoint`,
      name,
    );
    return;
  }
  const { JsonRpcProvider } = await import("ethers");
  const provider = new JsonRpcProvider(opts.rpc);
  try {
    const label = `batch verifier at ${address}`;
    const dp = deployedBatchCodeProblems(await provider.getCode(address), expected, label);
    if (dp.length === 0)
      add(
        "deployed-batch",
        "ok",
        `${name}: the ${label} carries every constant of the regenerated batch verifier`,
        name,
      );
    for (const p of dp) add("deployed-batch", "failed", `${name}: ${p}`, name);
  } finally {
    provider.destroy();
  }
}
