/**
 * Installs published artifacts (see manifest.ts) into the build directory, where
 * src/node/artifacts.ts expects them, so `prove`, `verify`, the demo and the app build use
 * them unchanged:
 *
 *   build/publications/<sha256>.json           the pinned artifacts.json (content-addressed)
 *   build/<instance>/<instance>_js/<instance>.wasm, <instance>.zkey, verification_key.json,
 *                   manifest.json, Verifier.sol (if published)
 *   build/<instance>/artifacts-source.json     what was installed: source, pin, file hashes
 *
 * Trust: only the sha256 of artifacts.json is trusted (given by the caller: `--artifacts-sha256`
 * or zkmargin.config.json); every other hash comes from that manifest. Nothing unpinned is
 * used. Per instance, under the build lock (build/.locks/<instance>.lock):
 *   1. every file already in place is hashed: the pinned hash means cached (not fetched
 *      again); any other hash is refused ({@link ArtifactHashMismatchError}, origin `cache`,
 *      naming the file and both hashes) unless `force`, which fetches it again;
 *   2. missing files are streamed into temporary files beside their destination, hashed on
 *      the way (fetch.ts); a failure removes them all and leaves the instance's files as
 *      they were;
 *   3. the files are checked against each other (the verification key's canonical hash is
 *      the manifest's `vkeyHash`; the published build manifest records the same wasm, zkey,
 *      vkey and verifier hashes and the same unsafeDevelopmentKeys label);
 *   4. then renamed into place (the build manifest last) and the source record written.
 * A re-run with everything cached needs no network: the manifest is read from its
 * content-addressed copy, checked against the pin like everything else.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { InputError, formatPath } from "../../errors";
import { ArtifactPaths, artifactPaths, buildRoot } from "../artifacts";
import { writeFileAtomic } from "../files";
import { sha256File } from "../pipeline/hash";
import { withLock } from "../pipeline/lock";
import type { BuildLog } from "../pipeline/log";
import { silentLog } from "../pipeline/log";
import { checkConsistency } from "./consistency";
import { ArtifactHashMismatchError } from "./errors";
import { DEFAULT_IDLE_TIMEOUT_MS, fetchToFile } from "./fetch";
import {
  InstanceEntry,
  Location,
  Role,
  describeLocation,
  instanceFiles,
  locate,
  resolveSource,
} from "./manifest";
import { checkPin, loadPinnedPublication } from "./pinned";

/** Name of the per-instance record of what was installed. */
export const SOURCE_RECORD = "artifacts-source.json";

export interface InstallProgress {
  instance: string;
  role: Role;
  /** The file as the publication names it, e.g. `small/small.zkey`. */
  artifact: string;
  loaded: number;
  /** Expected bytes (the published size). */
  total: number;
}

export interface InstallOptions {
  /** Publication folder or its artifacts.json: http(s) URL or local path. */
  source: string;
  /** The pin: sha256 (hex) of artifacts.json. Required. */
  sha256: string | undefined;
  /** Instances to install (default: every instance of the publication). */
  instances?: readonly string[];
  /** Build root (default $ZKMARGIN_BUILD_DIR, else <repo>/build). */
  buildDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Fetch again files whose copy under build/ does not have the pinned hash. */
  force?: boolean;
  onProgress?: (p: InstallProgress) => void;
  log?: BuildLog;
  idleTimeoutMs?: number;
  /** Resolves a relative `source` (default process.cwd()). */
  cwd?: string;
}

export type FileStatus = "fetched" | "cached" | "replaced";

export interface InstalledFile {
  role: Role;
  /** Publication path, e.g. `small/small.zkey`. */
  artifact: string;
  /** Where it was (or would be) fetched from. */
  location: string;
  /** Where it is now (absolute). */
  path: string;
  sha256: string;
  size: number;
  status: FileStatus;
}

export interface InstalledInstance {
  instance: string;
  dir: string;
  unsafeDevelopmentKeys: boolean;
  vkeyHash: string;
  files: InstalledFile[];
  /** build/<instance>/artifacts-source.json */
  record: string;
}

export interface InstallResult {
  /** URL or path of artifacts.json. */
  manifest: string;
  manifestSha256: string;
  /** The manifest came from build/publications/ (no network). */
  manifestCached: boolean;
  instances: InstalledInstance[];
}

/** The record written to build/<instance>/artifacts-source.json. */
export interface SourceRecord {
  version: 1;
  instance: string;
  manifest: string;
  manifestSha256: string;
  unsafeDevelopmentKeys: boolean;
  vkeyHash: string;
  files: Partial<Record<Role, { file: string; location: string; sha256: string; size: number }>>;
  installedAt: string;
}

/** Destination of a published file under the build layout. */
export function destinationOf(p: ArtifactPaths, role: Role): string {
  return { wasm: p.wasm, zkey: p.zkey, vkey: p.vkey, manifest: p.manifest, verifier: p.verifier }[
    role
  ];
}

function readRecord(file: string): SourceRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SourceRecord;
  } catch {
    return undefined;
  }
}

/**
 * Fetches, checks and installs the pinned artifacts (see the file comment).
 * @throws InputError (unpinned, malformed manifest, unknown instance),
 *   ArtifactHashMismatchError, ArtifactUnavailableError, TruncatedDownloadError,
 *   InconsistentPublicationError.
 */
