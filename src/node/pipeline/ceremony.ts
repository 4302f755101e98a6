// Step 7: thin wrappers for a real Groth16 phase-2 ceremony over a given zkey, r1cs and ptau.
// A production ceremony: start from a public multi-party ptau (e.g. Hermez
// powersOfTau28_hez_final_<p>.ptau, hash checked), `zkey new`, several independent
// `contribute` calls by different parties, a `beacon` from a public random value chosen
// after the last contribution, then `verify`, and export the keys from the final zkey.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { verifyZkey } from "../audit/keys";
import { sha256File, sha256Hex, toHex, vkeyHash } from "./hash";
import {
  TRANSCRIPT_FILE,
  type Transcript,
  type TranscriptStep,
  readTranscript,
  transcriptPath,
  writeTranscript,
} from "./transcript";
import { groth16VerifierTemplate, packageVersion } from "./tools";
import type { BuildLog } from "./log";
import { silentLog, snarkjsLogger } from "./log";

export interface CeremonyOptions {
  log?: BuildLog;
}

/** Adds a contribution (random entropy unless given); returns its hash (hex). */
export async function contribute(
  zkeyIn: string,
  zkeyOut: string,
  opts: CeremonyOptions & { name: string; entropy?: string },
): Promise<string> {
  const entropy = opts.entropy ?? crypto.randomBytes(64).toString("hex");
  const hash: unknown = await snarkjs.zKey.contribute(
    zkeyIn,
    zkeyOut,
    opts.name,
    entropy,
    snarkjsLogger(opts.log ?? silentLog, "contribute"),
  );
  if (!(hash instanceof Uint8Array)) throw new Error(`contribute: snarkjs failed on ${zkeyIn}`);
  return toHex(hash);
}

/** Applies a public beacon (hex, 2^iterationsExp hash iterations, 10..63); returns its hash. */
export async function beacon(
  zkeyIn: string,
  zkeyOut: string,
  opts: CeremonyOptions & { name: string; beaconHex: string; iterationsExp: number },
): Promise<string> {
  if (!/^([0-9a-fA-F]{2})+$/.test(opts.beaconHex))
    throw new Error("beaconHex: expected an even-length hex string");
  if (!Number.isInteger(opts.iterationsExp) || opts.iterationsExp < 10 || opts.iterationsExp > 63) {
    throw new Error(`iterationsExp: expected an integer in [10, 63], got ${opts.iterationsExp}`);
  }
  const hash: unknown = await snarkjs.zKey.beacon(
    zkeyIn,
    zkeyOut,
    opts.name,
    opts.beaconHex,
    opts.iterationsExp,
    snarkjsLogger(opts.log ?? silentLog, "beacon"),
  );
  if (!(hash instanceof Uint8Array)) throw new Error(`beacon: snarkjs failed on ${zkeyIn}`);
  return toHex(hash);
}

/** Checks a zkey against its circuit and ptau: every contribution in the chain is valid. */
export async function verify(
  r1cs: string,
  ptau: string,
  zkey: string,
  opts: CeremonyOptions = {},
): Promise<boolean> {
  const ok: unknown = await snarkjs.zKey.verifyFromR1cs(
    r1cs,
    ptau,
    zkey,
    snarkjsLogger(opts.log ?? silentLog, "verify", 0),
  );
  return ok === true;
}

// ---------------------------------------------------------------- ceremony with a transcript
//
// A ceremony directory holds transcript.json and one zkey per step:
//   <circuit>_0000.zkey   the start: `zkey new` over r1cs + ptau (or an existing valid zkey)
//   <circuit>_0001.zkey   after the first contribution, ...
//   <circuit>_NNNN.zkey   after the beacon (the final key)
// The transcript records each step's kind, name, contribution hash (as snarkjs prints it) and
// the sha256 of the zkey it produced. `verifyTranscript` checks every file against the
// transcript, runs snarkjs `zkey verify` on the last key against r1cs and ptau (which checks
// every contribution of the chain) and compares the chain with the transcript.
export { TRANSCRIPT_FILE, readTranscript } from "./transcript";
export type { Transcript, TranscriptStep } from "./transcript";

const stepFile = (circuit: string, i: number): string =>
  `${circuit}_${String(i).padStart(4, "0")}.zkey`;

/**
 * Starts a ceremony in `dir` (created; must not hold a transcript): `zkey new` over the r1cs
 * and the ptau (a public ceremony file for production), or, with `fromZkey`, continuing from
 * an existing key for the same circuit (its chain is verified with the rest at the end).
 */
