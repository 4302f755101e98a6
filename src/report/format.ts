/**
 * How figures are written for people and JSON reports: USD amounts (exact, or rounded to
 * cents with thousands separators), margin multipliers and the health ratio.
 */
import { formatScaled } from "../decimal";
import { BPS, MULTIPLIER_DECIMALS, V_DECIMALS } from "../bounds";
import type { MarginResult } from "../margin";

/** V -> exact decimal USD string. */
export function usd(v: bigint): string {
  return formatScaled(v, V_DECIMALS);
}

/** USD rounded to cents with thousands separators, for display ("-1,234.56"). */
export function money(v: bigint): string {
  const s = formatScaled(v, V_DECIMALS, 2);
  const [int, frac] = s.split(".");
  const negative = int.startsWith("-");
  const digits = negative ? int.slice(1) : int;
  return `${negative ? "-" : ""}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

/**
 * A margin multiplier in basis points as a decimal: exact with trailing zeros dropped
 * (12500 -> "1.25", 10000 -> "1"), or with `decimals` fixed digits, rounded half away from
 * zero (10000 -> "1.0000" with 4, "1.00" with 2).
 */
export function formatMultiplier(bps: bigint, decimals?: number): string {
  return formatScaled(bps, MULTIPLIER_DECIMALS, decimals);
}

/** Health = Equity / MM with 4 decimals truncated toward zero, or null when MM = 0. */
export function healthString(r: MarginResult): string | null {
  if (r.maintenanceMargin === 0n) return null;
  return formatScaled((r.equity * BPS) / r.maintenanceMargin, 4, 4);
}
