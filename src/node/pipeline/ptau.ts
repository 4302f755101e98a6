// Step 3: choose a powers-of-tau file: an explicit path (--ptau, then $ZKMARGIN_PTAU), checked
// against the known ceremony files (known-ptau.ts), else the cached development ptau of exactly
// the power the circuit needs, else generate it (seconds to a minute: see estimateSeconds).
import fs from "node:fs";
import path from "node:path";
import type { ArtifactOptions } from "../artifacts";
import { devPtauPath, PTAU_ENV, ptauCacheDir } from "../artifacts";
import { BN254_Q, readPtauHeader } from "./binfile";
import { sha256File } from "./hash";
import type { BuildLog } from "./log";
import {
  DEFAULT_DEV_PTAU_SEED,
  DEV_PTAU_CONTRIBUTION_NAME,
  DEV_PTAU_WARNING,
  generateDevPtau as generateDevPtauFile,
} from "../ptau/dev-ptau";
import { withLock } from "./lock";
import type { PtauRecord } from "./manifest";
import { writeFileAtomic } from "../files";
import { identifyPtau } from "./known-ptau";

/** Smallest power a development ptau is generated with (power 4 takes well under a second). */
export const MIN_DEV_PTAU_POWER = 4;

/**
 * Rough wall time of generating a development ptau with the fast generator, measured on 2
 * cores (power 10: 1.5 s, 12: 3.6 s, 15: 20 s, 17: 66 s, 20: 396 s).
 */
export function estimateSeconds(power: number): number {
  const measured: Record<number, number> = { 10: 2, 12: 4, 15: 20, 17: 66, 20: 400 };
  if (measured[power] !== undefined) return measured[power];
  if (power < 10) return 1;
  // a little more than doubles per power
  return Math.round(66 * 2.2 ** (power - 17));
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
    const id = await identifyPtau(req.file);
    if (id.known)
      o.log.info(`ptau: ${req.file} is ${id.ptau.name} (blake2b-512 matches snarkjs's table)`);
    else o.log.warn(id.warning);
    return describePtau(req.file, req.origin, o.known);
  }
  // Exactly the power the circuit needs, so that the deterministic development keys of an
  // instance are the same on every machine, whatever else was built before.
  const power = Math.max(requiredPtauPower(o.constraints, o.publicSignals), MIN_DEV_PTAU_POWER);
  const file = devPtauPath(power, o.artifacts);
  let generated = false;
  await withLock(
    path.join(ptauCacheDir(o.artifacts), ".lock"),
    async () => {
      if (fs.existsSync(file)) return o.log.info(`ptau: using cached ${file}`);
      await generateDevPtau(power, file, o.log);
      generated = true;
    },
    { log: o.log },
  );
  checkPtau(file, o.constraints, o.publicSignals);
  return describePtau(file, generated ? "generated" : "cache", o.known);
}

/**
 * Generates a development powers of tau of `power` at `out` with the fast generator
 * (src/node/ptau: every point by fixed-base multiplication from secrets derived from a public
 * seed, byte for byte what snarkjs's new + contribute + prepare phase2 make with that entropy).
 * Anyone can recompute its secrets: UNSAFE FOR PRODUCTION. Writes a sidecar `<out>.json`
 * describing how it was made. Shows progress (points done, percent, time left) on `log`.
 */
export async function generateDevPtau(power: number, out: string, log: BuildLog): Promise<void> {
  const banner = "!".repeat(78);
  log.warn(
    `\n${banner}\n` +
      `  No powers of tau given: generating a DEVELOPMENT ptau of power ${power} at\n  ${out}\n` +
      `  from the public seed "${DEFAULT_DEV_PTAU_SEED}" (about ${estimateSeconds(power)} s on 2 cores).\n` +
      `  Set ${PTAU_ENV}=<prepared .ptau> (or give a ptau) to use a ceremony file instead.\n` +
      `  ${DEV_PTAU_WARNING}\n${banner}`,
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const t0 = Date.now();
  let lastReport = 0;
  const result = await generateDevPtauFile({
    power,
    out,
    onProgress: (done, total, stage) => {
      const now = Date.now();
      if (done < total && now - lastReport < 2000) return;
      lastReport = now;
      const elapsed = (now - t0) / 1000;
      // the first points include building the fixed-base tables: extrapolate only past 5%
      const left =
        done >= total / 20 ? (elapsed * (total - done)) / done : estimateSeconds(power) - elapsed;
      log.info(
        `ptau ${power}: ${stage} ${done}/${total} points (${((100 * done) / total).toFixed(0)}%), ` +
          `${elapsed.toFixed(0)} s elapsed, ~${left.toFixed(0)} s left`,
      );
    },
  });
  writeFileAtomic(
    `${out}.json`,
    JSON.stringify(
      {
        unsafeDevelopmentPtau: true,
        warning: result.warning,
        power,
        sha256: result.sha256,
        seed: result.seed,
        contributionName: DEV_PTAU_CONTRIBUTION_NAME,
        responseHash: result.responseHash,
        generator:
          "zkmargin src/node/ptau (fixed-base, equals snarkjs new + contribute + prepare phase2)",
        createdAt: new Date().toISOString(),
        seconds: result.seconds,
      },
      null,
      2,
    ) + "\n",
  );
  log.info(
    `ptau ${power}: done in ${result.seconds.toFixed(1)} s (sha256 ${result.sha256.slice(0, 16)}…)`,
  );
}
