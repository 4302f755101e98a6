/**
 * The checks every history format shares, each failure an {@link InputError} naming the file,
 * the place (`row 12, column close` for CSV, `prices[11][1]` for JSON) and the rule:
 *
 * - a price must be a number > 0; a volume a number >= 0 (no NaN, no infinity);
 * - times strictly increasing: an equal time is a duplicate ("duplicate time
 *   2025-01-02T00:00:00Z, also at row 5"), an earlier one is out of order;
 * - constant spacing: the interval is the most common spacing between consecutive bars (the
 *   smallest on a tie); any other spacing is refused — a multiple of the interval as a gap
 *   naming the first missing time, anything else as irregular spacing — naming both rows;
 * - at least {@link MIN_ROWS} bars (29 returns), so estimates have something to stand on.
 *
 * Rows are numbered as a text editor shows them: a CSV header is row 1.
 */

import { InputError } from "../../errors";
import { formatSpacing, isoTime } from "./time";

/** Fewest bars a history may have. */
export const MIN_ROWS = 30;

/** One parsed bar and where it came from. */
export interface Bar {
  time: number;
  close: number;
  volume?: number;
  /** The bar's place in the file: `row 12` or `prices[11]`. */
  label: string;
  /** The place of its time: `row 12, column time` or `prices[11][0]`. */
  timePath: string;
}

/** The checked series of a history (the fields of PriceHistory a parser fills). */
export interface CheckedSeries {
  times: number[];
  closes: number[];
  volumes?: number[];
  interval: number;
}

/** The place of a CSV cell: `row 12, column close`. */
export function cellPath(line: number, column: string): string {
  return `row ${line}, column ${column}`;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number cell, or an InputError at `path`. */
export function parseNumber(raw: string, file: string, path: string): number {
  const s = raw.trim();
  if (s === "") throw new InputError(file, path, "missing value");
  const v = NUMBER_RE.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(v)) throw new InputError(file, path, `not a number: ${JSON.stringify(raw)}`);
  return v;
}

/** A price cell: a number > 0. */
export function parsePrice(raw: string, file: string, path: string): number {
  return checkPrice(parseNumber(raw, file, path), file, path);
}

/** A price value: finite and > 0. */
export function checkPrice(v: number, file: string, path: string): number {
  if (!Number.isFinite(v)) throw new InputError(file, path, "not a number");
  if (!(v > 0)) throw new InputError(file, path, `price must be > 0 (got ${v})`);
  return v;
}

/** A volume cell: a number >= 0. */
export function parseVolume(raw: string, file: string, path: string): number {
  return checkVolume(parseNumber(raw, file, path), file, path);
}

/** A volume value: finite and >= 0. */
export function checkVolume(v: number, file: string, path: string): number {
  if (!Number.isFinite(v)) throw new InputError(file, path, "not a number");
  if (!(v >= 0)) throw new InputError(file, path, `volume must be >= 0 (got ${v})`);
  return v;
}

/** The most common positive spacing (smallest on a tie). */
export function modeSpacing(times: readonly number[]): number {
  const counts = new Map<number, number>();
  for (let k = 1; k < times.length; k++) {
    const d = times[k] - times[k - 1];
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of counts)
    if (c > bestCount || (c === bestCount && d < best)) {
      best = d;
      bestCount = c;
    }
  return best;
}

function checkOrder(bars: readonly Bar[], file: string): void {
  const seen = new Map<number, string>();
  for (let k = 0; k < bars.length; k++) {
    const b = bars[k];
    const first = seen.get(b.time);
    if (first !== undefined)
      throw new InputError(file, b.timePath, `duplicate time ${isoTime(b.time)}, also at ${first}`);
    if (k > 0 && b.time < bars[k - 1].time)
      throw new InputError(
        file,
        b.timePath,
        `time ${isoTime(b.time)} is before ${isoTime(bars[k - 1].time)} of ${bars[k - 1].label}: ` +
          `bars must be in increasing time order`,
      );
    seen.set(b.time, b.label);
  }
}

function checkSpacing(bars: readonly Bar[], interval: number, file: string): void {
  for (let k = 1; k < bars.length; k++) {
    const prev = bars[k - 1];
    const b = bars[k];
    const d = b.time - prev.time;
    if (d === interval) continue;
    const between = `between ${prev.label} (${isoTime(prev.time)}) and ${b.label} (${isoTime(b.time)})`;
    const every = `the interval is ${formatSpacing(interval)} (the most common spacing)`;
    const ratio = d / interval;
    if (Number.isInteger(ratio))
      throw new InputError(
        file,
        b.timePath,
        `gap: no bar at ${isoTime(prev.time + interval)}` +
          (ratio > 2 ? ` (${ratio - 1} bars missing)` : "") +
          ` ${between}; ${every}`,
      );
    throw new InputError(
      file,
      b.timePath,
      `irregular spacing: ${formatSpacing(d)} ${between}; ${every}`,
    );
  }
}

/**
 * Checks parsed bars (in file order) and returns the series. `emptyPath` names the place to
 * report a file without bars (e.g. `row 2`). Volumes are kept when every bar has one.
 */
export function checkBars(
  bars: readonly Bar[],
  file: string,
  options: { minRows?: number; emptyPath: string },
): CheckedSeries {
  const minRows = options.minRows ?? MIN_ROWS;
  if (bars.length === 0) throw new InputError(file, options.emptyPath, "no data rows");
  checkOrder(bars, file);
  if (bars.length < minRows)
    throw new InputError(
      file,
      bars[bars.length - 1].label,
      `only ${bars.length} bars; at least ${minRows} are needed`,
    );
  const times = bars.map((b) => b.time);
  const interval = modeSpacing(times);
  checkSpacing(bars, interval, file);
  const out: CheckedSeries = { times, closes: bars.map((b) => b.close), interval };
  if (bars.every((b) => b.volume !== undefined)) out.volumes = bars.map((b) => b.volume ?? 0);
  return out;
}

/** Options every parser takes. */
export interface ParseOptions {
  /** Fewest bars accepted (default {@link MIN_ROWS}). */
  minRows?: number;
}
