/**
 * The venue's side: writes a publication folder (manifest.ts) from built instances, to be
 * served as static files (any web server, object store or CDN) or handed over as a folder:
 *
 *   <outDir>/artifacts.json
 *   <outDir>/<instance>/<instance>.wasm, <instance>.zkey, verification_key.json,
 *                       manifest.json, Verifier.sol (when built)
 *
 * By default the keys are build/<instance>'s own (development keys, labelled so). With
 * `keysFrom` (one instance) the zkey, verification_key.json and Verifier.sol come from the
 * folder `zkmargin setup ceremony export -o <dir>` wrote; the verification key must be the
 * zkey's, and the published build manifest gets `unsafeDevelopmentKeys: false` and a `keys`
 * record of those files. Every build output is first checked against its build manifest.
 *
 * The result's `sha256` (of artifacts.json's bytes) is what wallets pin.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { InputError } from "../../errors";
import { instanceNames } from "../../instances";
import { ArtifactPaths, artifactPaths, buildRoot } from "../artifacts";
import { writeFileAtomic } from "../files";
import { sha256File, sha256Hex, vkeyHash } from "../pipeline/hash";
import type { BuildLog } from "../pipeline/log";
import { silentLog } from "../pipeline/log";
import { packageVersion } from "../pipeline/tools";
import { ArtifactHashMismatchError, InconsistentPublicationError } from "./errors";
import {
  FileEntry,
  InstanceEntry,
  PUBLICATION_FILE,
  PUBLICATION_KIND,
  Publication,
  Role,
  parsePublication,
} from "./manifest";

export interface PublishOptions {
  /** The publication folder to write (created if needed; files of the same names replaced). */
  outDir: string;
  /** Instances (default: every configured instance whose keys are built). */
  instances?: readonly string[];
  /** Build root to publish from (default $ZKMARGIN_BUILD_DIR, else <repo>/build). */
  buildDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Ceremony keys: the output folder of `zkmargin setup ceremony export` (one instance). */
  keysFrom?: string;
  log?: BuildLog;
}

export interface PublishResult {
  outDir: string;
  /** <outDir>/artifacts.json */
  manifestFile: string;
  /** sha256 of artifacts.json: the value to pin. */
  sha256: string;
  publication: Publication;
}

interface BuildManifestJson {
  instance?: string;
  unsafeDevelopmentKeys?: boolean;
  compile?: { wasmSha256?: string; r1csSha256?: string; publicSignals?: number };
  keys?: {
    zkeySha256?: string;
    vkeySha256?: string;
    verifierSha256?: string;
  } | null;
  [k: string]: unknown;
}

const hasKeys = (p: ArtifactPaths): boolean =>
  [p.wasm, p.zkey, p.vkey, p.manifest].every((f) => fs.existsSync(f));

function mustExist(file: string, hint: string): string {
  if (!fs.existsSync(file)) throw new InputError(file, "(file)", `file not found; ${hint}`);
  return file;
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(file, "(file)", `not valid JSON (${(e as Error).message})`);
  }
}

/** Throws unless `actual` (of a build output) is what its build manifest records. */
function expectBuilt(file: string, expected: string | undefined, actual: string): void {
  if (expected !== actual)
    throw new ArtifactHashMismatchError({
      artifact: path.basename(file),
      location: file,
      expected: String(expected),
      actual,
      origin: "build",
      hint: "rebuild (zkmargin setup) before publishing",
    });
}

