// Steps 1-2: generate circuits/main/<instance>.circom and compile it with circom2, unless the
// source hash recorded in manifest.json says the outputs are current.
import fs from "node:fs";
import path from "node:path";
import type { ArtifactPaths } from "../artifacts";
import { projectRoot } from "../artifacts";
import {
  CIRCOM_FLAGS,
  circomCompilerVersion,
  compileCircom,
  stripAnsi,
  writeMainFile,
} from "../circom/driver";
import { readR1csHeader } from "../circom/r1cs";
import { BN254_R } from "./binfile";
import type { InstancesConfig } from "./config";
import { instanceParams, renderMain } from "./config";
import { canonicalJson, sha256File, sha256Hex } from "./hash";
import type { BuildLog } from "./log";
import { step } from "./log";
import type { CompileRecord, Manifest } from "./manifest";
import { COMPILE_STEP_VERSION } from "./manifest";
import { packageVersion } from "./tools";

export interface CompileOptions {
  config: InstancesConfig;
  instance: string;
  /** Directory of the template sources (circuits/); also an include path. */
  sourcesDir: string;
  /** Directory of generated mains (circuits/main/). */
  mainDir: string;
  paths: ArtifactPaths;
  previous: Manifest | undefined;
  force: boolean;
  log: BuildLog;
}

/** Every .circom file under `dir` (recursively), skipping `exclude`, as sorted relative paths. */
export function listCircomSources(dir: string, exclude: string[] = []): string[] {
  const skip = new Set(exclude.map((d) => path.resolve(d)));
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!skip.has(path.resolve(full)) && e.name !== "node_modules") walk(full);
      } else if (e.isFile() && e.name.endsWith(".circom")) {
        out.push(path.relative(dir, full).split(path.sep).join("/"));
      }
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The compile step's content hash: every circuit source (path + sha256), the generated main,
 * the instance parameters, circom2 and circomlib versions, and the flags.
 */
export function computeSourceHash(o: {
  sourcesDir: string;
  mainDir: string;
  mainText: string;
  params: Record<string, number>;
  flags: string[];
}): string {
  const sources = listCircomSources(o.sourcesDir, [o.mainDir]).map((rel) => [
    rel,
    sha256Hex(fs.readFileSync(path.join(o.sourcesDir, rel))),
  ]);
  return sha256Hex(
    canonicalJson({
      step: COMPILE_STEP_VERSION,
      sources,
      main: o.mainText,
      params: o.params,
      circom2: packageVersion("circom2"),
      circomlib: packageVersion("circomlib"),
      flags: o.flags,
    }),
  );
}

/** The previous compile record if its outputs are current: same source hash, files intact. */
async function currentRecord(
  o: CompileOptions,
  sourceHash: string,
): Promise<CompileRecord | undefined> {
  const prev = o.previous?.compile;
  if (
    prev === undefined ||
    prev.sourceHash !== sourceHash ||
    prev.stepVersion !== COMPILE_STEP_VERSION
  ) {
    return undefined;
  }
  const p = o.paths;
  if (![p.r1cs, p.sym, p.wasm].every((f) => fs.existsSync(f))) return undefined;
  const intact =
    (await sha256File(p.r1cs)) === prev.r1csSha256 &&
    (await sha256File(p.wasm)) === prev.wasmSha256;
  return intact ? prev : undefined;
}

/** `file` relative to the repository when inside it, else absolute; always with `/`. */
export function displayPath(file: string): string {
  const rel = path.relative(projectRoot(), file);
  return (rel.startsWith("..") || path.isAbsolute(rel) ? path.resolve(file) : rel)
    .split(path.sep)
    .join("/");
}

export async function compileInstance(
  o: CompileOptions,
): Promise<{ record: CompileRecord; compiled: boolean }> {
  const { config, instance, paths, log } = o;
  const sourceFile = path.join(o.sourcesDir, config.source);
  if (!fs.existsSync(sourceFile)) {
    throw new Error(
      `${sourceFile} not found: instances.json names it as the source of template ${config.template}`,
    );
  }
  const mainFile = path.join(o.mainDir, `${instance}.circom`);
  const include = path.relative(o.mainDir, sourceFile).split(path.sep).join("/");
  const mainText = renderMain(config, instance, include);
  writeMainFile(mainFile, mainText);
  const params = Object.fromEntries(instanceParams(config, instance).map((p) => [p.name, p.value]));
  const flags = [...CIRCOM_FLAGS];
  const sourceHash = computeSourceHash({
    sourcesDir: o.sourcesDir,
    mainDir: o.mainDir,
    mainText,
    params,
    flags,
  });

  const current = o.force ? undefined : await currentRecord(o, sourceHash);
  if (current !== undefined) {
    log.info(`compile ${instance}: up to date (source hash ${sourceHash.slice(0, 12)}), skipped`);
    return { record: current, compiled: false };
  }

  // Stale outputs must not survive a failed compile and pass for current ones.
  fs.mkdirSync(paths.dir, { recursive: true });
  fs.rmSync(paths.manifest, { force: true });
  for (const f of [paths.r1cs, paths.sym]) fs.rmSync(f, { force: true });
  fs.rmSync(paths.wasmDir, { recursive: true, force: true });

  const prevCount = o.previous?.compile?.constraints;
  const hint =
    prevCount !== undefined
      ? ` (last build: ${prevCount} constraints, expect ~${Math.max(1, Math.round((prevCount / 50000) * 20))} s)`
      : " (circom2 takes ~20 s per 50k constraints)";
  const compiler = await circomCompilerVersion();
  const t0 = Date.now();
  await step(log, `compile ${instance} with circom ${compiler}${hint}`, () =>
    compileCircom({
      mainFile,
      outDir: paths.dir,
      flags,
      includeDirs: [o.sourcesDir],
      onLine: (line) => {
        const l = stripAnsi(line).trim();
        if (l !== "") log.info(`  circom: ${l}`);
      },
    }),
  );
  const seconds = (Date.now() - t0) / 1000;

  const h = readR1csHeader(paths.r1cs);
  if (h.prime !== BN254_R) throw new Error(`${paths.r1cs}: not a BN254 circuit`);
  if (h.nPubInputs !== config.publicInputs.length) {
    throw new Error(
      `${paths.r1cs}: ${h.nPubInputs} public input signals, expected ${config.publicInputs.length} ` +
        `(${config.publicInputs.join(", ")}); array-valued public inputs are not supported`,
    );
  }
  if (h.nOutputs > 0) {
    log.warn(
      `${instance}: ${h.nOutputs} public output(s) come before the public inputs in publicSignals`,
    );
  }
  log.info(
    `compile ${instance}: ${h.nConstraints} constraints, ${h.nPublic} public signals, ${h.nWires} wires`,
  );
  return {
    compiled: true,
    record: {
      stepVersion: COMPILE_STEP_VERSION,
      sourceHash,
      mainFile: displayPath(mainFile),
      compiler: { circom2Package: packageVersion("circom2"), circom: compiler },
      circomlib: packageVersion("circomlib"),
      flags,
      r1csSha256: await sha256File(paths.r1cs),
      symSha256: await sha256File(paths.sym),
      wasmSha256: await sha256File(paths.wasm),
      constraints: h.nConstraints,
      publicSignals: h.nPublic,
      publicInputs: h.nPubInputs,
      outputs: h.nOutputs,
      privateInputs: h.nPrvInputs,
      wires: h.nWires,
      compiledAt: new Date().toISOString(),
      seconds,
    },
  };
}
