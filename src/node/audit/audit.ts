// `zkmargin audit`: rebuild the circuits from source in a temporary folder and compare them
// with the committed circuits/manifest.json; check the keys (zkey verify against r1cs and
// ptau, the verification key against the zkey and the manifest, the Solidity verifier's
// constants, optionally a deployed verifier's code); report constraint counts per instance and
// per template. Every mismatch is a failed check whose message says what differs.
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { artifactPaths, circuitsDir, PTAU_ENV } from "../artifacts";
import { circomCompilerVersion, listCircomSources } from "../pipeline/compile";
import { loadInstancesConfig } from "../pipeline/config";
import { sha256File, vkeyHash } from "../pipeline/hash";
import { KEYS_STEP_VERSION, readManifest } from "../pipeline/manifest";
import type { BuildLog } from "../pipeline/log";
import { silentLog } from "../pipeline/log";
import { buildInstance } from "../pipeline/pipeline";
import { describePtau } from "../pipeline/ptau";
import { packageVersion } from "../pipeline/tools";
import { tempDir } from "./circom";
import {
  deployedCodeProblems,
  verifierSourceProblems,
  verifyZkey,
  zkeyShapeProblems,
} from "./keys";
import type { CommittedInstance, CommittedManifest } from "./manifest";
import {
  committedManifestPath,
  MANIFEST_NOTE,
  readCommittedManifest,
  sourceHashes,
  writeCommittedManifest,
} from "./manifest";
import type { TemplateCount } from "./templates";
import { templateCounts } from "./templates";

export type CheckStatus = "ok" | "failed" | "note";

export interface AuditCheck {
  /** Short id: toolchain, sources, r1cs, wasm, constraints, templates, build, zkey, vkey, ... */
  check: string;
  instance?: string;
  status: CheckStatus;
  message: string;
}

export interface InstanceCounts {
  instance: string;
  constraints: number;
  templates: TemplateCount[];
}

export interface AuditReport {
  ok: boolean;
  manifest: string;
  instances: string[];
  checks: AuditCheck[];
  counts: InstanceCounts[];
  seconds: number;
}

/** Per-instance artifacts to audit instead of build/<instance>/ (the tampering tests use it). */
export interface KeyOverrides {
  zkey?: string;
  vkey?: string;
  verifier?: string;
}

export interface AuditOptions {
  /** Instances to audit (default: every instance of the manifest). */
  instances?: string[];
  manifestFile?: string;
  /** Circuit sources (default circuits/). */
  sourcesDir?: string;
  /** Build root holding the keys to check (default build/ or $ZKMARGIN_BUILD_DIR). */
  buildDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Prepared ptau for `zkey verify` (default $ZKMARGIN_PTAU, then the ptau the build used). */
  ptau?: string;
  /** Directory caching initial keys between zkey verifications (tests; see verifyZkey). */
  initCacheDir?: string;
  /** Run snarkjs `zkey verify` (default true; minutes for the standard instance). */
  zkeyVerify?: boolean;
  /** Compile each template alone for per-template counts (default true). */
  templates?: boolean;
  /** Check keys at all (default true; false: circuits only). */
  keys?: boolean;
  overrides?: Record<string, KeyOverrides>;
  /** Deployed verifiers to check: instance -> address, read through `rpc`. */
  rpc?: string;
  deployed?: Record<string, string>;
  log?: BuildLog;
}

const short = (h: string | undefined): string => (h === undefined ? "none" : h.slice(0, 16) + "…");

/** Copies the circuit sources (not generated mains) into `dest`. */
function copySources(from: string, dest: string): void {
  for (const rel of listCircomSources(from, [path.join(from, "main")])) {
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(path.join(from, rel), path.join(dest, rel));
  }
  fs.copyFileSync(path.join(from, "instances.json"), path.join(dest, "instances.json"));
}

export interface Rebuilt {
  instance: string;
  params: Record<string, number>;
  r1cs: string;
  r1csSha256: string;
  wasmSha256: string;
  mainSha256: string;
  constraints: number;
  publicSignals: number;
  wires: number;
}

