// Step 3: choose a powers-of-tau file: $ZKMARGIN_PTAU (or an explicit path), else a cached
// build/ptau/dev-pot<power>.ptau, else generate a development one (slow: see estimateMinutes).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import type { ArtifactOptions } from "../artifacts";
import { devPtauPath, PTAU_ENV, ptauCacheDir } from "../artifacts";
import { BN254_Q, readPtauHeader } from "./binfile";
import { sha256File, toHex } from "./hash";
import type { BuildLog } from "./log";
import { snarkjsLogger, step } from "./log";
import { withLock } from "./lock";
import type { PtauRecord } from "./manifest";
import { writeFileAtomic } from "../files";

/** Smallest power a development ptau is generated with (power 4 takes about 1 s). */
export const MIN_DEV_PTAU_POWER = 4;
/** Public beacon hex used for development ptau files made here. */
export const DEV_PTAU_BEACON = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/** Rough wall time of generating a development ptau, measured on 2 cores with snarkjs 0.7.6. */
export function estimateMinutes(power: number): number {
  // power 12: 2.2 min, 14: 13 min, 15: 24 min, 17: 66 min (+11 min contribute and beacon)
  const measured: Record<number, number> = { 12: 2.5, 14: 14, 15: 27, 17: 77 };
  if (measured[power] !== undefined) return measured[power];
  if (power <= 8) return 0.1;
  // roughly doubles (a bit more) per power
  return Math.max(0.1, 2.5 * 2.1 ** (power - 12));
}

/** Smallest power with 2^power >= constraints + public signals + 1 (snarkjs's Groth16 rule). */
export function requiredPtauPower(constraints: number, publicSignals: number): number {
  const need = constraints + publicSignals + 1;
  let p = 1;
  while (2 ** p < need) p++;
  return p;
}

/** Checks a ptau file for Groth16 phase 2 of a circuit; returns its power. Errors explain the fix. */
export function checkPtau(file: string, constraints: number, publicSignals: number): number {
  if (!fs.existsSync(file)) throw new Error(`ptau: ${file} does not exist`);
  let h;
  try {
    h = readPtauHeader(file);
  } catch (err) {
    throw new Error(`ptau: ${file}: ${(err as Error).message}`);
  }
  if (h.curveQ !== BN254_Q) throw new Error(`ptau: ${file} is not a BN254 (bn128) powers of tau`);
  if (!h.prepared) {
    throw new Error(
      `ptau: ${file} is not prepared for phase 2; run \`snarkjs powersoftau prepare phase2 ${file} <out>\``,
    );
  }
  const need = requiredPtauPower(constraints, publicSignals);
  if (h.power < need) {
    throw new Error(
      `ptau: ${file} has power ${h.power} (2^${h.power} = ${2 ** h.power}), too small: the circuit ` +
        `needs 2^power >= ${constraints} constraints + ${publicSignals} public signals + 1 = ` +
        `${constraints + publicSignals + 1}, i.e. power >= ${need} ` +
        `(for example powersOfTau28_hez_final_${need}.ptau)`,
    );
  }
  return h.power;
}

/** A ptau record, reusing a known sha256 when path, size and mtime are unchanged. */
export async function describePtau(
  file: string,
  origin: PtauRecord["origin"],
  known: PtauRecord | undefined,
): Promise<PtauRecord> {
  const abs = path.resolve(file);
  const st = fs.statSync(abs);
  const power = readPtauHeader(abs).power;
  if (
    known !== undefined &&
    known.path === abs &&
    known.size === st.size &&
    known.mtimeMs === st.mtimeMs
  ) {
    return { ...known, origin, power };
  }
  return {
    path: abs,
    sha256: await sha256File(abs),
    power,
    origin,
    size: st.size,
    mtimeMs: st.mtimeMs,
  };
}

export interface ResolvePtauOptions {
  constraints: number;
  publicSignals: number;
  /** An explicit ptau path; wins over $ZKMARGIN_PTAU. */
  ptau?: string;
  env: NodeJS.ProcessEnv;
  artifacts: ArtifactOptions;
  /** Previous record (from manifest.json), to avoid re-hashing an unchanged 150 MB file. */
  known?: PtauRecord;
  log: BuildLog;
}

/** The explicitly requested ptau (option, then $ZKMARGIN_PTAU), if any. */
export function requestedPtau(o: {
  ptau?: string;
  env: NodeJS.ProcessEnv;
}): { file: string; origin: "option" | "env" } | undefined {
  if (o.ptau !== undefined && o.ptau !== "")
    return { file: path.resolve(o.ptau), origin: "option" };
  const e = o.env[PTAU_ENV];
  if (e !== undefined && e !== "") return { file: path.resolve(e), origin: "env" };
  return undefined;
}

