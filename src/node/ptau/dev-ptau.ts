// A development powers of tau in minutes: the single contributor knows tau, alpha and beta, so
// every point of a prepared .ptau is a fixed-base scalar multiplication of G1 or G2 by a scalar
// computed in the field (Lagrange sections included: no FFT), spread over worker threads.
//
// The result is byte for byte what `snarkjs powersoftau new` + `contribute` (entropy = the
// seed, contribution name below) + `prepare phase2` produce when snarkjs's 64 bytes of OS
// randomness are zero. The secrets follow from the public seed: UNSAFE FOR PRODUCTION.
import os from "node:os";
import type { RecordPoints } from "./contribution";
import {
  contributionsSection,
  createPtauKey,
  firstChallengeHash,
  pubKeyBytes,
  seedRng,
} from "./contribution";
import { buildBn128 } from "./ff";
import { ChallengeSpill, ResponseHasher } from "./hashing";
import type { Group, PointJob, SectionPlan } from "./plan";
import {
  accumulatorSections,
  chooseWindow,
  JOB_POINTS,
  lagrangeSections,
  POINT_BYTES,
} from "./plan";
import { WorkerPool } from "./pool";
import { headerSection, PtauWriter } from "./ptau-writer";

export const DEFAULT_DEV_PTAU_SEED = "zkmargin development powers of tau v1";
export const DEV_PTAU_CONTRIBUTION_NAME = "zkmargin development (UNSAFE: public seed)";
export const MIN_DEV_PTAU_POWER = 1;
export const MAX_DEV_PTAU_POWER = 20;
export const DEV_PTAU_WARNING =
  "UNSAFE FOR PRODUCTION: this powers of tau comes from a public seed; anyone can recompute " +
  "its secrets (tau, alpha, beta) and forge proofs for every circuit keyed with it.";

/** Called after each batch of points: `done` of `total` points, in section `stage`. */
export type DevPtauProgress = (done: number, total: number, stage: string) => void;

export interface DevPtauOptions {
  /** 2^power constraints (+ public signals + 1) fit; 1 to 20. */
  power: number;
  /** The .ptau file to write (replaced atomically). */
  out: string;
  /** Public seed the secrets are derived from (default {@link DEFAULT_DEV_PTAU_SEED}). */
  seed?: string;
  /** Worker threads (default: the available parallelism). */
  threads?: number;
  onProgress?: DevPtauProgress;
}

export interface DevPtauResult {
  power: number;
  file: string;
  sha256: string;
  seconds: number;
  seed: string;
  /** The contribution's response hash (what `snarkjs powersoftau verify` prints), hex. */
  responseHash: string;
  unsafe: true;
  warning: string;
}

function validate(o: DevPtauOptions): { seed: string; threads: number } {
  const p = o.power as unknown;
  if (
    typeof p !== "number" ||
    !Number.isInteger(p) ||
    p < MIN_DEV_PTAU_POWER ||
    p > MAX_DEV_PTAU_POWER
  ) {
    throw new RangeError(
      `generateDevPtau: option "power" must be an integer from ${MIN_DEV_PTAU_POWER} to ` +
        `${MAX_DEV_PTAU_POWER} (got ${String(p)})`,
    );
  }
  if (typeof o.out !== "string" || o.out === "") {
    throw new TypeError(`generateDevPtau: option "out" must be a file path`);
  }
  const seed = o.seed ?? DEFAULT_DEV_PTAU_SEED;
  if (typeof seed !== "string" || seed === "") {
    throw new TypeError(`generateDevPtau: option "seed" must be a non-empty string`);
  }
  const threads = o.threads ?? Math.max(1, os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new RangeError(
      `generateDevPtau: option "threads" must be an integer from 1 to 64 (got ${threads})`,
    );
  }
  return { seed, threads };
}

interface Item {
  job: PointJob;
  section: SectionPlan;
}

