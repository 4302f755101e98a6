/**
 * Where a risk table compiled in this browser first differs from the loaded one, to name it
 * when a market is refused. The SDK compiles bit for bit alike in every JavaScript engine
 * (Black-76 and the vol-tenor power use src/libm.ts, not Math.exp / Math.log, which differ
 * between V8 versions), so a market is accepted only with the same risk root.
 */
import { type RiskTable, serializeRiskTable } from "../../src/browser";

/** The first field (dotted path) where `mine` and `loaded` differ, or undefined if none. */
export function firstDifference(mine: RiskTable, loaded: RiskTable): string | undefined {
  const a = JSON.parse(serializeRiskTable(mine)) as unknown;
  const b = JSON.parse(serializeRiskTable(loaded)) as unknown;
  const walk = (x: unknown, y: unknown, path: string[]): string | undefined => {
    if (path.length === 1 && path[0] === "roots") return undefined; // derived from the rest
    if (typeof x === "object" && x !== null && typeof y === "object" && y !== null) {
      const kx = Object.keys(x);
      const ky = Object.keys(y);
      if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i]))
        return path.join(".") || "(root)";
      for (const k of kx) {
        const d = walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], [
          ...path,
          k,
        ]);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    return x === y ? undefined : path.join(".");
  };
  return walk(a, b, []);
}
