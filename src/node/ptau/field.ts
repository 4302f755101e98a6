// Arithmetic in BN254's scalar field Fr with native bigints: enough for the per-section
// constants of the generator (the bulk of the field work runs in the workers' WebAssembly).
import { P } from "../../field";

/** The BN254 (bn128) scalar field modulus r. */
export const FR = P;
/** Two-adicity of r - 1: Fr has roots of unity of order 2^28. */
export const FR_TWO_ADICITY = 28;

export function frMod(a: bigint): bigint {
  const m = a % FR;
  return m < 0n ? m + FR : m;
}

export function frMul(a: bigint, b: bigint): bigint {
  return (a * b) % FR;
}

export function frSub(a: bigint, b: bigint): bigint {
  return frMod(a - b);
}

export function frPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = frMod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % FR;
    b = (b * b) % FR;
    e >>= 1n;
  }
  return result;
}

export function frInv(a: bigint): bigint {
  if (frMod(a) === 0n) throw new Error("Fr: inverse of zero");
  return frPow(a, FR - 2n);
}

let roots: bigint[] | undefined;

/**
 * The primitive 2^k-th root of unity ffjavascript (and so snarkjs's FFTs) uses: nqr^t for the
 * smallest quadratic non-residue nqr >= 2 and r - 1 = 2^28 * t, then repeated squaring.
 */
export function rootOfUnity(k: number): bigint {
  if (!Number.isInteger(k) || k < 0 || k > FR_TWO_ADICITY) {
    throw new Error(`Fr has no root of unity of order 2^${k}`);
  }
  if (roots === undefined) {
    const half = (FR - 1n) >> 1n;
    let nqr = 2n;
    while (frPow(nqr, half) !== FR - 1n) nqr++;
    const t = (FR - 1n) >> BigInt(FR_TWO_ADICITY);
    const w: bigint[] = [];
    w[FR_TWO_ADICITY] = frPow(nqr, t);
    for (let i = FR_TWO_ADICITY - 1; i >= 0; i--) w[i] = frMul(w[i + 1], w[i + 1]);
    if (w[0] !== 1n) throw new Error("Fr: bad roots of unity");
    roots = w;
  }
  return roots[k];
}

/** 32-byte little-endian encoding of a field element (normal form, not Montgomery). */
export function frToLE(a: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = frMod(a);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
