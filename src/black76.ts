/**
 * Black-76 with zero interest rate, in IEEE-754 doubles (PROTOCOL section 3).
 *
 * The normal CDF uses W. J. Cody's rational Chebyshev approximations of erfc
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
 * 631-637; the netlib SPECFUN routine CALERF), relative error below about 1e-16 in
 * each of its three intervals. Only `+ - * /`, exact operations (`Math.abs`, `Math.trunc`,
 * `Math.max`), `Math.sqrt` (correctly rounded by IEEE 754, so the same everywhere) and the
 * pure-arithmetic `exp` / `log` of ./libm are used, so every JavaScript engine and version
 * computes the same bits. `Math.exp` / `Math.log` are not used: they differ between engines
 * and between V8 versions (Node 20 and Chromium 156 disagree on 2 to 10% of exp and log
 * results); ./libm equals Node 20's bit for bit, so the v1 risk roots are unchanged.
 */

import { exp, log } from "./libm";

const A = [
  3.1611237438705656, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3,
  1.85777706184603153e-1,
];
const B = [
  2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3,
];
const C = [
  5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2,
  8.8195222124176909e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3,
  2.15311535474403846e-8,
];
const D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3,
  3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
const PP = [
  3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
  6.58749161529837803e-4, 1.63153871373020978e-2,
];
const Q = [
  2.56852019228982242, 1.87295284992346047, 5.27905102951428412e-1, 6.05183413124413191e-2,
  2.33520497626869185e-3,
];
const SQRPI = 0.56418958354775628695; // 1/sqrt(pi)
const THRESH = 0.46875;
const XBIG = 26.543;

/** Complementary error function erfc(x), Cody's CALERF (jint = 1). */
export function erfc(x: number): number {
  const y = Math.abs(x);
  let result: number;
  if (y <= THRESH) {
    const z = y * y;
    let xnum = A[4] * z;
    let xden = z;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]) * z;
      xden = (xden + B[i]) * z;
    }
    return 1 - (x * (xnum + A[3])) / (xden + B[3]);
  } else if (y <= 4) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    result = (xnum + C[7]) / (xden + D[7]);
    const ysq = Math.trunc(y * 16) / 16;
    const del = (y - ysq) * (y + ysq);
    result = exp(-ysq * ysq) * exp(-del) * result;
  } else if (y >= XBIG) {
    result = 0;
  } else {
    const z = 1 / (y * y);
    let xnum = PP[5] * z;
    let xden = z;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + PP[i]) * z;
      xden = (xden + Q[i]) * z;
    }
    result = (z * (xnum + PP[4])) / (xden + Q[4]);
    result = (SQRPI - result) / y;
    const ysq = Math.trunc(y * 16) / 16;
    const del = (y - ysq) * (y + ysq);
    result = exp(-ysq * ysq) * exp(-del) * result;
  }
  return x < 0 ? 2 - result : result;
}

/** Standard normal CDF: N(x) = erfc(-x / sqrt 2) / 2. */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** Option right. */
export type OptionRight = "call" | "put";

/**
 * Black-76 value per unit of the underlying with zero rate: forward `f`, strike `k`,
 * time to expiry `t` in years, volatility `sigma`. `t <= 0` (expired) gives the
 * intrinsic value. Never negative.
 */
export function black76(
  right: OptionRight,
  f: number,
  k: number,
  t: number,
  sigma: number,
): number {
  if (!(f > 0) || !(k > 0) || !(sigma > 0) || !Number.isFinite(t)) {
    throw new RangeError("black76: need f > 0, k > 0, sigma > 0 and finite t");
  }
  if (t <= 0) return right === "call" ? Math.max(0, f - k) : Math.max(0, k - f);
  const sd = sigma * Math.sqrt(t);
  const d1 = (log(f / k) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  const v =
    right === "call" ? f * normCdf(d1) - k * normCdf(d2) : k * normCdf(-d2) - f * normCdf(-d1);
  return Math.max(0, v);
}
