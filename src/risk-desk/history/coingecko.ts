/**
 * CoinGecko `/coins/{id}/market_chart` (or `/market_chart/range`) JSON:
 *
 *   { "prices": [[1735689600000, 93507.9], ...],
 *     "market_caps": [[...], ...],
 *     "total_volumes": [[1735689600000, 27105617315.6], ...] }
 *
 * Times are unix milliseconds; `prices` are USD; `market_caps` is ignored. Conversions, said
 * out loud because CoinGecko's numbers are not what the desk stores:
 *
 * - Volume: `total_volumes` is the trailing 24-hour volume in USD at each time. The desk
 *   stores units per bar: volume = usd24h / price (same index, times must match) *
 *   interval / 86400. For daily data that is the day's volume in units.
 * - Times: hourly data (2-90 day ranges) come a few seconds or minutes off the hour. When the
 *   median spacing is within 10% of 5 min, 1 h or 1 day, every time within 10% of a multiple
 *   of that spacing is snapped to it.
 * - The last point of a `market_chart` answer is the live price "now", off the grid: a last
 *   point that does not snap to the grid is dropped.
 *
 * Places in messages are JSON paths: `prices[11][1]`.
 */

import { z } from "zod";
import { InputError } from "../../errors";
import { parseWith } from "../../format";
import type { PriceHistory } from "./types";
import { type Bar, type ParseOptions, checkBars, checkPrice, checkVolume } from "./checks";
import { unixToSeconds } from "./time";

const pair = z.tuple([z.number().finite(), z.number().finite()]);
const schema = z.object({
  prices: z.array(pair),
  market_caps: z.array(z.unknown()).optional(),
  total_volumes: z.array(pair).optional(),
});

/** Spacings the snapping step knows (seconds). */
const GRIDS = [300, 3600, 86400];
const SNAP_TOLERANCE = 0.1;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

/** The grid spacing the times are near, if any (see the module comment). */
function grid(times: number[]): number | undefined {
  const spacings = times.slice(1).map((t, k) => t - times[k]);
  const med = median(spacings);
  return GRIDS.find((g) => Math.abs(med - g) <= SNAP_TOLERANCE * g);
}

function snapped(t: number, g: number | undefined): number | undefined {
  if (g === undefined) return t;
  const s = Math.round(t / g) * g;
  return Math.abs(t - s) <= SNAP_TOLERANCE * g ? s : undefined;
}

/** Parses and checks a CoinGecko market_chart JSON (see the module comment). */
export function parseCoingeckoHistory(
  text: string,
  id: string,
  source: string,
  options: ParseOptions = {},
): PriceHistory {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(source, "(file)", `not valid JSON (${(e as Error).message})`);
  }
  const data = parseWith(schema, json, source);
  const raw = data.prices.map(([ms]) => unixToSeconds(ms));
  const g = grid(raw);
  let n = data.prices.length;
  if (n > 1 && g !== undefined && snapped(raw[n - 1], g) === undefined) n--; // live "now" point

  const vols = data.total_volumes;
  if (vols && vols.length < n)
    throw new InputError(
      source,
      "total_volumes",
      `${vols.length} entries; prices has ${n} (they must pair up by time)`,
    );
  const bars: Bar[] = [];
  for (let k = 0; k < n; k++) {
    const [ms, price] = data.prices[k];
    const timePath = `prices[${k}][0]`;
    const t = snapped(raw[k], g) ?? raw[k];
    const bar: Bar = {
      time: t,
      close: checkPrice(price, source, `prices[${k}][1]`),
      label: `prices[${k}]`,
      timePath,
    };
    if (vols) {
      if (vols[k][0] !== ms)
        throw new InputError(
          source,
          `total_volumes[${k}][0]`,
          `time ${vols[k][0]} differs from prices[${k}][0] (${ms}); they must pair up by time`,
        );
      bar.volume = checkVolume(vols[k][1], source, `total_volumes[${k}][1]`); // USD for now
    }
    bars.push(bar);
  }
  const series = checkBars(bars, source, { minRows: options.minRows, emptyPath: "prices" });
  if (series.volumes) {
    const perBar = series.interval / 86400;
    series.volumes = series.volumes.map((usd, k) => (usd / series.closes[k]) * perBar);
  }
  return { id, source, format: "coingecko", ...series };
}
