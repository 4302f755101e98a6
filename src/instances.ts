/**
 * Circuit instances (circuits/instances.json), imported as JSON so a browser bundle
 * carries them without file access.
 */
import instancesJson from "../circuits/instances.json";
import { MAX_SLOTS, SCENARIOS } from "./bounds";

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
}

const table: Record<string, Omit<CircuitInstance, "name">> = instancesJson.instances;

/** Names of the configured instances. */
export function instanceNames(): string[] {
  return Object.keys(table);
}

/** The instance called `name`; throws RangeError for an unknown name. */
export function getInstance(name: string): CircuitInstance {
  const p = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!p)
    throw new RangeError(
      `unknown circuit instance "${name}" (known: ${instanceNames().join(", ")})`,
    );
  if (p.S !== SCENARIOS || p.N > MAX_SLOTS || p.K > MAX_SLOTS || p.G > MAX_SLOTS || p.G < 1) {
    throw new RangeError(`circuit instance "${name}" is outside the protocol bounds`);
  }
  return { name, N: p.N, K: p.K, G: p.G, S: p.S, depth: p.depth };
}

/** The public inputs of the solvency circuit, in order. */
export const PUBLIC_INPUTS: readonly string[] = instancesJson.publicInputs;
