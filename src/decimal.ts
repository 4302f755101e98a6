/**
 * Exact decimal and rational arithmetic on BigInt.
 *
 * Human JSON carries numbers as decimal strings ("61000.25", "-3"). They are parsed
 * exactly (no floats) into a {@link Decimal}; all money maths uses {@link Rational}s and
 * rounds once, in the direction the protocol prescribes (PROTOCOL section 3).
 */

/** An exact rational `num / den` with `den > 0` (not necessarily reduced). */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** An exact decimal `units / 10^scale`, with trailing fractional zeros removed. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Grammar of decimal strings: optional minus, no leading zeros, optional fraction. */
const DECIMAL_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Longest decimal string accepted (guards BigInt parsing of absurd input). */
export const MAX_DECIMAL_LENGTH = 100;

/**
 * Parse a decimal string exactly. Returns `undefined` when the string is not of the form
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?` (no exponent, no "+", no leading or trailing dot, no
 * spaces). Trailing fractional zeros are accepted and do not count as decimals.
 */
export function parseDecimal(s: string): Decimal | undefined {
  if (s.length === 0 || s.length > MAX_DECIMAL_LENGTH || !DECIMAL_RE.test(s)) return undefined;
  const neg = s.startsWith("-");
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf(".");
  let intPart = dot < 0 ? body : body.slice(0, dot);
  let frac = dot < 0 ? "" : body.slice(dot + 1);
  frac = frac.replace(/0+$/, "");
  if (intPart === "") intPart = "0";
  const units = BigInt(intPart + frac) * (neg ? -1n : 1n);
  return { units, scale: frac.length };
}

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** The decimal as an exact rational. */
export function decimalToRational(d: Decimal): Rational {
  return { num: d.units, den: pow10(d.scale) };
}

/**
 * `d * 10^decimals` as an exact integer, or `undefined` when `d` has more than
 * `decimals` fractional digits.
 */
export function decimalToScaled(d: Decimal, decimals: number): bigint | undefined {
  if (d.scale > decimals) return undefined;
  return d.units * pow10(decimals - d.scale);
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A rational in lowest terms (den > 0). */
export function rat(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError("rational with zero denominator");
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

export function add(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den + b.num * a.den, a.den * b.den);
}
export function sub(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den - b.num * a.den, a.den * b.den);
}
export function mul(a: Rational, b: Rational): Rational {
  return rat(a.num * b.num, a.den * b.den);
}
export function div(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den, a.den * b.num);
}
export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}
/** Sign of a rational: -1, 0 or 1. */
export function cmp(a: Rational, b: Rational): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Largest integer <= r. */
export function floorRat(r: Rational): bigint {
  const q = r.num / r.den; // truncates toward zero
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

/** Smallest integer >= r. */
export function ceilRat(r: Rational): bigint {
  const q = r.num / r.den;
  return r.num > 0n && q * r.den !== r.num ? q + 1n : q;
}

/** Nearest integer to r, halves away from zero. */
export function roundHalfAwayRat(r: Rational): bigint {
  const a = r.num < 0n ? -r.num : r.num;
  const q = (2n * a + r.den) / (2n * r.den);
  return r.num < 0n ? -q : q;
}

/** Integer division truncated toward zero (BigInt's `/`), named for clarity. */
export function truncDiv(a: bigint, b: bigint): bigint {
  return a / b;
}

/**
 * The exact value of a finite IEEE-754 double as a rational (every double is
 * `m * 2^e` with integer m and e). Throws on NaN or infinities.
 */
export function doubleToRational(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite double: ${x}`);
  if (x === 0) return ZERO;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) {
    e = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return e >= 0 ? rat(sign * (mant << BigInt(e))) : rat(sign * mant, 1n << BigInt(-e));
}

/**
 * A rational as a double: `Number(num) / Number(den)` after scaling both below 2^1000.
 * Deterministic (IEEE division); used only for Black-76 inputs.
 */
export function rationalToDouble(r: Rational): number {
  let { num, den } = r;
  const limit = 1n << 1000n;
  while ((num < 0n ? -num : num) >= limit || den >= limit) {
    num >>= 64n;
    den >>= 64n;
  }
  return Number(num) / Number(den);
}

/**
 * `x / 10^scale` as an exact decimal string without trailing zeros ("61000.25", "-3").
 * With `fixed`, pads or rounds (half away from zero) to exactly `fixed` decimals.
 */
export function formatScaled(x: bigint, scale: number, fixed?: number): string {
  if (fixed !== undefined && fixed < scale) {
    x = roundHalfAwayRat({ num: x, den: pow10(scale - fixed) });
    scale = fixed;
  }
  const negative = x < 0n;
  const a = negative ? -x : x;
  const p = pow10(scale);
  const int = a / p;
  let frac = scale > 0 ? (a % p).toString().padStart(scale, "0") : "";
  if (fixed === undefined) frac = frac.replace(/0+$/, "");
  else frac = frac.padEnd(fixed, "0");
  const body = frac ? `${int}.${frac}` : `${int}`;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** A rational as an exact decimal string if it terminates, else rounded to 30 decimals. */
export function formatRational(r: Rational): string {
  let d = r.den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d === 1n) {
    const scale = Math.max(twos, fives);
    return formatScaled((r.num * pow10(scale)) / r.den, scale);
  }
  return formatScaled(roundHalfAwayRat(mul(r, rat(pow10(30)))), 30);
}
