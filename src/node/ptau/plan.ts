// What a prepared (phase 2) .ptau of a given power holds, section by section, as the scalar
// each point is a multiple of. Every point in the file is s * G1 or s * G2 for a scalar s the
// single (development) contributor knows, so no FFT is needed:
//
//   2  tauG1       tau^i * G1,            i < 2^(p+1) - 1
//   3  tauG2       tau^i * G2,            i < 2^p
//   4  alphaTauG1  alpha * tau^i * G1,    i < 2^p
//   5  betaTauG1   beta * tau^i * G1,     i < 2^p
//   6  betaG2      beta * G2
//   12 lagrange of section 2 for each domain size 2^k, k = 0..p+1; 13 of section 3, 14 of 4 and
//      15 of 5 for k = 0..p. snarkjs (prepare phase2) writes the inverse FFT of the first 2^k
//      points of the section, i.e. f * L_i(tau) * G with f = 1, alpha or beta and
//        L_i(tau) = (tau^n - 1) / n * w^i / (tau - w^i),   n = 2^k, w = ffjavascript's Fr.w[k],
//      in natural order of i. For k = p+1 of section 12 the section has only n - 1 points: the
//      missing tau^(n-1) counts as zero, which subtracts w^i * tau^(n-1) / n.
import { frInv, frMul, frPow, frSub, frToLE, rootOfUnity } from "./field";

export type Group = "G1" | "G2";

/** Points of a job: s_j = start * ratio^j (both 32-byte little-endian field elements). */
export interface PowersJob {
  kind: "powers";
  group: Group;
  n: number;
  start: Uint8Array;
  ratio: Uint8Array;
  /** The section is hashed into the contribution: return compressed and uncompressed forms. */
  hashed: boolean;
}

/** Points of a job: s_j = w_j * (c / (tau - w_j) - e) with w_j = wStart * w^j. */
export interface LagrangeJob {
  kind: "lagrange";
  group: Group;
  n: number;
  wStart: Uint8Array;
  w: Uint8Array;
  tau: Uint8Array;
  c: Uint8Array;
  e: Uint8Array;
}

export type PointJob = PowersJob | LagrangeJob;

export interface SectionPlan {
  id: number;
  name: string;
  group: Group;
  points: number;
  /** Part of the challenge/response hashes of the contribution (sections 2 to 6). */
  hashed: boolean;
  jobs(): Generator<PointJob>;
}

export interface Secrets {
  tau: bigint;
  alpha: bigint;
  beta: bigint;
}

/** Points per worker job: about 0.2 s of work, 0.5 MB of G1 / G2 output. */
export const JOB_POINTS: Record<Group, number> = { G1: 8192, G2: 4096 };

/** Bytes of an affine point in the file (x, y in Montgomery form, little endian). */
export const POINT_BYTES: Record<Group, number> = { G1: 64, G2: 128 };

function powersSection(
  id: number,
  name: string,
  group: Group,
  points: number,
  factor: bigint,
  tau: bigint,
): SectionPlan {
  return {
    id,
    name,
    group,
    points,
    hashed: true,
    *jobs() {
      const ratio = frToLE(tau);
      for (let i = 0; i < points; i += JOB_POINTS[group]) {
        const n = Math.min(JOB_POINTS[group], points - i);
        const start = frToLE(frMul(factor, frPow(tau, BigInt(i))));
        yield { kind: "powers", group, n, start, ratio, hashed: true };
      }
    },
  };
}

function lagrangeSection(
  id: number,
  name: string,
  group: Group,
  maxK: number,
  factor: bigint,
  tau: bigint,
  dropTopOfLast: boolean,
): SectionPlan {
  return {
    id,
    name,
    group,
    points: 2 ** (maxK + 1) - 1,
    hashed: false,
    *jobs() {
      for (let k = 0; k <= maxK; k++) {
        const n = 2 ** k;
        const bn = BigInt(n);
        const nInv = frInv(bn);
        const c = frMul(factor, frMul(frSub(frPow(tau, bn), 1n), nInv));
        const e =
          dropTopOfLast && k === maxK ? frMul(factor, frMul(frPow(tau, bn - 1n), nInv)) : 0n;
        const w = rootOfUnity(k);
        for (let i = 0; i < n; i += JOB_POINTS[group]) {
          yield {
            kind: "lagrange",
            group,
            n: Math.min(JOB_POINTS[group], n - i),
            wStart: frToLE(frPow(w, BigInt(i))),
            w: frToLE(w),
            tau: frToLE(tau),
            c: frToLE(c),
            e: frToLE(e),
          };
        }
      }
    },
  };
}

/** Sections 2 to 6 (hashed into the contribution), in file order. */
export function accumulatorSections(power: number, s: Secrets): SectionPlan[] {
  const n = 2 ** power;
  return [
    powersSection(2, "tauG1", "G1", 2 * n - 1, 1n, s.tau),
    powersSection(3, "tauG2", "G2", n, 1n, s.tau),
    powersSection(4, "alphaTauG1", "G1", n, s.alpha, s.tau),
    powersSection(5, "betaTauG1", "G1", n, s.beta, s.tau),
    powersSection(6, "betaG2", "G2", 1, s.beta, s.tau),
  ];
}

/** Sections 12 to 15 (the Lagrange bases prepare phase2 adds), in file order. */
export function lagrangeSections(power: number, s: Secrets): SectionPlan[] {
  return [
    lagrangeSection(12, "lagrange tauG1", "G1", power + 1, 1n, s.tau, true),
    lagrangeSection(13, "lagrange tauG2", "G2", power, 1n, s.tau, false),
    lagrangeSection(14, "lagrange alphaTauG1", "G1", power, s.alpha, s.tau, false),
    lagrangeSection(15, "lagrange betaTauG1", "G1", power, s.beta, s.tau, false),
  ];
}

/** Signed-digit windows of w bits that cover a 254-bit scalar (digits in (-2^(w-1), 2^(w-1)]). */
export function windowCount(w: number): number {
  return Math.ceil(255 / w);
}

/**
 * Window width of the fixed-base tables for `pointsPerWorker` scalar multiplications: a table
 * costs about windows * 2^(w-1) additions to build (in every worker), each point windows
 * additions. Capped at 16 bits (a 32 MB G1 / 64 MB G2 table per worker).
 */
export function chooseWindow(pointsPerWorker: number): number {
  let best = 2;
  let bestCost = Infinity;
  for (let w = 2; w <= 16; w++) {
    const cost = windowCount(w) * (1.5 * 2 ** (w - 1) + pointsPerWorker);
    if (cost < bestCost) {
      bestCost = cost;
      best = w;
    }
  }
  return best;
}