function* items(sections: SectionPlan[]): Generator<Item> {
  for (const section of sections) for (const job of section.jobs()) yield { job, section };
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

/**
 * Writes a prepared (phase 2) powers of tau of `power` to `out`. Development only: see
 * {@link DEV_PTAU_WARNING}.
 */
export async function generateDevPtau(o: DevPtauOptions): Promise<DevPtauResult> {
  const { seed, threads } = validate(o);
  const power = o.power;
  const t0 = performance.now();
  const curve = await buildBn128();
  let pool: WorkerPool | undefined;
  let writer: PtauWriter | undefined;
  let spill: ChallengeSpill | undefined;
  try {
    const challenge = firstChallengeHash(curve, power);
    const key = createPtauKey(curve, challenge, seedRng(seed));
    const secrets = {
      tau: curve.Fr.toObject(key.tau.prvKey),
      alpha: curve.Fr.toObject(key.alpha.prvKey),
      beta: curve.Fr.toObject(key.beta.prvKey),
    };
    const accumulator = accumulatorSections(power, secrets);
    const lagrange = lagrangeSections(power, secrets);
    const all = [...accumulator, ...lagrange];
    const total = all.reduce((s, x) => s + x.points, 0);
    const perGroup = (g: Group): number =>
      all.filter((s) => s.group === g).reduce((s, x) => s + x.points, 0) / threads;

    o.onProgress?.(0, total, "fixed-base tables");
    pool = await WorkerPool.start(threads, {
      code: curve.tm.code,
      pG1gen: curve.tm.pG1gen,
      pG2gen: curve.tm.pG2gen,
      windows: { G1: chooseWindow(perGroup("G1")), G2: chooseWindow(perGroup("G2")) },
      maxJob: JOB_POINTS,
    });

    const w = new PtauWriter(o.out, 11);
    writer = w;
    const sp = new ChallengeSpill(`${w.tmp}.u`);
    spill = sp;
    w.section(1, headerSection(power, power));
    const response = new ResponseHasher(challenge);
    const firsts = new Map<number, Uint8Array>();
    let responseHash: Uint8Array | undefined;
    let current: SectionPlan | undefined;
    let done = 0;

    const writeContributions = (): void => {
      const first = (id: number, index: number, g: Group): Uint8Array => {
        const b = firsts.get(id) as Uint8Array;
        return b.subarray(index * POINT_BYTES[g], (index + 1) * POINT_BYTES[g]);
      };
      const points: RecordPoints = {
        tauG1: first(2, 1, "G1"),
        tauG2: first(3, 1, "G2"),
        alphaG1: first(4, 0, "G1"),
        betaG1: first(5, 0, "G1"),
        betaG2: first(6, 0, "G2"),
      };
      const partial = response.partial();
      responseHash = response.finish(pubKeyBytes(curve, key, false));
      const nextChallenge = sp.nextChallenge(responseHash);
      w.section(
        7,
        contributionsSection({
          curve,
          points,
          key,
          partialHash: partial,
          nextChallenge,
          name: DEV_PTAU_CONTRIBUTION_NAME,
        }),
      );
    };

    await pool.run(items(all), (r, { section, job }) => {
      if (section !== current) {
        if (current?.hashed === true && !section.hashed) writeContributions();
        current = section;
        w.beginSection(section.id, section.points * POINT_BYTES[section.group]);
        if (section.hashed) response.beginSection(section.group, section.points);
        firsts.set(section.id, r.lem.slice(0, 2 * POINT_BYTES[section.group]));
      }
      w.write(r.lem);
      if (section.hashed) {
        if (r.compressed === undefined || r.uncompressed === undefined) {
          throw new Error(`ptau worker returned no hash data for ${section.name}`);
        }
        response.update(r.compressed);
        sp.write(r.uncompressed);
      }
      done += job.n;
      o.onProgress?.(done, total, section.name);
    });
    if (responseHash === undefined) throw new Error("ptau: contribution section not written");
    const sha256 = w.commit();
    writer = undefined;
    return {
      power,
      file: o.out,
      sha256,
      seconds: (performance.now() - t0) / 1000,
      seed,
      responseHash: hex(responseHash),
      unsafe: true,
      warning: DEV_PTAU_WARNING,
    };
  } finally {
    writer?.abort();
    spill?.dispose();
    await pool?.close();
    await curve.terminate();
  }
}
