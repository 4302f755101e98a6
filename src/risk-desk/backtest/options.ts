/**
 * Options of the backtest and their defaults (docs/RISK.md, "Backtest").
 */
import { ArgumentError } from "../../errors";
import { getInstance } from "../../instances";
import { SECONDS_PER_DAY } from "../../bounds";
import { DEFAULT_LIQUIDATION_HORIZON } from "../../chain/defaults";
import type { BacktestOptions } from "./types";

/** Days of history before the first test step. */
export const DEFAULT_WARMUP_DAYS = 30;

export const DEFAULT_BACKTEST_OPTIONS: Readonly<BacktestOptions> = Object.freeze({
  horizonSeconds: DEFAULT_LIQUIDATION_HORIZON,
  warmupDays: DEFAULT_WARMUP_DAYS,
  recalibrateSeconds: SECONDS_PER_DAY,
  target: null,
  instance: "standard",
});

/** The defaults overridden by `partial` (undefined entries ignored), checked. */
export function resolveBacktestOptions(partial: Partial<BacktestOptions> = {}): BacktestOptions {
  const defined = Object.fromEntries(
    Object.entries(partial).filter(([, v]) => v !== undefined),
  ) as Partial<BacktestOptions>;
  const o: BacktestOptions = { ...DEFAULT_BACKTEST_OPTIONS, ...defined };
  if (!(o.horizonSeconds > 0) || !Number.isFinite(o.horizonSeconds))
    throw new ArgumentError("horizonSeconds", "must be a positive number of seconds");
  if (!(o.warmupDays > 0) || !Number.isFinite(o.warmupDays))
    throw new ArgumentError("warmupDays", "must be a positive number of days");
  if (!Number.isInteger(o.recalibrateSeconds) || o.recalibrateSeconds < 1)
    throw new ArgumentError("recalibrateSeconds", "must be a positive integer");
  if (o.target !== null && !(o.target > 0 && o.target < 1))
    throw new ArgumentError("target", "must be a probability in (0, 1)");
  try {
    getInstance(o.instance);
  } catch (e) {
    throw new ArgumentError("instance", (e as Error).message);
  }
  return o;
}
