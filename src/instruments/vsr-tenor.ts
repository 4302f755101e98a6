/**
 * The volatility shock by time to expiry (SPEC 7.1, `groups[].vsrTenor`; risk table only,
 * no circuit change): an option's volatility scan range is
 *
 *     min(VSR_g x (days / max(DTE, 1))^power, 0.95),   DTE = (expiry - timestamp) / 86400
 *
 * in doubles (as Black-76), so short-dated options take a larger volatility shock. Without
 * `vsrTenor` the group's VSR is used exactly (a v1 market keeps its risk root). Futures and
 * perpetuals are volatility-free: the scaled range never reaches them.
 */
import { Rational, doubleToRational, rationalToDouble } from "../decimal";
import { SECONDS_PER_DAY } from "../bounds";
import { exp, log } from "../libm";

/** `groups[].vsrTenor` as exact rationals. */
export interface VsrTenor {
  /** Reference tenor in days (> 0). */
  days: Rational;
  /** Exponent (>= 0). */
  power: Rational;
}

/** The largest volatility scan range a tenor-scaled option takes. */
export const VSR_TENOR_CAP = 0.95;

/**
 * The volatility scan range of an option expiring at `expiry` (seconds) in a market at
 * `timestamp`: the group's `vsr` itself without a tenor rule, else the scaled, capped value.
 */
export function tenorScaledVsr(
  vsr: Rational,
  tenor: VsrTenor | undefined,
  expiry: number,
  timestamp: number,
): Rational {
  if (tenor === undefined) return vsr;
  const dte = Math.max((expiry - timestamp) / SECONDS_PER_DAY, 1);
  // x^p as exp(p ln x): only the double operations PROTOCOL section 3 lists (src/libm.ts:
  // the same bits in every JavaScript engine, not Math.exp / Math.log)
  const factor = exp(rationalToDouble(tenor.power) * log(rationalToDouble(tenor.days) / dte));
  const scaled = rationalToDouble(vsr) * factor;
  return doubleToRational(Math.min(scaled, VSR_TENOR_CAP));
}
