/**
 * European options on the group's forward, valued with Black-76 at zero rate
 * (src/black76.ts) in doubles converted exactly to rationals, or at the exact intrinsic value
 * once expired (PROTOCOL section 3). The scenario shifts the implied volatility by the
 * group's vsr, scaled by time to expiry when the group has a tenor rule (./vsr-tenor.ts).
 */
import { z } from "zod";
import {
  Rational,
  add,
  cmp,
  decimalToRational,
  doubleToRational,
  mul,
  rationalToDouble,
  sub,
  ONE,
  ZERO,
} from "../decimal";
import { SECONDS_PER_YEAR } from "../bounds";
import { VolShift } from "../scenarios";
import { black76 } from "../black76";
import { decimal, integer, missingOr, positive } from "../format";
import { defineKind } from "./kind";
import { tenorScaledVsr } from "./vsr-tenor";

/** The volatility of a scenario: iv x (1 + vsr) up, iv x (1 - vsr) down, iv unchanged. */
function scenarioSigma(iv: Rational, vsr: Rational, vol: VolShift): Rational {
  if (vol === "up") return mul(iv, add(ONE, vsr));
  if (vol === "down") return mul(iv, sub(ONE, vsr));
  return iv;
}

/** A European call or put. */
export const option = defineKind({
  tag: "option",
  fields: {
    right: z.enum(["call", "put"], { errorMap: missingOr('must be "call" or "put"') }),
    strike: decimal(positive),
    expiry: integer(0, Number.MAX_SAFE_INTEGER),
    iv: decimal(positive),
  },
  value(inst, at) {
    const forward = at.forward;
    const strike = decimalToRational(inst.strike);
    if (inst.expiry <= at.timestamp) {
      const intrinsic = inst.right === "call" ? sub(forward, strike) : sub(strike, forward);
      return cmp(intrinsic, ZERO) > 0 ? intrinsic : ZERO;
    }
    const vsr = tenorScaledVsr(at.vsr, at.vsrTenor, inst.expiry, at.timestamp);
    const sigma = scenarioSigma(decimalToRational(inst.iv), vsr, at.vol);
    const v = black76(
      inst.right,
      rationalToDouble(forward),
      rationalToDouble(strike),
      (inst.expiry - at.timestamp) / SECONDS_PER_YEAR,
      rationalToDouble(sigma),
    );
    return doubleToRational(v);
  },
});
