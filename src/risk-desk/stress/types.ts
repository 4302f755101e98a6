/**
 * Types shared by the stress test's modules (docs/STRESS.md): scenarios, the book, and the
 * per-account and per-scenario results. Money is in V (1e-30 USD, exact integers).
 */
import type { MarketMove } from "../market-move";
import type { Balances, Portfolio } from "../../schema";
import type { IntegerBalances, IntegerPortfolio } from "../../portfolio";

/** One stress scenario: a joint move of the market. */
export interface StressScenario {
  /** Unique name ("crypto crash", "historical #1: 2025-04-07 01:00 .. 02:00"). */
  name: string;
  kind: "historical" | "hypothetical";
  /** The full shock (t = 1). Only group/collateral `return` and group `volFactor` are used. */
  move: MarketMove;
  /** Historical windows: start and end bar times (unix s). */
  window?: { start: number; end: number };
}

/** One account of the venue's book as read from its files. */
export interface BookAccount {
  /** The account's name in the book (its file prefix or folder). */
  name: string;
  portfolio: Portfolio;
  balances: Balances;
  /** Where the files came from, for messages. */
  portfolioFile: string;
  balancesFile: string;
}

/** The venue's book: every account it knows, in name order. */
export interface Book {
  accounts: BookAccount[];
}

/** A book account in integers against the market's layout (instruments and slots). */
export interface IntegerAccount {
  name: string;
  portfolio: IntegerPortfolio;
  balances: IntegerBalances;
}

/** One account under one scenario (exact integers, V). */
export interface AccountOutcome {
  name: string;
  /** Equity before the shock (base market). */
  equityBefore: bigint;
  /** Equity after the full shock. */
  equity: bigint;
  /** Maintenance margin after the shock. */
  maintenanceMargin: bigint;
  /** max(0, -equity). */
  shortfall: bigint;
  /** Solvent at the maintenance multiplier before the shock. */
  solventBefore: boolean;
  /** Solvent at the maintenance multiplier after the full shock. */
  solvent: boolean;
  /** Equity / MM after the shock in basis points (truncated), or null when MM = 0. */
  healthBps: bigint | null;
}

/** When an account first stops being solvent as the market walks toward a scenario. */
export interface LapsePoint {
  name: string;
  /** Fraction of the shock in (0, 1] (a grid point); 0 = not solvent before the shock. */
  t: number;
}

/** The lapse order of one scenario. */
export interface LapseOrder {
  /** Grid of shock fractions, ascending, ending at 1. */
  grid: number[];
  /** Accounts that stop being solvent by t = 1, ascending t (ties: name order). */
  lapses: LapsePoint[];
  /** Cumulative number of accounts not solvent at each grid point (t = 0 first). */
  cumulative: number[];
}