export async function resolvePtau(o: ResolvePtauOptions): Promise<PtauRecord> {
  const req = requestedPtau(o);
  if (req !== undefined) {
    checkPtau(req.file, o.constraints, o.publicSignals);
    return describePtau(req.file, req.origin, o.known);
  }
  const need = requiredPtauPower(o.constraints, o.publicSignals);
  const cached = findCachedPtau(need, o.artifacts);
  if (cached !== undefined) {
    checkPtau(cached, o.constraints, o.publicSignals);
    o.log.info(`ptau: using cached ${cached}`);
    return describePtau(cached, "cache", o.known);
  }
  const power = Math.max(need, MIN_DEV_PTAU_POWER);
  const file = devPtauPath(power, o.artifacts);
  await withLock(
    path.join(ptauCacheDir(o.artifacts), ".lock"),
    async () => {
      if (!fs.existsSync(file)) await generateDevPtau(power, file, o.log);
    },
    { log: o.log },
  );
  checkPtau(file, o.constraints, o.publicSignals);
  return describePtau(file, "generated", o.known);
}

/** The smallest cached build/ptau/dev-pot<p>.ptau with p >= power. */
export function findCachedPtau(power: number, artifacts: ArtifactOptions): string | undefined {
  for (let p = power; p <= 28; p++) {
    const f = devPtauPath(p, artifacts);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

/**
 * Generates a development powers of tau of `power` at `out`: new, one contribution with
 * random entropy, a public beacon, prepare phase 2. One party knows its toxic waste: UNSAFE
 * FOR PRODUCTION. Writes a sidecar `<out>.json` describing how it was made.
 */
export async function generateDevPtau(power: number, out: string, log: BuildLog): Promise<void> {
  const minutes = estimateMinutes(power);
  const banner = "!".repeat(78);
  log.warn(
    `\n${banner}\n` +
      `  No powers of tau given: generating a DEVELOPMENT ptau of power ${power} at\n  ${out}\n` +
      `  Expect about ${minutes < 1 ? "under a minute" : `${Math.round(minutes)} min`} on 2 cores ` +
      `(power 12 ~ 2 min, 14 ~ 13 min, 17 ~ 66 min + 11 min).\n` +
      `  Set ${PTAU_ENV}=<prepared .ptau> to skip this.\n` +
      `  A single-party ptau is UNSAFE FOR PRODUCTION.\n${banner}`,
  );
  const tmp = path.join(path.dirname(out), `.tmp-pot${power}-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const t0 = Date.now();
  const f = (n: string): string => path.join(tmp, `pot${power}_${n}.ptau`);
  const curves = (
    snarkjs as unknown as { curves: { getCurveFromName(n: string): Promise<unknown> } }
  ).curves;
  try {
    const curve = await curves.getCurveFromName("bn128");
    await step(log, `ptau ${power}: new`, () =>
      snarkjs.powersOfTau.newAccumulator(curve, power, f("0000"), snarkjsLogger(log, "ptau new")),
    );
    const contribution = (await step(log, `ptau ${power}: contribute (random entropy)`, () =>
      snarkjs.powersOfTau.contribute(
        f("0000"),
        f("0001"),
        "zkmargin development contribution",
        crypto.randomBytes(64).toString("hex"),
        snarkjsLogger(log, "ptau contribute"),
      ),
    )) as Uint8Array;
    const beacon = (await step(log, `ptau ${power}: beacon`, () =>
      snarkjs.powersOfTau.beacon(
        f("0001"),
        f("beacon"),
        "zkmargin development beacon",
        DEV_PTAU_BEACON,
        10,
        snarkjsLogger(log, "ptau beacon"),
      ),
    )) as Uint8Array;
    await step(log, `ptau ${power}: prepare phase2 (the long part)`, () =>
      snarkjs.powersOfTau.preparePhase2(f("beacon"), f("final"), snarkjsLogger(log, "ptau phase2")),
    );
    fs.renameSync(f("final"), out);
    writeFileAtomic(
      `${out}.json`,
      JSON.stringify(
        {
          unsafeDevelopmentPtau: true,
          power,
          sha256: await sha256File(out),
          contributionHash: toHex(contribution),
          beacon: { hex: DEV_PTAU_BEACON, iterationsExp: 10, responseHash: toHex(beacon) },
          createdAt: new Date().toISOString(),
          seconds: (Date.now() - t0) / 1000,
        },
        null,
        2,
      ) + "\n",
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
