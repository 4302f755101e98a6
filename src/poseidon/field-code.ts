/**
 * WebAssembly code for BN254 scalar-field arithmetic, used by src/poseidon/field-module.ts.
 *
 * An element is 9 limbs of 29 bits (each in a 32-bit word: 36 bytes, little-endian), in
 * Montgomery form with R = 2^261. Products of two limbs take 58 bits, so a column of the
 * schoolbook product sums 36 of them in a 64-bit local before any carry is needed: no
 * carry chain per product, and a dot product of up to 17 terms needs one reduction only.
 *
 * Bounds (p < 2^254, so p / R < 2^-7.4): REDC(T) < T / R + p. Stored values stay below 2p:
 * mul of two values below 2p gives < 1.03 p; a dot product of up to 17 constants (< p) with
 * values (< 2p) gives < 1.21 p; add and mulAdd subtract 2p when the sum reaches it. Only
 * `store` makes a value canonical (< p).
 */
import { OP, get, i64, load32, load64, set, store32, store64, tee } from "./wasm-emit";
import { P } from "../field";

export const LIMBS = 9;
export const BITS = 29;
/** Bytes per element. */
export const ELEM = 4 * LIMBS;
const MASK = (1n << BigInt(BITS)) - 1n;

/** Limbs of a bigint below 2^261. */
export function limbsOf(x: bigint): bigint[] {
  return Array.from({ length: LIMBS }, (_, j) => (x >> BigInt(BITS * j)) & MASK);
}

const PL = limbsOf(P);
const P2L = limbsOf(2n * P);
/** -p^-1 mod 2^29. */
const Q_INV = (() => {
  let inv = 1n; // Newton: inv = inv (2 - p inv) mod 2^29
  for (let k = 0; k < 5; k++) inv = (inv * (2n - PL[0] * inv)) & MASK;
  return (MASK + 1n - inv) & MASK;
})();

/** `x & (2^29 - 1)` and `x >> 29` on the i64 on the stack. */
export const mask = [...i64(MASK), OP.i64And];
export const shr = [...i64(BigInt(BITS)), OP.i64ShrU];

/** Code that loads the 9 limbs at the address in i32 local `ptr` into i64 locals `to`. */
export function loadLimbs(ptr: number, to: readonly number[]): number[] {
  return to.flatMap((l, j) => [...get(ptr), ...load32(4 * j), ...set(l)]);
}

/** `acc[i + j] += a[i] b[j]` for all limbs (locals). */
export function accumulate(
  acc: readonly number[],
  a: readonly number[],
  b: readonly number[],
): number[] {
  const code: number[] = [];
  for (let i = 0; i < LIMBS; i++)
    for (let j = 0; j < LIMBS; j++) {
      code.push(...get(acc[i + j]), ...get(a[i]), ...get(b[j]), OP.i64Mul, OP.i64Add);
      code.push(...set(acc[i + j]));
    }
  return code;
}

/** Carries acc[from..to-1] into the next column: acc[l + 1] += acc[l] >> 29, acc[l] &= mask. */
export function normalize(acc: readonly number[], from: number, to: number): number[] {
  const code: number[] = [];
  for (let l = from; l < to; l++) {
    code.push(...get(acc[l + 1]), ...get(acc[l]), ...shr, OP.i64Add, ...set(acc[l + 1]));
    code.push(...get(acc[l]), ...mask, ...set(acc[l]));
  }
  return code;
}

/**
 * Montgomery reduction of acc[0..17] (columns below 2^62.5): leaves T / R mod p, below
 * T / R + p, in acc[9..17], normalized. `m` is an i64 scratch local.
 */
export function redc(acc: readonly number[], m: number): number[] {
  const code: number[] = [];
  for (let i = 0; i < LIMBS; i++) {
    code.push(...get(acc[i]), ...i64(Q_INV), OP.i64Mul, ...mask, ...set(m));
    for (let j = 0; j < LIMBS; j++)
      code.push(
        ...get(acc[i + j]),
        ...get(m),
        ...i64(PL[j]),
        OP.i64Mul,
        OP.i64Add,
        ...set(acc[i + j]),
      );
    code.push(...get(acc[i + 1]), ...get(acc[i]), ...shr, OP.i64Add, ...set(acc[i + 1]));
  }
  return [...code, ...normalize(acc, LIMBS, 2 * LIMBS - 1)];
}

/**
 * Stores limbs `t` (normalized) at the address in local `r`, minus the modulus (limbs
 * `mod`) when they are not below it. `d`, `x`, `bor` are i64 scratch locals.
 */
export function condSubStore(
  r: number,
  t: readonly number[],
  d: readonly number[],
  x: number,
  bor: number,
  mod: "p" | "2p",
): number[] {
  const ml = mod === "p" ? PL : P2L;
  const code: number[] = [...i64(0n), ...set(bor)];
  for (let j = 0; j < LIMBS; j++) {
    code.push(...get(t[j]), ...i64(ml[j]), OP.i64Sub, ...get(bor), OP.i64Sub, ...tee(x));
    code.push(...i64(63n), OP.i64ShrU, ...set(bor), ...get(x), ...mask, ...set(d[j]));
  }
  for (let j = 0; j < LIMBS; j++) {
    code.push(...get(r), ...get(t[j]), ...get(d[j]), ...get(bor), OP.i32WrapI64, OP.select);
    code.push(...store32(4 * j));
  }
  return code;
}

/** Stores limbs `t` at the address in local `r`. */
export function storeLimbs(r: number, t: readonly number[]): number[] {
  return t.flatMap((l, j) => [...get(r), ...get(l), ...store32(4 * j)]);
}

/** 256-bit little-endian words (4 x 64) at local `raw` -> 9 limbs in locals `to`. */
export function wordsToLimbs(raw: number, to: readonly number[]): number[] {
  const code: number[] = [];
  to.forEach((l, k) => {
    const o = BITS * k;
    const [w, sh] = [Math.floor(o / 64), o % 64];
    code.push(...get(raw), ...load64(8 * w), ...i64(BigInt(sh)), OP.i64ShrU);
    if (sh + BITS > 64 && w + 1 < 4) {
      code.push(...get(raw), ...load64(8 * (w + 1)), ...i64(BigInt(64 - sh)), OP.i64Shl, OP.i64Or);
    }
    code.push(...mask, ...set(l));
  });
  return code;
}

/** 9 limbs in locals `from` (value < 2^256) -> 4 words at local `raw`. */
export function limbsToWords(from: readonly number[], raw: number): number[] {
  const parts: number[][][] = [[], [], [], []];
  from.forEach((l, k) => {
    const o = BITS * k;
    const [w, sh] = [Math.floor(o / 64), o % 64];
    parts[w].push([...get(l), ...i64(BigInt(sh)), OP.i64Shl]);
    if (sh + BITS > 64 && w + 1 < 4)
      parts[w + 1].push([...get(l), ...i64(BigInt(64 - sh)), OP.i64ShrU]);
  });
  return parts.flatMap((p, w) => [
    ...get(raw),
    ...p[0],
    ...p.slice(1).flatMap((c) => [...c, OP.i64Or]),
    ...store64(8 * w),
  ]);
}
