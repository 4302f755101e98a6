/** The messages between the page and the distance worker (./whatif-worker.ts). */
import type { DistanceReport, IntegerBalances, IntegerPortfolio } from "../../src/browser";

export interface DistanceRequest {
  id: number;
  marketText: string;
  marketName: string;
  instance: string;
  portfolio: IntegerPortfolio;
  balances: IntegerBalances;
  /** Maintenance then initial, basis points. */
  multipliers: bigint[];
}

export type DistanceResponse =
  | { id: number; ok: true; reports: DistanceReport[]; ms: number }
  | { id: number; ok: false; error: string };
