/**
 * The pin and the pinned publication manifest. The sha256 of artifacts.json is the only value
 * trusted from outside (`--artifacts-sha256` or zkmargin.config.json); an unpinned manifest is
 * refused. A manifest with the pinned hash is kept, content-addressed, in
 * build/publications/<sha256>.json, so a re-run needs no network; that copy is checked
 * against the pin like any other cached file.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { InputError } from "../../errors";
import { buildRoot } from "../artifacts";
import { ArtifactHashMismatchError } from "./errors";
import { fetchBytes } from "./fetch";
import { Publication, PublicationSource, describeLocation, parsePublication } from "./manifest";

const PIN = /^[0-9a-fA-F]{64}$/;

/** Checks a pin, lower-cased; missing or malformed is an InputError naming `label`/`field`. */
export function checkPin(sha256: string | undefined, label = "options", field = "sha256"): string {
  if (sha256 === undefined || sha256 === "")
    throw new InputError(
      label,
      field,
      "the publication manifest is not pinned: give the sha256 of artifacts.json " +
        "(--artifacts-sha256 <hex>, or artifacts.sha256 in zkmargin.config.json), as the venue publishes it",
    );
  if (!PIN.test(sha256)) throw new InputError(label, field, "must be 64 hex digits (a sha256)");
  return sha256.toLowerCase();
}

/** build/publications/<sha256>.json: the cached copy of a pinned publication manifest. */
export function publicationCachePath(
  sha256: string,
  opts: { buildDir?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  return path.join(buildRoot(opts), "publications", `${checkPin(sha256)}.json`);
}

/** The pinned manifest: from the build cache when intact, else fetched and cached. */
export async function loadPinnedPublication(
  o: { buildDir?: string; env?: NodeJS.ProcessEnv; force?: boolean; idleTimeoutMs?: number },
  pin: string,
  src: PublicationSource,
): Promise<{ publication: Publication; where: string; cached: boolean }> {
  const where = describeLocation(src.manifest);
  const name = path.posix.basename(src.manifest.kind === "http" ? new URL(where).pathname : where);
  const cache = path.join(buildRoot(o), "publications", `${pin}.json`);
  if (fs.existsSync(cache)) {
    const bytes = fs.readFileSync(cache);
    const actual = crypto.createHash("sha256").update(bytes).digest("hex");
    if (actual === pin) return { publication: parsePublication(bytes, where), where, cached: true };
    if (!o.force)
      throw new ArtifactHashMismatchError({
        artifact: name,
        location: cache,
        expected: pin,
        actual,
        origin: "cache",
        hint: "the cached copy of the pinned manifest changed on disk; remove it or fetch again with force",
      });
  }
  const { bytes, sha256 } = await fetchBytes(src.manifest, name, {
    idleTimeoutMs: o.idleTimeoutMs,
  });
  if (sha256 !== pin)
    throw new ArtifactHashMismatchError({
      artifact: name,
      location: where,
      expected: pin,
      actual: sha256,
      origin: "download",
      hint: "this is not the pinned publication manifest",
    });
  const publication = parsePublication(bytes, where);
  fs.mkdirSync(path.dirname(cache), { recursive: true });
  const tmp = `${cache}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, cache);
  return { publication, where, cached: false };
}
