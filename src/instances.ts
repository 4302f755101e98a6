/**
 * Circuit instances (circuits/instances.json): the one schema of that file, used by the SDK
 * (imported as JSON so a browser bundle carries it without file access) and by the Node
 * build pipeline (src/node/pipeline/config.ts), and the protocol bounds every instance of the
 * solvency circuit must keep (src/bounds.ts).
 */
import { z } from "zod";
import instancesJson from "../circuits/instances.json";
import {
  MAX_COLLATERAL_SLOTS,
  MAX_GROUPS,
  MAX_POSITION_SLOTS,
  MAX_TREE_DEPTH,
  SCENARIOS,
} from "./bounds";
import { InputError } from "./errors";
import { instanceName, missingOr, parseWith, version } from "./format";

/** The file name errors about the repository's instances name. */
export const INSTANCES_FILE = "circuits/instances.json";

/**
 * Template parameter order of Solvency(N, K, G, S, DEPTH, PATH_LEVELS), keyed as in
 * instances.json.
 */
export const DEFAULT_TEMPLATE_PARAMS = ["N", "K", "G", "S", "depth", "pathLevels"] as const;

/** circuits/instances.json (or a pipeline test's config of another template). */
export interface InstancesFile {
  version: 1;
  /** Template instantiated by every main, e.g. "Solvency". */
  template: string;
  /** File defining the template, relative to the circuits directory, e.g. "solvency.circom". */
  source: string;
  /** Public input signals, in order (PROTOCOL.md section 7). */
  publicInputs: string[];
  /**
   * Keys of each instance object in template-argument order (default N, K, G, S, depth,
   * pathLevels).
   */
  templateParams?: string[];
  instances: Record<string, Record<string, number>>;
}

const CIRCOM_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SOURCE = /^[A-Za-z0-9_][A-Za-z0-9_./-]*\.circom$/;

const circomIdent = z
  .string({ errorMap: missingOr("expected an identifier") })
  .regex(CIRCOM_IDENT, "expected an identifier");
const identList = (what: string) =>
  z.array(circomIdent, { errorMap: missingOr(`expected an array of ${what}`) });

/** The one zod schema of circuits/instances.json. */
export const instancesFileSchema = z
  .object({
    version,
    template: circomIdent,
    source: z
      .string({ errorMap: missingOr("expected a .circom path") })
      .refine(
        (s) => SOURCE.test(s) && !s.split("/").includes(".."),
        "expected a relative .circom path inside the circuits directory",
      ),
    publicInputs: identList("signal names"),
    templateParams: identList("parameter names").optional(),
    instances: z.record(
      instanceName,
      z.record(z.string(), z.unknown(), { errorMap: missingOr("expected an object") }),
      { errorMap: missingOr("expected an object") },
    ),
  })
  .strict()
  .superRefine((c, ctx) => {
    const params = c.templateParams ?? [...DEFAULT_TEMPLATE_PARAMS];
    for (const [name, inst] of Object.entries(c.instances)) {
      for (const p of params) {
        const v = inst[p];
        if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["instances", name, p],
            message:
              v === undefined
                ? "missing field"
                : `expected a positive integer, got ${JSON.stringify(v)}`,
          });
        }
      }
      const extra = Object.keys(inst).filter((k) => !params.includes(k));
      if (extra.length > 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["instances", name],
          message: `unknown parameter(s) ${extra.join(", ")}`,
        });
      }
    }
  })
  .transform((c): InstancesFile => c as InstancesFile);

/** Parses and validates an instances file; throws {@link InputError} naming `file` and the field. */
export function parseInstancesFile(json: unknown, file = INSTANCES_FILE): InstancesFile {
  return parseWith(instancesFileSchema, json, file);
}

/** Parameters of one instance of the solvency circuit. */
export interface CircuitInstance {
  /** Instance name, e.g. "standard" or "small". */
  name: string;
  /** Position slots. */
  N: number;
  /** Collateral slots. */
  K: number;
  /** Risk groups. */
  G: number;
  /** Scenarios (16). */
  S: number;
  /** Instrument tree depth (capacity 2^depth). */
  depth: number;
  /**
   * Levels of the instrument tree each position slot hashes; the 2^(depth - pathLevels)
   * nodes above them (the cap) are hashed once per proof (PROTOCOL section 6). Chosen to
   * minimise the Poseidon(2) calls N * pathLevels + 2^(depth - pathLevels) - 1.
   */
  pathLevels: number;
}

/** The protocol's range of each parameter of a solvency instance, with the bound's name. */
const PARAM_BOUNDS: ReadonlyArray<{
  field: keyof Omit<CircuitInstance, "name">;
  min: number;
  max: number;
  why: string;
}> = [
  { field: "N", min: 1, max: MAX_POSITION_SLOTS, why: "MAX_POSITION_SLOTS" },
  { field: "K", min: 1, max: MAX_COLLATERAL_SLOTS, why: "MAX_COLLATERAL_SLOTS, the engine's" },
  { field: "G", min: 1, max: MAX_GROUPS, why: "MAX_GROUPS, the solvency comparison's sizing" },
  { field: "S", min: SCENARIOS, max: SCENARIOS, why: "SCENARIOS" },
  { field: "depth", min: 2, max: MAX_TREE_DEPTH, why: "MAX_TREE_DEPTH" },
  { field: "pathLevels", min: 1, max: MAX_TREE_DEPTH - 1, why: "below depth" },
];

/**
 * The solvency instance `name` with parameters `params`, checked against the protocol bounds
 * (src/bounds.ts); throws {@link InputError} naming `file`, the instance and the field.
 */
export function checkInstance(
  name: string,
  params: Readonly<Record<string, number>>,
  file = INSTANCES_FILE,
): CircuitInstance {
  const out: CircuitInstance = { name, N: 0, K: 0, G: 0, S: 0, depth: 0, pathLevels: 0 };
  for (const b of PARAM_BOUNDS) {
    const v = params[b.field];
    if (v === undefined || !Number.isSafeInteger(v) || v < b.min || v > b.max) {
      const range = b.min === b.max ? `${b.min}` : `in ${b.min}..${b.max}`;
      throw new InputError(
        file,
        `instances.${name}.${b.field}`,
        `must be ${range} (${b.why}), got ${String(v)}`,
      );
    }
    out[b.field] = v;
  }
  if (out.pathLevels >= out.depth)
    throw new InputError(
      file,
      `instances.${name}.pathLevels`,
      `must be below depth (${out.depth}), got ${out.pathLevels}`,
    );
  return out;
}

let parsed: InstancesFile | undefined;
/** The repository's circuits/instances.json, parsed once. */
function instancesFile(): InstancesFile {
  parsed ??= parseInstancesFile(instancesJson);
  return parsed;
}

/** Names of the configured instances. */
export function instanceNames(): string[] {
  return Object.keys(instancesFile().instances);
}

/**
 * The instance called `name`, within the protocol bounds; throws RangeError for an unknown
 * name and {@link InputError} (naming circuits/instances.json) for one out of bounds.
 */
export function getInstance(name: string): CircuitInstance {
  const table = instancesFile().instances;
  const p = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!p)
    throw new RangeError(
      `unknown circuit instance "${name}" (known: ${instanceNames().join(", ")})`,
    );
  return checkInstance(name, p);
}

/** The public inputs of the solvency circuit, in order. */
export const PUBLIC_INPUTS: readonly string[] = instancesJson.publicInputs;
