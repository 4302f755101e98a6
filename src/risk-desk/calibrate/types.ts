/**
 * What `calibrate` returns: every figure of the calibration, the market.json decimals (v1
 * fields psr, vsr, haircut; SPEC 7.1 fields correlation, tiers, concentration, written to the
 * fragment and the merged market where estimated) and the statistics behind them (doubles).
 */
import type { Concentration, Tier } from "../estimators";
import type { CalibrationOptions } from "./options";

/** The span of a history a figure was estimated from. */
export interface DataRange {
  /** The history file. */
  source: string;
  /** First and last bar used, unix seconds. */
  from: number;
  to: number;
  /** Bar spacing, seconds. */
  interval: number;
  /** Bars used. */
  bars: number;
}

/** Statistics of one calibrated history (null on an entry kept from market.json). */
export interface HistoryStats {
  range: DataRange;
  /** Returns used (after the window). */
  observations: number;
  /** Liquidation horizon in bars: horizonSeconds / interval. */
  horizonBars: number;
  /** Current EWMA volatility forecast per bar. */
  sigma: number;
  /** sigma x sqrt(bars per year), a year of 365 days (crypto trades every day). */
  sigmaAnnualised: number;
  /** Average daily volume over the last advDays days, units of the asset; null without volume. */
  adv: number | null;
}

export interface GroupCalibration {
  id: string;
  /** False: no history, psr and vsr are market.json's and `stats` is null. */
  calibrated: boolean;
  /** PSR: ES_c of |R| over the horizon, rounded up to 4 decimals. */
  psr: string;
  /** VSR: ES_c of the relative change of the EWMA volatility over the horizon, rounded up. */
  vsr: string;
  /** v2 field: correlation to the market factor, rounded down; null when not estimated. */
  correlation: string | null;
  stats: HistoryStats | null;
  /** ES_c and VaR_c of |R| over the horizon (doubles); null when kept. */
  esAbs: number | null;
  varAbs: number | null;
  /** ES_c of the relative volatility change (before rounding); null when kept. */
  esVol: number | null;
}

export interface CollateralCalibration {
  symbol: string;
  /** False: no history of this symbol, the haircut is market.json's. */
  calibrated: boolean;
  /** ES_c of the long loss -R over the horizon, rounded up, >= minHaircut, <= 0.99. */
  haircut: string;
  /** v2 field: tiers from volume (absent without volume or when not estimated). */
  tiers?: Tier[];
  stats: HistoryStats | null;
  /** ES_c of -R over the horizon (double); null when kept. */
  esLong: number | null;
}

export interface InstrumentCalibration {
  id: string;
  group: string;
  /** v2 field: concentration add-on (absent when the group has no volume history). */
  concentration?: Concentration;
}

export interface Calibration {
  version: 1;
  /** The options used (defaults filled in). */
  options: CalibrationOptions;
  /** The market factor of the correlations: "equal-weighted" or a group id. */
  factor: string;
  groups: GroupCalibration[];
  collateral: CollateralCalibration[];
  instruments: InstrumentCalibration[];
  /** History ids that name no group and no collateral token (not used). */
  unused: string[];
  /** Plain-language notes: entries kept from market.json, estimates not made, ... */
  notes: string[];
}
