/**
 * Average daily volume (ADV) over the last `days` days of a bar history, in units of the
 * asset:
 *
 *   k   = min(n, round(days x 86400 / interval))     the last k bars
 *   ADV = (v_{n-k+1} + ... + v_n) / (k x interval / 86400)
 *
 * A history shorter than the window averages over what it has. Pure.
 */
import { ArgumentError } from "../../errors";
import { SECONDS_PER_DAY } from "../../bounds";

/** Days of volume the ADV averages by default. */
export const DEFAULT_ADV_DAYS = 30;

/** ADV of `volumes` (one per bar of `interval` seconds) over the last `days` days. */
export function averageDailyVolume(
  volumes: readonly number[],
  interval: number,
  days: number = DEFAULT_ADV_DAYS,
): number {
  if (volumes.length === 0) throw new ArgumentError("volumes", "must not be empty");
  if (!(interval > 0)) throw new ArgumentError("interval", "must be a positive number");
  if (!(days > 0)) throw new ArgumentError("days", "must be a positive number");
  const k = Math.max(1, Math.min(volumes.length, Math.round((days * SECONDS_PER_DAY) / interval)));
  let sum = 0;
  for (let i = volumes.length - k; i < volumes.length; i++) {
    if (!(volumes[i] >= 0)) throw new ArgumentError(`volumes[${i}]`, "must be >= 0");
    sum += volumes[i];
  }
  return sum / ((k * interval) / SECONDS_PER_DAY);
}

/** Bars needed to trade `amount` at `participation` x ADV per day (ADV > 0). */
export function liquidationBars(
  amount: number,
  adv: number,
  participation: number,
  interval: number,
): number {
  if (!(participation > 0)) throw new ArgumentError("participation", "must be a positive number");
  return ((amount / (participation * adv)) * SECONDS_PER_DAY) / interval;
}
