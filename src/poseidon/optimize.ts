/**
 * circomlib's Poseidon constants (src/poseidon/constants.ts) and their optimized form, the
 * one circomlibjs's poseidon_opt and circomlib's poseidon.circom use (after Neptune): round
 * constants moved in front of the matrices so that a partial round adds one constant, and
 * each partial round's matrix factored into a sparse one (2t - 1 products instead of t^2).
 * Derived here in BigInt from the published constants, per width, on first use.
 *
 * Convention: a matrix acts as new_i = sum_j A[i][j] s_j (poseidon-lite's `mix`).
 */
import { P } from "../field";
import { MDS, ROUND_CONSTANTS } from "./constants";

/** Partial rounds of Poseidon(n), index n - 1 (circomlib). */
export const PARTIAL_ROUNDS = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
export const FULL_ROUNDS = 8;

type Matrix = bigint[][];

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));
const B64 = new Uint8Array(128);
[..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].forEach((c, i) => {
  B64[c.charCodeAt(0)] = i;
});

/** Base64 -> bytes (Node's atob is slow on long strings). */
function base64Bytes(b64: string): Uint8Array {
  const clean = b64.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let k = 0; k < clean.length; k++) {
    acc = ((acc << 6) | B64[clean.charCodeAt(k)]) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** 32-byte big-endian values, concatenated. */
function decode(b64: string): bigint[] {
  const bytes = base64Bytes(b64);
  const out: bigint[] = [];
  for (let o = 0; o < bytes.length; o += 32) {
    let hex = "0x";
    for (let k = o; k < o + 32; k++) hex += HEX[bytes[k]];
    out.push(BigInt(hex));
  }
  return out;
}

interface RawConstants {
  t: number;
  C: bigint[];
  M: Matrix;
}

const raw = new Map<number, RawConstants>();

/** The published constants of Poseidon(n): C (round-major, t per round) and the MDS matrix. */
export function rawConstants(n: number): RawConstants {
  let r = raw.get(n);
  if (!r) {
    const t = n + 1;
    const m = decode(MDS[n - 1]);
    r = {
      t,
      C: decode(ROUND_CONSTANTS[n - 1]),
      M: Array.from({ length: t }, (_, i) => m.slice(i * t, i * t + t)),
    };
    raw.set(n, r);
  }
  return r;
}

const mod = (x: bigint): bigint => {
  const r = x % P;
  return r < 0n ? r + P : r;
};

function inverse(a: bigint): bigint {
  let [r0, r1, s0, s1] = [P, mod(a), 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError("not invertible");
  return mod(s0);
}

function matVec(A: Matrix, v: readonly bigint[]): bigint[] {
  return A.map((row) => mod(row.reduce((acc, x, j) => acc + x * v[j], 0n)));
}

function vecMat(v: readonly bigint[], A: Matrix): bigint[] {
  return A[0].map((_, j) => mod(v.reduce((acc, x, i) => acc + x * A[i][j], 0n)));
}

function matMul(A: Matrix, B: Matrix): Matrix {
  return A.map((row) => B[0].map((_, j) => mod(row.reduce((acc, x, k) => acc + x * B[k][j], 0n))));
}

function matPow(A: Matrix, e: number): Matrix {
  let result: Matrix = A.map((row, i) => row.map((_, j) => (i === j ? 1n : 0n)));
  let base = A;
  for (; e > 0; e >>= 1) {
    if (e & 1) result = matMul(result, base);
    if (e > 1) base = matMul(base, base);
  }
  return result;
}

/** Gauss-Jordan inverse mod p. */
function matInverse(A: Matrix): Matrix {
  const n = A.length;
  const B = A.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1n : 0n))]);
  for (let col = 0; col < n; col++) {
    const pivot = B.findIndex((row, i) => i >= col && row[col] !== 0n);
    if (pivot < 0) throw new RangeError("matrix not invertible");
    [B[col], B[pivot]] = [B[pivot], B[col]];
    const inv = inverse(B[col][col]);
    B[col] = B[col].map((x) => mod(x * inv));
    for (let i = 0; i < n; i++) {
      const f = B[i][col];
      if (i !== col && f !== 0n) B[i] = B[i].map((x, j) => mod(x - f * B[col][j]));
    }
  }
  return B.map((row) => row.slice(n));
}