/** Compiles `instances` from `sourcesDir` in a fresh temporary folder. */
export async function rebuildInstances(
  instances: string[],
  sourcesDir: string,
  work: string,
  log: BuildLog,
): Promise<Rebuilt[]> {
  const src = path.join(work, "circuits");
  copySources(sourcesDir, src);
  const config = loadInstancesConfig(path.join(src, "instances.json"));
  const out: Rebuilt[] = [];
  for (const name of instances) {
    const r = await buildInstance(name, {
      keys: false,
      force: true,
      config,
      sourcesDir: src,
      mainDir: path.join(src, "main"),
      buildDir: path.join(work, "build"),
      env: {},
      log,
    });
    const c = r.manifest.compile;
    out.push({
      instance: name,
      params: r.manifest.circuit.params,
      r1cs: r.paths.r1cs,
      r1csSha256: c.r1csSha256,
      wasmSha256: c.wasmSha256,
      mainSha256: await sha256File(path.join(src, "main", `${name}.circom`)),
      constraints: c.constraints,
      publicSignals: c.publicSignals,
      wires: c.wires,
    });
  }
  return out;
}

async function toolchain(): Promise<CommittedManifest["toolchain"]> {
  return {
    circom2: packageVersion("circom2"),
    circom: await circomCompilerVersion(),
    circomlib: packageVersion("circomlib"),
    snarkjs: packageVersion("snarkjs"),
    flags: ["--r1cs", "--wasm", "--sym", "--O2"],
  };
}

/** The ptau to verify keys against: option, $ZKMARGIN_PTAU, else the one the build recorded. */
function choosePtau(opts: AuditOptions, buildManifestPtau: string | undefined): string | undefined {
  const env = opts.env ?? process.env;
  if (opts.ptau) return path.resolve(opts.ptau);
  if (env[PTAU_ENV]) return path.resolve(env[PTAU_ENV] as string);
  return buildManifestPtau !== undefined && fs.existsSync(buildManifestPtau)
    ? buildManifestPtau
    : undefined;
}

