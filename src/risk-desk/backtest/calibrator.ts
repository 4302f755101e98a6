/**
 * The backtest's daily calibration: `calibrate` (src/risk-desk/calibrate) on the histories cut
 * at the day boundary, with the v1 fields only (psr, vsr, haircut: what a margin uses today),
 * plus the model's own distribution of each group's horizon return over the horizon the
 * backtest measures (whole bars): the same filtered historical simulation the calibration
 * runs (same window, lambda, EWMA seed count, paths and PRNG seed), at `horizonBars`. When
 * the horizon is a whole number of bars it is exactly the sample the scan range came from.
 */
import { filteredHistoricalSimulation } from "../estimators";
import { calibrate } from "../calibrate/calibrate";
import { windowed } from "../calibrate/fit";
import type { CalibrationOptions } from "../calibrate/options";
import { logReturns } from "../history";
import type { PriceHistory } from "../history/types";
import type { Market } from "../../schema";
import type { Calibrator, DayCalibration } from "./types";

/** A {@link Calibrator} running `calibrate` for `market` with `options`. */
export function dailyCalibrator(
  market: Market,
  options: Partial<CalibrationOptions> = {},
): Calibrator {
  return (histories: readonly PriceHistory[], day: number, horizonBars: number): DayCalibration => {
    const cal = calibrate(histories, market, { ...options, v2Fields: false });
    const o = cal.options;
    const byId = new Map(histories.map((h) => [h.id, h]));
    const returns: Record<string, Float64Array> = {};
    for (const g of cal.groups) {
      const h = byId.get(g.id);
      if (!h || !g.calibrated) continue;
      const r = logReturns(windowed(h, o.windowDays).closes);
      const fhs = filteredHistoricalSimulation(r, [horizonBars], {
        lambda: o.lambda,
        seedCount: o.ewmaSeedCount,
        paths: o.paths,
        seed: o.seed,
      });
      returns[g.id] = fhs.samples[0].slice().sort();
    }
    return {
      day,
      groups: Object.fromEntries(cal.groups.map((g) => [g.id, { psr: g.psr, vsr: g.vsr }])),
      collateral: Object.fromEntries(cal.collateral.map((c) => [c.symbol, { haircut: c.haircut }])),
      returns,
    };
  };
}