/** The optimized constants of Poseidon(n), every value reduced mod p. */
export interface OptimizedConstants {
  t: number;
  partialRounds: number;
  /** Added to the state before the first round. */
  first: bigint[];
  /** Added after the S-boxes of full rounds 0..2 (round r adds firstHalf[r], t values). */
  firstHalf: bigint[][];
  /** Added after the S-boxes of full round 3, which then multiplies by `pre`. */
  last: bigint[];
  /** The matrix of full round 3. */
  pre: Matrix;
  /** Added to s[0] after its S-box in partial round r. */
  partial: bigint[];
  /** Partial round r's sparse matrix: [d, w_1..w_{t-1}, z_1..z_{t-1}]. */
  sparse: bigint[][];
  /** Added after the S-boxes of full rounds 4 + R .. 6 + R. */
  secondHalf: bigint[][];
  /** The MDS matrix (every full round but round 3). */
  mds: Matrix;
}

/** Derives the optimized constants of Poseidon(n) from the published ones. */
export function optimizedConstants(n: number): OptimizedConstants {
  const { t, C, M } = rawConstants(n);
  const R = PARTIAL_ROUNDS[n - 1];
  const half = FULL_ROUNDS / 2;
  const c = (r: number): bigint[] => C.slice(r * t, r * t + t);
  const Minv = matInverse(M);
  const firstHalf = [1, 2, 3].map((r) => matVec(Minv, c(r)));
  const partial = new Array<bigint>(R);
  let acc = c(half + R);
  for (let r = half + R - 1; r >= half; r--) {
    const accp = matVec(Minv, acc);
    partial[r - half] = accp[0];
    accp[0] = 0n;
    acc = accp.map((x, k) => mod(x + c(r)[k]));
  }
  const secondHalf = [1, 2, 3].map((k) => matVec(Minv, c(half + R + k)));

  const hatM = M.slice(1).map((row) => row.slice(1));
  const hatInv = matInverse(hatM);
  const u = M[0].slice(1);
  const v = M.slice(1).map((row) => row[0]);
  // factor i (i = 0 is the last partial round): [[M00, u^T hatM^-(i+1)], [hatM^i v, I]]
  const factors: bigint[][] = [];
  let w = vecMat(u, hatInv);
  let z = v;
  for (let i = 0; i < R; i++) {
    factors.push([M[0][0], ...w, ...z]);
    w = vecMat(w, hatInv);
    z = matVec(hatM, z);
  }
  const block = matPow(hatM, R + 1);
  const pre = [M[0], ...block.map((row, i) => [z[i], ...row])];
  return {
    t,
    partialRounds: R,
    first: c(0),
    firstHalf,
    last: matVec(Minv, acc),
    pre,
    partial,
    sparse: factors.reverse(),
    secondHalf,
    mds: M,
  };
}

/** Poseidon(n) in BigInt from the published constants, round by round (the reference). */
export function referenceHash(inputs: readonly bigint[]): bigint {
  const { t, C, M } = rawConstants(inputs.length);
  const R = PARTIAL_ROUNDS[inputs.length - 1];
  let s = [0n, ...inputs];
  for (let r = 0; r < FULL_ROUNDS + R; r++) {
    const isFull = r < FULL_ROUNDS / 2 || r >= FULL_ROUNDS / 2 + R;
    s = s.map((x, k) => {
      const y = mod(x + C[r * t + k]);
      return isFull || k === 0 ? mod(y * y * y * y * y) : y;
    });
    s = matVec(M, s);
  }
  return s[0];
}
