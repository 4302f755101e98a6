/**
 * Inputs and results of the margin backtest (src/risk-desk/backtest/replay.ts).
 */
import type { Balances, Portfolio } from "../../schema";
import type { PriceHistory } from "../history/types";
import type { ChristoffersenResult, ConditionalCoverageResult } from "./christoffersen";
import type { KupiecResult } from "./kupiec";

/** A test portfolio: positions and the account's collateral balances. */
export interface TestPortfolio {
  /** Name in the report (a file name, or e.g. "long BTC-PERP"). */
  name: string;
  portfolio: Portfolio;
  balances: Balances;
  /** Where the two came from, for error messages. */
  files?: { portfolio: string; balances: string };
}

/** The risk parameters of one day, and the model's horizon return distribution per group. */
export interface DayCalibration {
  /** Day boundary (unix s): only data with time <= day were used. */
  day: number;
  groups: Record<string, { psr: string; vsr: string }>;
  collateral: Record<string, { haircut: string }>;
  /** Per group: the model's simulated simple returns over the measured horizon, ascending. */
  returns: Record<string, Float64Array>;
}

/**
 * Calibrates on `histories` (each already cut at `day`: no bar after it) for the template
 * market; `horizonBars` is the horizon the backtest measures (for the model distribution).
 */
export type Calibrator = (
  histories: readonly PriceHistory[],
  day: number,
  horizonBars: number,
) => DayCalibration;

export interface BacktestOptions {
  /** Horizon in seconds; rounded UP to whole bars. */
  horizonSeconds: number;
  /** Days of history before the first test step (default 30). */
  warmupDays: number;
  /** Seconds between recalibrations (default 86400: daily, at UTC midnight). */
  recalibrateSeconds: number;
  /** A fixed policy exceedance probability instead of the model's (null: the model's). */
  target: number | null;
  /** Circuit instance the margin is computed for (default "standard"). */
  instance: string;
}

/** One test step of one portfolio slice (the portfolio's part in one group). */
export interface Observation {
  /** Step time t (unix s). */
  time: number;
  /** MM_t in USD (double, for charts; the comparison is exact in V). */
  margin: number;
  /** Equity_t - Equity_(t+h) in USD (double). */
  loss: number;
  exceeded: boolean;
  /** Model probability of an exceedance. */
  p: number;
}

/** The tests on one sequence (or pool of sequences) of observations. */
export interface CoverageSummary {
  observations: number;
  exceedances: number;
  rate: number;
  target: number;
  kupiec: KupiecResult;
  christoffersen: ChristoffersenResult;
  conditional: ConditionalCoverageResult;
  /** "pass" or which tests rejected at 5%. */
  verdict: string;
}

/** One portfolio slice: the portfolio's positions and collateral of one group. */
export interface SliceResult {
  /** The group id. */
  scope: string;
  observations: Observation[];
  summary: CoverageSummary;
}

export interface PortfolioResult {
  name: string;
  slices: SliceResult[];
  /** The portfolio's group slices pooled. */
  overall: CoverageSummary;
}

export interface BacktestResult {
  options: BacktestOptions & { horizonBars: number; interval: number };
  /** Whether the target is the model's probability or a fixed policy rate. */
  targetKind: "model" | "policy";
  /** Time range of the tests and number of steps. */
  from: number;
  to: number;
  steps: number;
  calibrations: number;
  portfolios: PortfolioResult[];
  /** Pooled over portfolios: per group, then "overall" (every group slice of every portfolio). */
  pooled: { scope: string; summary: CoverageSummary }[];
  /** The overall pooled tests passed (neither Kupiec nor Christoffersen rejected). */
  passed: boolean;
}
