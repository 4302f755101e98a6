/**
 * Axis arithmetic for the risk desk's SVG charts: "nice" tick values (steps of 1, 2 or 5
 * times a power of ten), readable number labels (1.2k, 3.4M, 0.05) and UTC date labels
 * (YYYY-MM-DD, with HH:MM when the ticks are less than a day apart).
 */

/** Tick positions and the (widened) domain they cover. */
export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** The smallest step of the form {1, 2, 5} x 10^k that is >= raw. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  const m = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
  return m * p;
}

/** Round off the float noise of k * step (e.g. 0.30000000000000004 -> 0.3). */
function clean(v: number, step: number): number {
  const decimals = Math.max(0, Math.min(15, 1 - Math.floor(Math.log10(step))));
  const r = Number(v.toFixed(decimals));
  return r === 0 ? 0 : r;
}

/** About `target` nice ticks covering [min, max]; the domain widens to whole steps. */
export function linearTicks(min: number, max: number, target = 6): Ticks {
  let lo = min;
  let hi = max;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, target));
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(clean(k * step, step));
  return { min: values[0], max: values[values.length - 1], step, values };
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
/** Time steps a date axis may use (seconds). */
const TIME_STEPS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  182 * DAY,
  365 * DAY,
];

/**
 * About `target` ticks over [min, max] unix seconds at a sensible time step, at multiples of
 * the step counted from 1970-01-01 UTC (weekly ticks from a Thursday, longer steps approximate
 * months). The domain is not widened: time axes end at the data.
 */
export function timeTicks(min: number, max: number, target = 6): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) {
    const t = Number.isFinite(min) ? min : 0;
    return { min: t - DAY / 2, max: t + DAY / 2, step: DAY, values: [t] };
  }
  const raw = (max - min) / Math.max(1, target);
  let step = TIME_STEPS.find((s) => s >= raw);
  if (step === undefined) step = 365 * DAY * niceStep(raw / (365 * DAY));
  const values: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) values.push(t);
  return { min, max, step, values };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** A unix time in seconds as `YYYY-MM-DD` (UTC), or `YYYY-MM-DD HH:MM` with `withTime`. */
export function formatDate(t: number, withTime = false): string {
  const d = new Date(t * 1000);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return withTime ? `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : date;
}

/** Labels of time ticks: dates, with the time of day when the step is under a day. */
export function formatTimeTicks(ticks: Ticks): string[] {
  return ticks.values.map((t) => formatDate(t, ticks.step < DAY));
}

/** [divisor, suffix, from]: the largest tick size from which the suffix is used. */
const SUFFIXES: [number, string, number][] = [
  [1e12, "T", 1e12],
  [1e9, "B", 1e9],
  [1e6, "M", 1e6],
  [1e3, "k", 1e4],
];

/**
 * Labels of number ticks with one scale for the whole axis: k when the largest tick is >= 10,000
 * in size (12k), M from 1e6 (1.5M), B from 1e9, T from 1e12, else plain (2850); decimals just
 * enough for the step; zero as 0.
 */
export function formatNumberTicks(ticks: Ticks): string[] {
  const big = Math.max(...ticks.values.map((v) => Math.abs(v)));
  let scale = 1;
  let suffix = "";
  for (const [s, name, from] of SUFFIXES) {
    if (big >= from) {
      scale = s;
      suffix = name;
      break;
    }
  }
  return ticks.values.map((v) =>
    v === 0 && suffix ? "0" : formatNumber(v / scale, ticks.step / scale) + suffix,
  );
}

/** `v` with the decimals a tick `step` needs (no "-0"). */
export function formatNumber(v: number, step: number): string {
  const decimals = step > 0 ? Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9))) : 2;
  const s = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}
