/**
 * `exp` and `log` in plain IEEE-754 double arithmetic, identical on every JavaScript engine.
 *
 * Why: the risk table (and so the risk root of a market) depends on Black-76 values, which
 * need exp and log. `Math.exp` / `Math.log` are implementation-approximated in ECMAScript:
 * engines differ, and so do versions of one engine (V8 replaced its fdlibm `log` by LLVM
 * libc's; Node 20 and Chromium 156 were measured to disagree on 2 to 10% of exp and log
 * results, depending on the inputs). These functions use only `+ - * /`, comparisons and
 * exact bit moves through a DataView, each of which IEEE 754 and ECMAScript define to the
 * bit, so every engine on every platform returns the same double.
 *
 * Where from: a line-by-line port of `ieee754::exp` and `ieee754::log` in V8's
 * src/base/ieee754.cc as shipped in V8 11.3 (Node 20), which are FreeBSD msun / fdlibm
 * e_exp.c and e_log.c: same constants, same operation order (C double arithmetic without
 * FMA contraction is JavaScript number arithmetic). They therefore equal Node 20's
 * `Math.exp` / `Math.log` on x86-64 bit for bit, which is what the frozen v1 risk roots were
 * computed with; test/sdk/libm.test.ts checks this on a million inputs and pins a table of
 * results. Floating-point exception flags (inexact, overflow) have no JavaScript meaning and
 * are not reproduced; the values are.
 *
 * License: e_exp.c and e_log.c carry this notice, which must be preserved:
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 *
 * (V8's ieee754.cc carries the same notice, with "Developed at SunSoft", and adds: "The
 * original source code covered by the above license above has been modified significantly
 * by Google Inc. Copyright 2016 the V8 project authors.") This file follows V8's version.
 */

const view = new DataView(new ArrayBuffer(8));

/** High 32 bits (sign, exponent, top of the significand) of `x`, as a signed int32. */
function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

/** Low 32 bits of the significand of `x`, as an unsigned int32. */
function lowWord(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(4);
}

/** The double whose high word is `hi` and low word is `lo`. */
function fromWords(hi: number, lo: number): number {
  view.setInt32(0, hi | 0);
  view.setUint32(4, lo >>> 0);
  return view.getFloat64(0);
}

const HALF = [0.5, -0.5];
const O_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
const U_THRESHOLD = -7.4513321910194110842e2; // 0xC0874910 D52D3051
const LN2HI = [6.9314718036912381649e-1, -6.9314718036912381649e-1]; // 0x3FE62E42 FEE00000
const LN2LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10]; // 0x3DEA39EF 35793C76
const INVLN2 = 1.442695040888963387; // 0x3FF71547 652B82FE
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.6533902205465251539e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0
const E = 2.718281828459045; // 0x4005BF0A 8B145769
const HUGE = 1.0e300;
const TWOM1000 = 9.3326361850321887899e-302; // 2^-1000
const TWO1023 = 8.988465674311579539e307; // 2^1023

/**
 * e^x, bit for bit V8 11.3's `ieee754::exp` (fdlibm e_exp.c): x = k ln2 + r with
 * |r| <= ln2/2, exp(r) by a degree-5 Remez rational form, scaled by 2^k. Error < 1 ulp.
 */
export function exp(x: number): number {
  let hx = highWord(x);
  const xsb = (hx >>> 31) & 1; // sign bit of x
  hx &= 0x7fffffff; // high word of |x|
  let hi = 0;
  let lo = 0;
  let k = 0;

  // filter out non-finite argument
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0; // exp(+-inf) = {inf, 0}
    }
    if (x > O_THRESHOLD) return HUGE * HUGE; // overflow
    if (x < U_THRESHOLD) return TWOM1000 * TWOM1000; // underflow
  }

  // argument reduction
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2; V8 special-cases exp(1) to return the correctly rounded e
      if (x === 1) return E;
      hi = x - LN2HI[xsb];
      lo = LN2LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INVLN2 * x + HALF[xsb]); // C's (int) conversion truncates
      const t = k;
      hi = x - t * LN2HI[0]; // t*ln2HI is exact here
      lo = t * LN2LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    if (HUGE + x > 1) return 1 + x; // always true; C raises inexact here
  } else {
    k = 0;
  }

  // x is now in primary range
  const t = x * x;
  const twopk =
    k >= -1021
      ? fromWords(0x3ff00000 + (k << 20), 0)
      : fromWords(0x3ff00000 + ((k + 1000) << 20), 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO1023;
    return y * twopk;
  }
  return y * twopk * TWOM1000;
}

const LN2_HI = 6.9314718036912381649e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.8014398509481984e16; // 0x43500000 00000000
const LG1 = 6.66666666666673513e-1; // 0x3FE55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
const LG3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

/**
 * Natural logarithm, bit for bit V8 11.3's `ieee754::log` (fdlibm e_log.c): x = 2^k (1+f)
 * with sqrt(2)/2 < 1+f < sqrt(2), log(1+f) = f - s(f - R) with s = f/(2+f) and R a Remez
 * polynomial in s^2. Error < 1 ulp. log(+-0) = -Infinity, log(negative) = NaN.
 */
export function log(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(+-0) = -inf
    if (hx < 0) return NaN; // log(-#) = NaN
    k -= 54;
    x *= TWO54; // subnormal number, scale up x
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = fromWords(hx | (i ^ 0x3ff00000), lowWord(x)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      const dk = k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - R;
    const dk = k;
    return dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}
