/**
 * `zkmargin.config.json`: where a wallet (or any user of the SDK) pins the artifacts it uses.
 *
 *   { "artifacts": { "url": "https://venue.example/zk/v1/", "sha256": "<sha256 of artifacts.json>",
 *                    "instances": ["standard"] } }
 *
 * `url` is a publication folder or its artifacts.json (http, https or a local path; a relative
 * path is relative to the config file); `sha256` pins the publication manifest; `instances`
 * (optional) limits what is installed. The CLI reads `--config <file>`, else
 * ./zkmargin.config.json in the working directory, else the one at the repository root.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../artifacts";
import { readJsonFile } from "../files";
import { instanceName, missingOr, parseWith } from "../../format";

/** Default config file name. */
export const CONFIG_FILE = "zkmargin.config.json";

const configSchema = z
  .object({
    artifacts: z
      .object({
        url: z.string({ errorMap: missingOr("must be a string") }).min(1, "must not be empty"),
        sha256: z
          .string({ errorMap: missingOr("must be a string") })
          .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (sha256 of artifacts.json)")
          .transform((s) => s.toLowerCase())
          .optional(),
        instances: z.array(instanceName).min(1, "must name at least one instance").optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A parsed config file. */
export interface ZkmarginConfig {
  /** The file it was read from (absolute). */
  file: string;
  artifacts?: {
    /** As written in the file. */
    url: string;
    /** `url` resolved: a URL, or a path relative to the config file's folder. */
    source: string;
    sha256?: string;
    instances?: string[];
  };
}

/** Reads and checks a config file; a bad one is an InputError naming file, path and rule. */
export function readConfig(file: string): ZkmarginConfig {
  const abs = path.resolve(file);
  const a = parseWith(configSchema, readJsonFile(abs, file), file).artifacts;
  if (a === undefined) return { file: abs };
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(a.url);
  return {
    file: abs,
    artifacts: {
      url: a.url,
      source: isUrl ? a.url : path.resolve(path.dirname(abs), a.url),
      sha256: a.sha256,
      instances: a.instances,
    },
  };
}

/**
 * The config file to use: `explicit` if given (it must exist), else ./zkmargin.config.json
 * in `cwd`, else <repo>/zkmargin.config.json, else none.
 */
export function findConfig(explicit?: string, cwd = process.cwd()): string | undefined {
  if (explicit !== undefined) return explicit;
  for (const dir of [cwd, projectRoot()]) {
    const f = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}
