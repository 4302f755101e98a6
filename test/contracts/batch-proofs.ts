/**
 * Proof material for test/contracts/batch-verifier.test.ts, through ffjavascript's BN254
 * (snarkjs's curve library, one thread):
 * - a synthetic Groth16 key whose trapdoor is known (alpha = a G1, beta = b G2, ...), so a
 *   valid proof for any public inputs costs a few scalar multiplications: A = x G1,
 *   B = y G2, C = (x y - a b - g vk_x) / d G1 satisfies e(A,B) = e(alpha,beta) e(vk_x,gamma)
 *   e(C,delta);
 * - re-randomisation of a real proof (A/u, u B + u s delta, C + s A: another valid proof of the
 *   same statement), so a few real proofs give many distinct ones;
 * - a point on the G2 twist outside the order-r subgroup;
 * - in-process solc compilation of a generated verifier.
 */
import { BN254_Q, BN254_R } from "../../src/node/pipeline/batch-verifier";
export { deploySource } from "./solc";

type Buf = Uint8Array;
interface Group {
  g: Buf;
  b: Buf;
  add(p: Buf, q: Buf): Buf;
  neg(p: Buf): Buf;
  timesScalar(p: Buf, s: bigint): Buf;
  toAffine(p: Buf): Buf;
  toObject(p: Buf): unknown;
  fromObject(o: unknown): Buf;
}
interface Field2 {
  fromObject(o: [bigint, bigint]): Buf;
  add(a: Buf, b: Buf): Buf;
  mul(a: Buf, b: Buf): Buf;
  square(a: Buf): Buf;
  isSquare(a: Buf): boolean;
  sqrt(a: Buf): Buf;
  n8: number;
}
export interface Curve {
  G1: Group & { F: unknown };
  G2: Group & { F: Field2 };
  terminate(): Promise<void>;
}

export async function loadCurve(): Promise<Curve> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ff = require("ffjavascript") as { buildBn128(singleThread: boolean): Promise<Curve> };
  return ff.buildBn128(true);
}

/** A proof in the verifier's calldata layout: B as [[x_im, x_re], [y_im, y_re]]. */
export interface SolProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

const mod = (v: bigint, m: bigint): bigint => ((v % m) + m) % m;
function inv(v: bigint, m: bigint): bigint {
  let [a, b, x, y] = [mod(v, m), m, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b, x, y] = [b, a - q * b, y, x - q * y];
  }
  return mod(x, m);
}

const g1Obj = (c: Curve, p: Buf): [bigint, bigint] => {
  const o = c.G1.toObject(c.G1.toAffine(p)) as bigint[];
  return [o[0], o[1]];
};
const g2Obj = (c: Curve, p: Buf): [[bigint, bigint], [bigint, bigint]] => {
  const o = c.G2.toObject(c.G2.toAffine(p)) as bigint[][];
  return [
    [o[0][0], o[0][1]],
    [o[1][0], o[1][1]],
  ];
};
/** snarkjs JSON (real, imaginary) -> precompile order (imaginary, real). */
const swap = (p: [[bigint, bigint], [bigint, bigint]]): SolProof["b"] => [
  [p[0][1], p[0][0]],
  [p[1][1], p[1][0]],
];

/** Deterministic scalars for the tests (not secret): a xorshift over 128-bit words. */
export function scalars(seed: bigint): () => bigint {
  let s = seed | 1n;
  return () => {
    let v = 0n;
    for (let i = 0; i < 2; i++) {
      s ^= (s << 13n) & ((1n << 128n) - 1n);
      s ^= s >> 7n;
      s ^= (s << 17n) & ((1n << 128n) - 1n);
      v = (v << 128n) | s;
    }
    return mod(v, BN254_R - 1n) + 1n;
  };
}

export interface SyntheticKey {
  vkey: Record<string, unknown>;
  trap: { a: bigint; b: bigint; g: bigint; d: bigint; ic: bigint[] };
  delta: Buf;
}

export function syntheticKey(c: Curve, nPublic: number, seed = 7n): SyntheticKey {
  const rnd = scalars(seed);
  const [a, b, g, d] = [rnd(), rnd(), rnd(), rnd()];
  const ic = Array.from({ length: nPublic + 1 }, rnd);
  const j1 = (p: Buf) => [...g1Obj(c, p).map(String), "1"];
  const j2 = (p: Buf) => [...g2Obj(c, p).map((f) => f.map(String)), ["1", "0"]];
  const delta = c.G2.timesScalar(c.G2.g, d);
  return {
    vkey: {
      protocol: "groth16",
      curve: "bn128",
      nPublic,
      vk_alpha_1: j1(c.G1.timesScalar(c.G1.g, a)),
      vk_beta_2: j2(c.G2.timesScalar(c.G2.g, b)),
      vk_gamma_2: j2(c.G2.timesScalar(c.G2.g, g)),
      vk_delta_2: j2(delta),
      IC: ic.map((s) => j1(c.G1.timesScalar(c.G1.g, s))),
    },
    trap: { a, b, g, d, ic },
    delta,
  };
}