/** The files to publish for one instance, checked, and the build manifest to publish. */
async function collect(
  instance: string,
  o: PublishOptions,
): Promise<{
  sources: Partial<Record<Role, string>>;
  manifestText: string;
  unsafe: boolean;
  vkeyHash: string;
}> {
  const p = artifactPaths(instance, o);
  const hint = `build it first (zkmargin setup --instance ${instance})`;
  mustExist(p.wasm, hint);
  const m = readJson(mustExist(p.manifest, hint)) as BuildManifestJson;
  expectBuilt(p.wasm, m.compile?.wasmSha256, await sha256File(p.wasm));

  if (o.keysFrom === undefined) {
    const k = m.keys;
    if (!k) throw new InputError(p.manifest, "keys", `no keys built; ${hint}`);
    mustExist(p.zkey, hint);
    expectBuilt(p.zkey, k.zkeySha256, await sha256File(p.zkey));
    const vh = vkeyHash(readJson(mustExist(p.vkey, hint)));
    expectBuilt(p.vkey, k.vkeySha256, vh);
    const sources: Partial<Record<Role, string>> = { wasm: p.wasm, zkey: p.zkey, vkey: p.vkey };
    if (fs.existsSync(p.verifier)) {
      expectBuilt(p.verifier, k.verifierSha256, await sha256File(p.verifier));
      sources.verifier = p.verifier;
    }
    sources.manifest = p.manifest;
    return {
      sources,
      manifestText: fs.readFileSync(p.manifest, "utf8"),
      unsafe: m.unsafeDevelopmentKeys !== false,
      vkeyHash: `0x${vh}`,
    };
  }

  // ceremony keys
  const dir = path.resolve(o.keysFrom);
  const exportHint = `expected the output of \`zkmargin setup ceremony export <ceremony> -o ${o.keysFrom}\``;
  const zkey = mustExist(path.join(dir, `${instance}.zkey`), exportHint);
  const vkeyFile = mustExist(path.join(dir, "verification_key.json"), exportHint);
  const verifier = path.join(dir, "Verifier.sol");
  const vkey = readJson(vkeyFile);
  const vh = vkeyHash(vkey);
  const fromZkey = vkeyHash(await snarkjs.zKey.exportVerificationKey(zkey));
  if (fromZkey !== vh)
    throw new InconsistentPublicationError({
      artifact: path.basename(vkeyFile),
      location: vkeyFile,
      field: "sha256 of the canonical verification key",
      expected: `${fromZkey} (the key of ${path.basename(zkey)})`,
      actual: vh,
    });
  const publicSignals = m.compile?.publicSignals;
  if (publicSignals !== undefined && vkey.nPublic !== publicSignals)
    throw new InconsistentPublicationError({
      artifact: path.basename(vkeyFile),
      location: vkeyFile,
      field: "nPublic",
      expected: `${publicSignals} (public signals of ${instance})`,
      actual: String(vkey.nPublic),
    });
  const sources: Partial<Record<Role, string>> = { wasm: p.wasm, zkey, vkey: vkeyFile };
  if (fs.existsSync(verifier)) sources.verifier = verifier;
  sources.manifest = p.manifest; // replaced by manifestText below
  const manifest = {
    ...m,
    unsafeDevelopmentKeys: false,
    keys: {
      source: "ceremony",
      snarkjs: packageVersion("snarkjs"),
      protocol: "groth16",
      curve: "bn128",
      r1csSha256: m.compile?.r1csSha256,
      zkeySha256: await sha256File(zkey),
      vkeySha256: vh,
      verifierSha256: sources.verifier ? await sha256File(verifier) : null,
      importedAt: new Date().toISOString(),
    },
  };
  return {
    sources,
    manifestText: JSON.stringify(manifest, null, 2) + "\n",
    unsafe: false,
    vkeyHash: `0x${vh}`,
  };
}

/** Copies `from` to `to` through a temporary file; returns its published entry. */
async function place(from: string, to: string, file: string): Promise<FileEntry> {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.copyFileSync(from, tmp);
  fs.renameSync(tmp, to);
  return { file, sha256: await sha256File(to), size: fs.statSync(to).size };
}

const PUBLISHED_NAME: Record<Role, (instance: string) => string> = {
  wasm: (i) => `${i}.wasm`,
  zkey: (i) => `${i}.zkey`,
  vkey: () => "verification_key.json",
  verifier: () => "Verifier.sol",
  manifest: () => "manifest.json",
};

/** Writes the publication folder (see the file comment). */
export async function publishArtifacts(o: PublishOptions): Promise<PublishResult> {
  const log = o.log ?? silentLog;
  const outDir = path.resolve(o.outDir);
  let names: string[];
  if (o.instances !== undefined) names = [...o.instances];
  else {
    names = instanceNames().filter((n) => hasKeys(artifactPaths(n, o)));
    if (names.length === 0)
      throw new InputError(
        buildRoot(o),
        "(build)",
        "no instance has built keys: run zkmargin setup",
      );
  }
  if (o.keysFrom !== undefined && names.length !== 1)
    throw new InputError("options", "keysFrom", "ceremony keys are for exactly one instance");

  const instances: Record<string, InstanceEntry> = {};
  for (const instance of names) {
    const c = await collect(instance, o);
    const entries: Partial<Record<Role, FileEntry>> = {};
    for (const [role, from] of Object.entries(c.sources) as Array<[Role, string]>) {
      const file = `${instance}/${PUBLISHED_NAME[role](instance)}`;
      const to = path.join(outDir, instance, PUBLISHED_NAME[role](instance));
      if (role === "manifest") {
        writeFileAtomic(to, c.manifestText);
        entries.manifest = { file, sha256: sha256Hex(c.manifestText), size: fs.statSync(to).size };
      } else entries[role] = await place(from, to, file);
      log.info(`${instance}: ${file} (sha256 ${entries[role]?.sha256})`);
    }
    instances[instance] = {
      unsafeDevelopmentKeys: c.unsafe,
      vkeyHash: c.vkeyHash,
      wasm: entries.wasm as FileEntry,
      zkey: entries.zkey as FileEntry,
      vkey: entries.vkey as FileEntry,
      manifest: entries.manifest as FileEntry,
      ...(entries.verifier ? { verifier: entries.verifier } : {}),
    };
  }
  const publication: Publication = {
    version: 1,
    kind: PUBLICATION_KIND,
    publishedAt: new Date().toISOString(),
    instances,
  };
  const text = JSON.stringify(publication, null, 2) + "\n";
  const manifestFile = path.join(outDir, PUBLICATION_FILE);
  parsePublication(Buffer.from(text), manifestFile); // the schema is the contract: check it
  writeFileAtomic(manifestFile, text);
  return { outDir, manifestFile, sha256: sha256Hex(text), publication };
}
