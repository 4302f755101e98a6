/**
 * The publication manifest, `artifacts.json`: what a venue publishes beside the proving
 * artifacts of its circuit instances, and the one file a wallet pins by sha256.
 *
 *   {
 *     "version": 1,
 *     "kind": "zkmargin-artifacts",
 *     "publishedAt": "2026-01-01T00:00:00.000Z",          (optional, informative)
 *     "instances": {
 *       "standard": {
 *         "unsafeDevelopmentKeys": false,                  (true: single-party dev keys)
 *         "vkeyHash": "0x...",       sha256 of the verification key's canonical JSON, as in
 *                                    proof.json and the browser's keys.json (without 0x)
 *         "wasm":     { "file": "standard/standard.wasm", "sha256": "...", "size": 123 },
 *         "zkey":     { "file": "standard/standard.zkey", ... },
 *         "vkey":     { "file": "standard/verification_key.json", ... },
 *         "manifest": { "file": "standard/manifest.json", ... },   (the build manifest)
 *         "verifier": { "file": "standard/Verifier.sol", ... }     (optional)
 *       }
 *     }
 *   }
 *
 * Every `sha256` is of the file's bytes as served; `file` is relative to the folder (or URL
 * base) holding artifacts.json and may not leave it. A manifest that breaks a rule is an
 * {@link InputError} naming the manifest, the field path and the rule.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { InputError } from "../../errors";
import {
  instanceName,
  integer,
  literal,
  missingOr,
  parseWith,
  sha256Hex,
  version,
  vkeyHash,
} from "../../format";

/** File name of the publication manifest inside a published folder. */
export const PUBLICATION_FILE = "artifacts.json";

/** `kind` of a publication manifest. */
export const PUBLICATION_KIND = "zkmargin-artifacts";

/** The files of one instance, in install order (the build manifest last). */
export const ROLES = ["wasm", "zkey", "vkey", "verifier", "manifest"] as const;
export type Role = (typeof ROLES)[number];

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** True for `a/b.zkey`-style paths: relative, `/`-separated, no `..`, no empty part. */
export function isSafeRelativeFile(file: string): boolean {
  const parts = file.split("/");
  return parts.length <= 8 && parts.every((p) => SEGMENT.test(p) && p !== "." && p !== "..");
}

const fileEntry = z
  .object({
    file: z
      .string({ errorMap: missingOr("must be a string") })
      .refine(
        isSafeRelativeFile,
        "must be a relative path inside the publication (parts of letters, digits, '.', '_', '-' joined by '/'; no '..')",
      ),
    sha256: sha256Hex,
    size: integer(0),
  })
  .strict();

const instanceEntry = z
  .object({
    unsafeDevelopmentKeys: z.boolean({ errorMap: missingOr("must be true or false") }),
    vkeyHash,
    wasm: fileEntry,
    zkey: fileEntry,
    vkey: fileEntry,
    manifest: fileEntry,
    verifier: fileEntry.optional(),
  })
  .strict();

const publicationSchema = z
  .object({
    version,
    kind: literal(PUBLICATION_KIND),
    publishedAt: z.string({ errorMap: missingOr("must be a string") }).optional(),
    instances: z
      .record(instanceName, instanceEntry)
      .refine((r) => Object.keys(r).length > 0, "must name at least one instance"),
  })
  .strict();

/** One published file. */
export type FileEntry = z.infer<typeof fileEntry>;
/** The published files of one instance. */
export type InstanceEntry = z.infer<typeof instanceEntry>;
/** A parsed artifacts.json. */
export type Publication = z.infer<typeof publicationSchema>;

/** Parses the bytes of an artifacts.json; `label` names it in errors (its URL or path). */
export function parsePublication(bytes: Uint8Array, label: string): Publication {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8")) as unknown;
  } catch (e) {
    throw new InputError(label, "(file)", `not valid JSON (${(e as Error).message})`);
  }
  return parseWith(publicationSchema, json, label);
}

/** The published files of an instance with their role, in {@link ROLES} order. */
export function instanceFiles(entry: InstanceEntry): Array<{ role: Role; entry: FileEntry }> {
  const out: Array<{ role: Role; entry: FileEntry }> = [];
  for (const role of ROLES) {
    const e = entry[role];
    if (e !== undefined) out.push({ role, entry: e });
  }
  return out;
}

// ---------------------------------------------------------------- where a publication is

/** A place bytes are read from: a URL (http/https) or a local file. */
export type Location = { kind: "http"; url: string } | { kind: "file"; path: string };

/** The URL or absolute path of a location (for messages and records). */
export function describeLocation(loc: Location): string {
  return loc.kind === "http" ? loc.url : loc.path;
}

/** A publication's manifest and the base its `file` entries are relative to. */
export interface PublicationSource {
  manifest: Location;
  base: Location;
}

/**
 * Resolves `--artifacts`: an http(s) URL or a local path (or file: URL), of the published
 * folder or of its manifest (anything ending in `.json`). Relative paths resolve against
 * `cwd`. Another URL scheme is an {@link InputError} naming `label` and `field`.
 */
export function resolveSource(
  source: string,
  opts: { cwd?: string; label?: string; field?: string } = {},
): PublicationSource {
  const label = opts.label ?? "options";
  const field = opts.field ?? "source";
  if (source.trim() === "") throw new InputError(label, field, "must not be empty");
  if (/^https?:\/\//i.test(source)) {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw new InputError(label, field, `not a valid URL: ${source}`);
    }
    url.search = "";
    url.hash = "";
    if (url.pathname.endsWith(".json"))
      return {
        manifest: { kind: "http", url: url.href },
        base: { kind: "http", url: new URL(".", url).href },
      };
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    return {
      manifest: { kind: "http", url: new URL(PUBLICATION_FILE, url).href },
      base: { kind: "http", url: url.href },
    };
  }
  let file: string;
  if (/^file:/i.test(source)) file = fileURLToPath(source);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source))
    throw new InputError(label, field, `unsupported URL scheme (http, https or a path)`);
  else file = path.resolve(opts.cwd ?? process.cwd(), source);
  if (file.endsWith(".json"))
    return {
      manifest: { kind: "file", path: file },
      base: { kind: "file", path: path.dirname(file) },
    };
  return {
    manifest: { kind: "file", path: path.join(file, PUBLICATION_FILE) },
    base: { kind: "file", path: file },
  };
}

/** Where a published `file` (already checked by {@link isSafeRelativeFile}) is. */
export function locate(base: Location, file: string): Location {
  if (!isSafeRelativeFile(file)) throw new Error(`unsafe publication path ${file}`);
  return base.kind === "http"
    ? { kind: "http", url: new URL(file, base.url).href }
    : { kind: "file", path: path.join(base.path, ...file.split("/")) };
}