export async function installArtifacts(o: InstallOptions): Promise<InstallResult> {
  const pin = checkPin(o.sha256);
  const src = resolveSource(o.source, { cwd: o.cwd });
  const { publication, where, cached } = await loadPinnedPublication(o, pin, src);
  const available = Object.keys(publication.instances);
  const names = o.instances ?? available;
  for (const n of names)
    if (!Object.prototype.hasOwnProperty.call(publication.instances, n))
      throw new InputError(
        where,
        formatPath(["instances", n]),
        `not in this publication (it has: ${available.join(", ")})`,
      );
  const result: InstallResult = {
    manifest: where,
    manifestSha256: pin,
    manifestCached: cached,
    instances: [],
  };
  for (const instance of names) {
    const paths = artifactPaths(instance, o);
    const lock = path.join(buildRoot(o), ".locks", `${instance}.lock`);
    const entry = publication.instances[instance];
    result.instances.push(
      await withLock(
        lock,
        () => installInstance({ ...o, instance, entry, paths, pin, where, base: src.base }),
        { log: o.log },
      ),
    );
  }
  return result;
}

type Ctx = InstallOptions & {
  instance: string;
  entry: InstanceEntry;
  paths: ArtifactPaths;
  pin: string;
  where: string;
  base: Location;
};

async function installInstance(c: Ctx): Promise<InstalledInstance> {
  const log = c.log ?? silentLog;
  const recordFile = path.join(c.paths.dir, SOURCE_RECORD);
  const previous = readRecord(recordFile);
  const files: InstalledFile[] = [];

  // 1. what is already in place
  for (const { role, entry } of instanceFiles(c.entry)) {
    const dest = destinationOf(c.paths, role);
    const location = describeLocation(locate(c.base, entry.file));
    let status: FileStatus = "fetched";
    if (fs.existsSync(dest)) {
      const size = fs.statSync(dest).size;
      const actual = await sha256File(dest);
      if (actual === entry.sha256 && size === entry.size) status = "cached";
      else if (c.force) status = "replaced";
      else {
        const ours =
          previous?.manifestSha256 === c.pin && previous.files[role]?.sha256 === entry.sha256;
        throw new ArtifactHashMismatchError({
          artifact: entry.file,
          location: dest,
          expected: entry.sha256,
          actual,
          origin: "cache",
          expectedBytes: entry.size,
          actualBytes: size,
          hint:
            (ours
              ? "it changed on disk since it was installed from this publication"
              : "it is not this publication's file (another build or publication)") +
            "; fetch it again with force",
        });
      }
    }
    files.push({
      role,
      artifact: entry.file,
      location,
      path: dest,
      sha256: entry.sha256,
      size: entry.size,
      status,
    });
  }

  // 2. fetch what is missing into temporary files
  const temps = new Map<Role, string>();
  const cleanup = (): void => {
    for (const t of temps.values()) fs.rmSync(t, { force: true });
  };
  try {
    for (const f of files) {
      if (f.status === "cached") continue;
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      const tmp = path.join(
        path.dirname(f.path),
        `.${path.basename(f.path)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.part`,
      );
      temps.set(f.role, tmp);
      await fetchToFile(locate(c.base, f.artifact), tmp, {
        artifact: f.artifact,
        sha256: f.sha256,
        size: f.size,
        idleTimeoutMs: c.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
        onProgress: (loaded, total) =>
          c.onProgress?.({
            instance: c.instance,
            role: f.role,
            artifact: f.artifact,
            loaded,
            total,
          }),
      });
    }
    // 3. the files agree with each other
    checkConsistency(
      c.instance,
      c.entry,
      c.base,
      (role) => temps.get(role) ?? destinationOf(c.paths, role),
    );
  } catch (e) {
    cleanup();
    throw e;
  }

  // 4. into place, the build manifest last; then the record
  for (const f of files) {
    const tmp = temps.get(f.role);
    if (tmp !== undefined) fs.renameSync(tmp, f.path);
    log.info(`${c.instance}: ${f.artifact} ${f.status} (${f.size} bytes, sha256 ${f.sha256})`);
  }
  if (c.entry.verifier === undefined && temps.size > 0 && fs.existsSync(c.paths.verifier)) {
    fs.rmSync(c.paths.verifier);
    log.warn(`${c.instance}: removed ${c.paths.verifier} (the publication has no verifier)`);
  }
  const record: SourceRecord = {
    version: 1,
    instance: c.instance,
    manifest: c.where,
    manifestSha256: c.pin,
    unsafeDevelopmentKeys: c.entry.unsafeDevelopmentKeys,
    vkeyHash: c.entry.vkeyHash,
    files: Object.fromEntries(
      files.map((f) => [
        f.role,
        { file: f.artifact, location: f.location, sha256: f.sha256, size: f.size },
      ]),
    ),
    installedAt:
      temps.size === 0 && previous?.manifestSha256 === c.pin
        ? previous.installedAt
        : new Date().toISOString(),
  };
  writeFileAtomic(recordFile, JSON.stringify(record, null, 2) + "\n");
  return {
    instance: c.instance,
    dir: c.paths.dir,
    unsafeDevelopmentKeys: c.entry.unsafeDevelopmentKeys,
    vkeyHash: c.entry.vkeyHash,
    files,
    record: recordFile,
  };
}