/** A valid proof for `pub` under the synthetic key, with prover randomness from `seed`. */
export function forge(c: Curve, key: SyntheticKey, pub: bigint[], seed: bigint): SolProof {
  const rnd = scalars(seed);
  const [x, y] = [rnd(), rnd()];
  const t = key.trap;
  const vkx = pub.reduce((acc, v, j) => acc + v * t.ic[j + 1], t.ic[0]);
  const z = mod((x * y - t.a * t.b - t.g * vkx) * inv(t.d, BN254_R), BN254_R);
  return {
    a: g1Obj(c, c.G1.timesScalar(c.G1.g, x)),
    b: swap(g2Obj(c, c.G2.timesScalar(c.G2.g, y))),
    c: g1Obj(c, c.G1.timesScalar(c.G1.g, z)),
  };
}

/** A snarkjs proof object (pi_a, pi_b, pi_c as decimal strings) in calldata layout. */
export function fromSnarkjs(p: { pi_a: string[]; pi_b: string[][]; pi_c: string[] }): SolProof {
  return {
    a: [BigInt(p.pi_a[0]), BigInt(p.pi_a[1])],
    b: [
      [BigInt(p.pi_b[0][1]), BigInt(p.pi_b[0][0])],
      [BigInt(p.pi_b[1][1]), BigInt(p.pi_b[1][0])],
    ],
    c: [BigInt(p.pi_c[0]), BigInt(p.pi_c[1])],
  };
}

/** G2 delta of a snarkjs verification key as a curve point. */
export function vkeyDelta(c: Curve, vkey: { vk_delta_2: string[][] }): Buf {
  const d = vkey.vk_delta_2;
  return c.G2.fromObject([
    [BigInt(d[0][0]), BigInt(d[0][1])],
    [BigInt(d[1][0]), BigInt(d[1][1])],
  ]);
}

/** Another valid proof of the same statement: (A / u, u B + u s delta, C + s A). */
export function rerandomize(c: Curve, p: SolProof, delta: Buf, seed: bigint): SolProof {
  const rnd = scalars(seed);
  const [u, s] = [rnd(), rnd()];
  const A = c.G1.fromObject([p.a[0], p.a[1]]);
  const B = c.G2.fromObject(swap(p.b));
  const C = c.G1.fromObject([p.c[0], p.c[1]]);
  return {
    a: g1Obj(c, c.G1.timesScalar(A, inv(u, BN254_R))),
    b: swap(
      g2Obj(c, c.G2.add(c.G2.timesScalar(B, u), c.G2.timesScalar(delta, mod(u * s, BN254_R)))),
    ),
    c: g1Obj(c, c.G1.add(C, c.G1.timesScalar(A, s))),
  };
}

/** A point on the twist y^2 = x^3 + b' that is not in G2 (the cofactor is not 1). */
export function twistPointOutsideG2(c: Curve): SolProof["b"] {
  const F = c.G2.F;
  for (let x0 = 1n; ; x0++) {
    const x = F.fromObject([x0, 0n]);
    const rhs = F.add(F.mul(F.square(x), x), c.G2.b);
    if (!F.isSquare(rhs)) continue;
    const y = F.sqrt(rhs);
    const same = (u: Buf, w: Buf) => u.every((b, i) => b === w[i]);
    if (!same(F.square(y), rhs)) throw new Error("sqrt in Fp2 failed");
    const buf = new Uint8Array(F.n8 * 2);
    buf.set(x);
    buf.set(y, F.n8);
    const r = c.G2.timesScalar(buf, BN254_R);
    const o = c.G2.toObject(c.G2.toAffine(r)) as bigint[][];
    if (o[0][0] === 0n && o[0][1] === 0n && o[1][0] === 0n && o[1][1] === 0n) continue; // in G2
    return swap(g2Obj(c, buf));
  }
}

/** A G1 point off the curve: A with y + 1. */
export const offCurve = (p: SolProof): SolProof => ({ ...p, a: [p.a[0], (p.a[1] + 1n) % BN254_Q] });

/** verifyBatch's two arrays from proofs and their inputs: proofs as (A, B, C) tuples. */
export function batchArgs(proofs: SolProof[], pubs: bigint[][]) {
  return [proofs.map((p) => [p.a, p.b, p.c] as const), pubs] as const;
}
