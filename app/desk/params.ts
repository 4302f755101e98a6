/**
 * The multipliers the desk measures against, from one source: the connected engine's
 * maintenance and initial multipliers and its validity tiers (read on every "chain" event),
 * otherwise the page's multiplier field and the default initial multiplier of
 * src/chain/defaults.ts (no tiers then).
 */
import {
  DEFAULT_PARAMS,
  type MarginEngineClient,
  type ValidityTier,
  parseMultiplier,
} from "../../src/browser";
import { input } from "../dom";
import { on } from "../events";
import { state } from "../state";

export interface Multipliers {
  maintenance: bigint;
  initial: bigint;
  /** "engine": read from the connected engine; "page": the multiplier field and the default. */
  source: "engine" | "page";
  /** The engine's validity tiers, tier 0 first (null when not connected). */
  tiers: ValidityTier[] | null;
}

let fromEngine: { engine: MarginEngineClient; m: Multipliers } | undefined;
const listeners: Array<() => void> = [];

async function refresh(): Promise<void> {
  const engine = state.engine;
  if (engine && fromEngine?.engine === engine) return;
  fromEngine = undefined;
  if (engine) {
    try {
      const [p, tiers] = await Promise.all([engine.params(), engine.validityTiers()]);
      fromEngine = {
        engine,
        m: {
          maintenance: p.maintenanceMultiplier,
          initial: p.initialMultiplier,
          source: "engine",
          tiers,
        },
      };
    } catch {
      // the chain section says why it could not connect; the desk falls back to the page's
    }
  }
  for (const f of listeners) f();
}

/** Calls `changed` whenever the engine's multipliers are read (or dropped). */
export function onMultipliers(changed: () => void): void {
  if (listeners.length === 0) on("chain", () => void refresh());
  listeners.push(changed);
}

/** The multipliers now, or undefined while the multiplier field does not parse. */
export function multipliers(): Multipliers | undefined {
  if (fromEngine && fromEngine.engine === state.engine) return fromEngine.m;
  try {
    return {
      maintenance: parseMultiplier(input("multiplier").value.trim(), "multiplier"),
      initial: DEFAULT_PARAMS.initialMultiplier,
      source: "page",
      tiers: null,
    };
  } catch {
    return undefined;
  }
}