export async function startCeremony(o: {
  dir: string;
  circuit: string;
  r1cs: string;
  ptau: string;
  fromZkey?: string;
  log?: BuildLog;
}): Promise<Transcript> {
  fs.mkdirSync(o.dir, { recursive: true });
  if (fs.existsSync(transcriptPath(o.dir)))
    throw new Error(`${transcriptPath(o.dir)} exists: a ceremony was already started there`);
  const file = stepFile(o.circuit, 0);
  const out = path.join(o.dir, file);
  if (o.fromZkey !== undefined) fs.copyFileSync(o.fromZkey, out);
  else {
    const h: unknown = await snarkjs.zKey.newZKey(
      o.r1cs,
      o.ptau,
      out,
      snarkjsLogger(o.log ?? silentLog, "zkey new"),
    );
    if (!(h instanceof Uint8Array)) throw new Error(`zkey new failed on ${o.r1cs}`);
  }
  const t: Transcript = {
    version: 1,
    kind: "zkmargin-groth16-phase2",
    circuit: o.circuit,
    snarkjs: packageVersion("snarkjs"),
    r1csSha256: await sha256File(o.r1cs),
    ptau: { file: path.basename(o.ptau), sha256: await sha256File(o.ptau) },
    steps: [
      {
        index: 0,
        kind: "start",
        name: o.fromZkey !== undefined ? "continued from an existing zkey" : "zkey new",
        file,
        zkeySha256: await sha256File(out),
        ...(o.fromZkey !== undefined ? { from: path.basename(o.fromZkey) } : {}),
        at: new Date().toISOString(),
      },
    ],
  };
  writeTranscript(o.dir, t);
  return t;
}

async function nextStep(
  dir: string,
  make: (prev: string, next: string) => Promise<string>,
  step: Omit<TranscriptStep, "index" | "file" | "zkeySha256" | "at" | "contributionHash">,
): Promise<TranscriptStep> {
  const t = readTranscript(dir);
  if (t.final !== undefined) throw new Error(`${dir}: the ceremony was already exported`);
  const last = t.steps[t.steps.length - 1];
  if (last.kind === "beacon") throw new Error(`${dir}: a beacon closes the ceremony`);
  const prev = path.join(dir, last.file);
  if ((await sha256File(prev)) !== last.zkeySha256)
    throw new Error(`${prev}: sha256 differs from the transcript; refusing to build on it`);
  const index = t.steps.length;
  const file = stepFile(t.circuit, index);
  const hash = await make(prev, path.join(dir, file));
  const s: TranscriptStep = {
    index,
    ...step,
    file,
    zkeySha256: await sha256File(path.join(dir, file)),
    contributionHash: hash,
    at: new Date().toISOString(),
  };
  t.steps.push(s);
  writeTranscript(dir, t);
  return s;
}

/** Adds a contribution to the ceremony in `dir` (random entropy unless given). */
export function addContribution(
  dir: string,
  opts: CeremonyOptions & { name: string; entropy?: string },
): Promise<TranscriptStep> {
  return nextStep(dir, (a, b) => contribute(a, b, opts), {
    kind: "contribution",
    name: opts.name,
  });
}

/** Applies the closing public beacon to the ceremony in `dir`. */
export function applyBeacon(
  dir: string,
  opts: CeremonyOptions & { name: string; beaconHex: string; iterationsExp: number },
): Promise<TranscriptStep> {
  return nextStep(dir, (a, b) => beacon(a, b, opts), {
    kind: "beacon",
    name: opts.name,
    beacon: { hex: opts.beaconHex.toLowerCase(), iterationsExp: opts.iterationsExp },
  });
}

export interface TranscriptCheck {
  ok: boolean;
  problems: string[];
  /** Contributions of the final key as snarkjs reports them. */
  chain: { name: string; hash: string }[];
  seconds: number;
}

/**
 * Verifies a ceremony: the r1cs and ptau are the transcript's, every step's zkey has the
 * recorded sha256, the steps are in order (start, contributions, then at most one closing
 * beacon), snarkjs `zkey verify` accepts the last key against r1cs and ptau, and the chain it
 * reports ends with the transcript's contributions (names and hashes, in order).
 */
