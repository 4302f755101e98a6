/**
 * Cross-checks of one published instance, after every file matched its hash: a venue that
 * published keys and a build manifest (or verification key) that do not belong together is
 * caught before anything is installed.
 */
import fs from "node:fs";
import { vkeyHash } from "../pipeline/hash";
import { InconsistentPublicationError } from "./errors";
import { FileEntry, InstanceEntry, Location, Role, describeLocation, locate } from "./manifest";

function readJson(file: string, entry: FileEntry, where: string): Record<string, unknown> {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    if (v !== null && typeof v === "object" && !Array.isArray(v))
      return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new InconsistentPublicationError({
    artifact: entry.file,
    location: where,
    field: "(file)",
    expected: "a JSON object",
    actual: "something else",
  });
}

/**
 * Throws {@link InconsistentPublicationError} unless the files of `instance` agree with each
 * other and with the publication: the verification key's canonical sha256 is `vkeyHash`; the
 * published build manifest names the instance, carries the same unsafeDevelopmentKeys label
 * and records the published wasm, zkey, verification key (and verifier) hashes. `at(role)` is
 * where the (already hash-checked) bytes of a role are now.
 */
export function checkConsistency(
  instance: string,
  e: InstanceEntry,
  base: Location,
  at: (role: Role) => string,
): void {
  const loc = (f: FileEntry): string => describeLocation(locate(base, f.file));
  const vkey = readJson(at("vkey"), e.vkey, loc(e.vkey));
  const actualVkeyHash = `0x${vkeyHash(vkey)}`;
  if (actualVkeyHash !== e.vkeyHash)
    throw new InconsistentPublicationError({
      artifact: e.vkey.file,
      location: loc(e.vkey),
      field: "vkeyHash (sha256 of the canonical JSON)",
      expected: e.vkeyHash,
      actual: actualVkeyHash,
    });
  const m = readJson(at("manifest"), e.manifest, loc(e.manifest));
  const compile = (m.compile ?? {}) as Record<string, unknown>;
  const keys = (m.keys ?? {}) as Record<string, unknown>;
  const checks: Array<[string, unknown, string | boolean | undefined]> = [
    ["instance", m.instance, instance],
    ["unsafeDevelopmentKeys", m.unsafeDevelopmentKeys !== false, e.unsafeDevelopmentKeys],
    ["compile.wasmSha256", compile.wasmSha256, e.wasm.sha256],
    ["keys.zkeySha256", keys.zkeySha256, e.zkey.sha256],
    ["keys.vkeySha256", keys.vkeySha256, e.vkeyHash.slice(2)],
  ];
  if (e.verifier !== undefined && keys.verifierSha256 !== undefined)
    checks.push(["keys.verifierSha256", keys.verifierSha256, e.verifier.sha256]);
  for (const [field, actual, expected] of checks)
    if (actual !== expected)
      throw new InconsistentPublicationError({
        artifact: e.manifest.file,
        location: loc(e.manifest),
        field,
        expected: String(expected),
        actual: String(actual),
      });
}