export async function runAudit(opts: AuditOptions = {}): Promise<AuditReport> {
  const t0 = Date.now();
  const log = opts.log ?? silentLog;
  const manifestFile = opts.manifestFile ?? committedManifestPath();
  const sourcesDir = path.resolve(opts.sourcesDir ?? circuitsDir());
  const m = readCommittedManifest(manifestFile);
  const instances = opts.instances ?? Object.keys(m.instances);
  const checks: AuditCheck[] = [];
  const counts: InstanceCounts[] = [];
  const add = (check: string, status: CheckStatus, message: string, instance?: string): void => {
    checks.push({ check, status, message, ...(instance !== undefined ? { instance } : {}) });
    log.info(`${status === "ok" ? "ok" : status === "note" ? "note" : "FAILED"}: ${message}`);
  };

  // 1. Toolchain and sources.
  const tc = await toolchain();
  const tcDiffs = (["circom2", "circom", "circomlib", "snarkjs"] as const).filter(
    (k) => tc[k] !== m.toolchain[k],
  );
  if (tcDiffs.length === 0)
    add(
      "toolchain",
      "ok",
      `toolchain circom2 ${tc.circom2} (circom ${tc.circom}), circomlib ${tc.circomlib}, snarkjs ${tc.snarkjs} as in the manifest`,
    );
  for (const k of tcDiffs)
    add(
      "toolchain",
      "failed",
      `${k} ${tc[k]} is installed, the manifest was made with ${m.toolchain[k]}`,
    );

  const have = sourceHashes(sourcesDir);
  const srcProblems: string[] = [];
  for (const [f, h] of Object.entries(m.sources)) {
    if (have[f] === undefined) srcProblems.push(`${f} is in the manifest but missing`);
    else if (have[f] !== h)
      srcProblems.push(`${f} changed: sha256 ${short(have[f])}, the manifest has ${short(h)}`);
  }
  for (const f of Object.keys(have))
    if (m.sources[f] === undefined) srcProblems.push(`${f} is not in the manifest (a new source)`);
  if (srcProblems.length === 0)
    add("sources", "ok", `${Object.keys(have).length} circuit sources match the manifest`);
  for (const p of srcProblems) add("sources", "failed", `circuit source ${p}`);

  // 2. Rebuild in a temporary folder.
  const work = tempDir("audit");
  try {
    for (const name of instances) {
      const want: CommittedInstance | undefined = m.instances[name];
      if (want === undefined) {
        add("instance", "failed", `instance ${name} is not in the manifest`, name);
        continue;
      }
      const [rb] = await rebuildInstances([name], sourcesDir, path.join(work, name), log);
      const cmp = (
        check: string,
        what: string,
        got: string | number,
        exp: string | number,
      ): void => {
        if (got === exp)
          add(
            check,
            "ok",
            `${name}: ${what} ${typeof got === "string" ? short(got) : got} matches the manifest`,
            name,
          );
        else
          add(
            check,
            "failed",
            `${name}: rebuilt ${what} ${typeof got === "string" ? short(got) : got} differs from the manifest's ${typeof exp === "string" ? short(exp) : exp}`,
            name,
          );
      };
      cmp("r1cs", "r1cs sha256", rb.r1csSha256, want.r1csSha256);
      cmp("wasm", "wasm sha256", rb.wasmSha256, want.wasmSha256);
      cmp("constraints", "constraint count", rb.constraints, want.constraints);
      cmp("constraints", "public signal count", rb.publicSignals, want.publicSignals);

      let tcounts: TemplateCount[] = [];
      if (opts.templates !== false) {
        tcounts = await templateCounts(path.join(work, name, "circuits"), rb.params);
        for (const t of tcounts) {
          const w = want.templates.find((x) => x.template === t.template);
          const label = `${t.template}(${t.params.join(", ")})`;
          if (w === undefined)
            add("templates", "failed", `${name}: template ${label} is not in the manifest`, name);
          else if (w.constraints !== t.constraints || w.times !== t.times)
            add(
              "templates",
              "failed",
              `${name}: ${label} has ${t.constraints} constraints x ${t.times}, the manifest says ${w.constraints} x ${w.times}`,
              name,
            );
        }
        if (!checks.some((c) => c.check === "templates" && c.instance === name))
          add(
            "templates",
            "ok",
            `${name}: per-template constraint counts match the manifest`,
            name,
          );
      }
      counts.push({ instance: name, constraints: rb.constraints, templates: tcounts });

      if (opts.keys !== false) await auditKeys(name, rb, want, opts, add, log);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return {
    ok: !checks.some((c) => c.status === "failed"),
    manifest: manifestFile,
    instances,
    checks,
    counts,
    seconds: (Date.now() - t0) / 1000,
  };
}

async function auditKeys(
  name: string,
  rb: Rebuilt,
  want: CommittedInstance,
  opts: AuditOptions,
  add: (check: string, status: CheckStatus, message: string, instance?: string) => void,
  log: BuildLog,
): Promise<void> {
  const paths = artifactPaths(name, { buildDir: opts.buildDir, env: opts.env });
  const ov = opts.overrides?.[name] ?? {};
  const zkey = ov.zkey ?? paths.zkey;
  const vkeyFile = ov.vkey ?? paths.vkey;
  const verifierFile = ov.verifier ?? paths.verifier;
  const missing = [zkey, vkeyFile, verifierFile].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    add(
      "keys",
      "failed",
      `${name}: missing ${missing.join(", ")} (build the keys: npm run circuits)`,
      name,
    );
    return;
  }
  const buildManifest = readManifest(paths.manifest);
  if (
    ov.zkey === undefined &&
    buildManifest !== undefined &&
    buildManifest.compile.r1csSha256 !== rb.r1csSha256
  )
    add(
      "build",
      "failed",
      `${name}: ${paths.r1cs} is not the rebuilt r1cs: the keys in ${paths.dir} belong to another circuit build (run npm run circuits)`,
      name,
    );

  // The zkey: its shape, then snarkjs zkey verify against the rebuilt r1cs and the ptau.
  const shape = zkeyShapeProblems(zkey, rb.r1cs);
  for (const p of shape) add("zkey", "failed", `${name}: ${p}`, name);
  const ptau = choosePtau(opts, buildManifest?.keys?.ptau.path);
  let ptauSha: string | undefined;
  if (ptau === undefined)
    add(
      "ptau",
      "failed",
      `${name}: no ptau to verify the keys against: set ${PTAU_ENV} or pass --ptau`,
      name,
    );
  else if (!fs.existsSync(ptau))
    add("ptau", "failed", `${name}: ptau ${ptau} does not exist`, name);
  else ptauSha = (await describePtau(ptau, "option", buildManifest?.keys?.ptau)).sha256;

  if (shape.length === 0 && ptau !== undefined && ptauSha !== undefined) {
    if (opts.zkeyVerify === false)
      add("zkey", "note", `${name}: zkey verify skipped (--no-zkey-verify)`, name);
    else {
      const r = await verifyZkey(rb.r1cs, ptau, zkey, log, opts.initCacheDir);
      if (r.ok)
        add(
          "zkey",
          "ok",
          `${name}: snarkjs zkey verify: ${path.basename(zkey)} belongs to the rebuilt r1cs and ptau sha256 ${short(ptauSha)} (${r.contributions.length} contribution(s), ${r.seconds.toFixed(0)} s)`,
          name,
        );
      else
        add(
          "zkey",
          "failed",
          `${name}: snarkjs zkey verify rejects ${zkey} for the rebuilt r1cs and ptau ${path.basename(ptau)}: ${r.errors.join("; ") || "invalid"}` +
            (ov.zkey === undefined &&
            buildManifest?.keys != null &&
            buildManifest.keys.ptau.sha256 !== ptauSha
              ? ` (keys were made from another ptau: build manifest says sha256 ${short(buildManifest.keys.ptau.sha256)}, this one is ${short(ptauSha)})`
              : ""),
          name,
        );
    }
  }

  // The verification key: exported from the zkey, then against the manifest.
  let vkey: unknown;
  try {
    vkey = JSON.parse(fs.readFileSync(vkeyFile, "utf8"));
  } catch (e) {
    add("vkey", "failed", `${name}: ${vkeyFile}: ${(e as Error).message}`, name);
    return;
  }
  const vh = vkeyHash(vkey);
  if (shape.length === 0) {
    const fromZkey = vkeyHash(await snarkjs.zKey.exportVerificationKey(zkey));
    if (fromZkey !== vh)
      add(
        "vkey",
        "failed",
        `${name}: ${path.basename(vkeyFile)} (sha256 ${short(vh)}) is not the zkey's verification key (${short(fromZkey)})`,
        name,
      );
    else
      add(
        "vkey",
        "ok",
        `${name}: ${path.basename(vkeyFile)} is the zkey's verification key (sha256 ${short(vh)})`,
        name,
      );
  }
  if (want.keys === null)
    add("vkey", "note", `${name}: the manifest pins no verification key`, name);
  else if (ptauSha !== undefined && ptauSha !== want.keys.ptauSha256)
    add(
      "vkey",
      "note",
      `${name}: keys were made from another ptau (sha256 ${short(ptauSha)}); the manifest's verification-key hash belongs to ptau ${short(want.keys.ptauSha256)} and is not compared`,
      name,
    );
  else if (ptauSha !== undefined) {
    if (vh === want.keys.vkeySha256)
      add(
        "vkey",
        "ok",
        `${name}: verification key sha256 matches the manifest (deterministic development keys)`,
        name,
      );
    else
      add(
        "vkey",
        "failed",
        `${name}: verification key sha256 ${short(vh)} differs from the manifest's ${short(want.keys.vkeySha256)} over the same ptau: not the development recipe's key (a ceremony key needs a new manifest)`,
        name,
      );
  }

  // The Solidity verifier.
  const src = fs.readFileSync(verifierFile, "utf8");
  const vp = verifierSourceProblems(src, vkey, path.basename(verifierFile));
  if (vp.length === 0)
    add(
      "verifier",
      "ok",
      `${name}: ${path.basename(verifierFile)} constants equal the verification key`,
      name,
    );
  for (const p of vp) add("verifier", "failed", `${name}: ${p}`, name);

  const address = opts.deployed?.[name];
  if (address !== undefined) {
    if (opts.rpc === undefined) {
      add("deployed", "failed", `${name}: --address needs --rpc`, name);
      return;
    }
    const { JsonRpcProvider } = await import("ethers");
    const provider = new JsonRpcProvider(opts.rpc);
    try {
      const code = await provider.getCode(address);
      const dp = deployedCodeProblems(code, vkey, `verifier at ${address}`);
      if (dp.length === 0)
        add(
          "deployed",
          "ok",
          `${name}: the verifier at ${address} carries every constant of the verification key`,
          name,
        );
      for (const p of dp) add("deployed", "failed", `${name}: ${p}`, name);
    } finally {
      provider.destroy();
    }
  }
}

/** Rebuilds every instance and writes circuits/manifest.json (keys from build/, when current). */
export async function writeManifestFromBuild(opts: {
  file?: string;
  sourcesDir?: string;
  buildDir?: string;
  log?: BuildLog;
}): Promise<CommittedManifest> {
  const log = opts.log ?? silentLog;
  const sourcesDir = path.resolve(opts.sourcesDir ?? circuitsDir());
  const config = loadInstancesConfig(path.join(sourcesDir, "instances.json"));
  const work = tempDir("manifest");
  const out: CommittedManifest = {
    version: 1,
    note: MANIFEST_NOTE,
    toolchain: await toolchain(),
    sources: sourceHashes(sourcesDir),
    instances: {},
  };
  try {
    for (const name of Object.keys(config.instances)) {
      const [rb] = await rebuildInstances([name], sourcesDir, path.join(work, name), log);
      const templates = await templateCounts(path.join(work, name, "circuits"), rb.params);
      const bm = readManifest(artifactPaths(name, { buildDir: opts.buildDir }).manifest);
      const k = bm?.keys;
      const current =
        k != null && k.r1csSha256 === rb.r1csSha256 && k.stepVersion === KEYS_STEP_VERSION;
      if (!current)
        log.warn(
          `${name}: build/${name} has no current development keys; the manifest pins none (run npm run circuits first)`,
        );
      out.instances[name] = {
        params: rb.params,
        mainSha256: rb.mainSha256,
        r1csSha256: rb.r1csSha256,
        wasmSha256: rb.wasmSha256,
        constraints: rb.constraints,
        publicSignals: rb.publicSignals,
        wires: rb.wires,
        templates,
        keys: current
          ? {
              recipe: "development: zkey new + public beacon (no secret contribution)",
              keysStepVersion: k.stepVersion,
              ptauSha256: k.ptau.sha256,
              ptauPower: k.ptau.power,
              zkeySha256: k.zkeySha256,
              vkeySha256: k.vkeySha256,
              verifierSha256: k.verifierSha256,
              unsafeDevelopmentKeys: true,
            }
          : null,
      };
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  writeCommittedManifest(out, opts.file);
  return out;
}

/** The report as text: one line per check, then the constraint counts. */
export function formatAuditReport(r: AuditReport): string {
  const lines: string[] = [];
  for (const c of r.checks)
    lines.push(
      `${c.status === "ok" ? "  ok  " : c.status === "note" ? " note " : "FAILED"} ${c.message}`,
    );
  for (const c of r.counts) {
    lines.push("", `constraints of ${c.instance}: ${c.constraints}`);
    let sum = 0;
    for (const t of c.templates) {
      sum += t.constraints * t.times;
      lines.push(
        `  ${`${t.template}(${t.params.join(", ")})`.padEnd(36)} ${String(t.constraints).padStart(7)} x ${String(t.times).padStart(2)} = ${String(t.constraints * t.times).padStart(7)}`,
      );
    }
    if (c.templates.length > 0)
      lines.push(`  sum of parts ${sum} (Solvency's own glue: ${c.constraints - sum})`);
  }
  const failed = r.checks.filter((c) => c.status === "failed").length;
  lines.push(
    "",
    r.ok
      ? `audit passed (${r.instances.join(", ")}; ${r.seconds.toFixed(0)} s)`
      : `audit FAILED: ${failed} check(s) failed`,
  );
  return lines.join("\n") + "\n";
}