export async function verifyTranscript(o: {
  dir: string;
  r1cs: string;
  ptau: string;
  /** Directory caching the circuit's initial key between verifications (see verifyZkey). */
  initCacheDir?: string;
  log?: BuildLog;
}): Promise<TranscriptCheck> {
  const t0 = Date.now();
  const problems: string[] = [];
  const t = readTranscript(o.dir);
  const done = (chain: TranscriptCheck["chain"] = []): TranscriptCheck => ({
    ok: problems.length === 0,
    problems,
    chain,
    seconds: (Date.now() - t0) / 1000,
  });
  if ((await sha256File(o.r1cs)) !== t.r1csSha256)
    problems.push(`the r1cs ${o.r1cs} is not the transcript's (sha256 ${t.r1csSha256})`);
  if ((await sha256File(o.ptau)) !== t.ptau.sha256)
    problems.push(
      `the ptau ${o.ptau} is not the transcript's (${t.ptau.file}, sha256 ${t.ptau.sha256})`,
    );
  t.steps.forEach((s, i) => {
    const bad =
      s.index !== i ||
      (i === 0 ? s.kind !== "start" : s.kind === "start") ||
      (s.kind === "beacon" && i !== t.steps.length - 1);
    if (bad) problems.push(`step ${i} (${s.kind} "${s.name}"): out of order`);
  });
  for (const s of t.steps) {
    const f = path.join(o.dir, s.file);
    if (!fs.existsSync(f))
      problems.push(`step ${s.index} (${s.kind} "${s.name}"): ${s.file} is missing`);
    else if ((await sha256File(f)) !== s.zkeySha256)
      problems.push(
        `step ${s.index} (${s.kind} "${s.name}"): ${s.file} is corrupted or replaced (sha256 differs from the transcript)`,
      );
  }
  if (t.steps.length < 2) problems.push("the transcript has no contribution");
  else if (t.steps[t.steps.length - 1].kind !== "beacon")
    problems.push("the transcript does not end with a beacon (not final)");
  if (problems.length > 0) return done(); // a corrupted file: no point running snarkjs

  const last = t.steps[t.steps.length - 1];
  const finalZkey = path.join(o.dir, last.file);
  const r = await verifyZkey(o.r1cs, o.ptau, finalZkey, o.log ?? silentLog, o.initCacheDir);
  const chain = r.contributions.map((c) => ({ name: c.name, hash: c.hash }));
  if (!r.ok) {
    problems.push(
      `snarkjs zkey verify rejects ${last.file}: ${r.errors.join("; ") || "invalid contribution chain"}`,
    );
    return done(chain);
  }
  const mine = t.steps.slice(1);
  const tail = chain.slice(chain.length - mine.length);
  if (chain.length < mine.length) problems.push("the key's chain is shorter than the transcript");
  mine.forEach((s, i) => {
    const c = tail[i];
    if (c === undefined) return;
    if (c.hash !== s.contributionHash)
      problems.push(
        `step ${s.index} (${s.kind} "${s.name}"): contribution hash in the transcript ` +
          `${String(s.contributionHash).slice(0, 16)}... is not the key's ${c.hash.slice(0, 16)}...`,
      );
    else if (c.name !== s.name)
      problems.push(`step ${s.index}: named "${s.name}" in the transcript, "${c.name}" in the key`);
  });
  return done(chain);
}

/**
 * Exports the final key of a verified ceremony: <outDir>/<circuit>.zkey,
 * verification_key.json and Verifier.sol (snarkjs's template, with a header naming the
 * ceremony). Records the hashes in the transcript.
 */
export async function exportCeremony(o: {
  dir: string;
  outDir: string;
}): Promise<NonNullable<Transcript["final"]>> {
  const t = readTranscript(o.dir);
  const last = t.steps[t.steps.length - 1];
  if (last.kind !== "beacon") throw new Error(`${o.dir}: finish the ceremony with a beacon first`);
  fs.mkdirSync(o.outDir, { recursive: true });
  const zkey = path.join(o.outDir, `${t.circuit}.zkey`);
  fs.copyFileSync(path.join(o.dir, last.file), zkey);
  const vkey = (await snarkjs.zKey.exportVerificationKey(zkey)) as Record<string, unknown>;
  const vkeySha256 = vkeyHash(vkey);
  const templates = { groth16: fs.readFileSync(groth16VerifierTemplate(), "utf8") };
  const sol = (await snarkjs.zKey.exportSolidityVerifier(zkey, templates)) as string;
  const header =
    `// GENERATED by zkmargin from the phase-2 ceremony of ${t.circuit} ` +
    `(${t.steps.length - 2} contribution(s) and a beacon; transcript ${TRANSCRIPT_FILE}).\n` +
    `// Verification key sha256 (canonical JSON): ${vkeySha256}\n`;
  const m = /^\/\/ SPDX-License-Identifier:[^\n]*\n/.exec(sol);
  const verifier = m === null ? header + sol : m[0] + header + sol.slice(m[0].length);
  fs.writeFileSync(
    path.join(o.outDir, "verification_key.json"),
    JSON.stringify(vkey, null, 2) + "\n",
  );
  fs.writeFileSync(path.join(o.outDir, "Verifier.sol"), verifier);
  t.final = {
    zkeySha256: last.zkeySha256,
    vkeySha256,
    verifierSha256: sha256Hex(verifier),
    exportedAt: new Date().toISOString(),
  };
  writeTranscript(o.dir, t);
  return t.final;
}
