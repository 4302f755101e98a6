/**
 * The solvency check the circuit makes at a multiplier (PROTOCOL section 4): Equity >= 0 and
 * 10000 * Equity >= M * MM. computeMargin's `solvent` and the validity-tier choice
 * (src/chain/tiers.ts) both use it.
 */
import { BPS } from "../bounds";

/** The margin figures the check reads (a MarginResult has them), in V. */
export interface SolvencyFigures {
  equity: bigint;
  maintenanceMargin: bigint;
}

/** Whether `margin` passes the circuit's check at `multiplierBps` (basis points). */
export function solventAt(margin: SolvencyFigures, multiplierBps: bigint): boolean {
  return margin.equity >= 0n && BPS * margin.equity >= multiplierBps * margin.maintenanceMargin;
}
