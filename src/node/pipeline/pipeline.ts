// The offline proving-key pipeline for one circuit instance:
//   generate main -> compile (skipped by source hash) -> ptau -> Groth16 development keys
//   (skipped by r1cs hash + ptau hash + snarkjs version) -> manifest.json.
// Used by scripts/build.ts, `zkmargin setup` and test root hooks. Safe to call concurrently
// (from several processes or several times in one): builds of an instance are serialized by
// a lock file, build/.locks/<instance>.lock.
import fs from "node:fs";
import path from "node:path";
import type { ArtifactPaths } from "../artifacts";
import { artifactPaths, buildRoot, circuitsDir, instancesConfigPath } from "../artifacts";
import { compileInstance } from "./compile";
import type { InstancesConfig } from "./config";
import { instanceParams, loadInstancesConfig } from "./config";
import { sha256File, sha256Hex, vkeyHash } from "./hash";
import { generateKeys, UNSAFE_LABEL } from "./keys";
import { withLock } from "./lock";
import type { BuildLog } from "./log";
import { stderrLog } from "./log";
import type { CompileRecord, KeysRecord, Manifest } from "./manifest";
import { KEYS_STEP_VERSION, readManifest, writeManifest } from "./manifest";
import { describePtau, requestedPtau, resolvePtau } from "./ptau";
import { packageVersion } from "./tools";

export interface BuildOptions {
  /** Generate Groth16 keys (default true); false stops after compiling. */
  keys?: boolean;
  /** Recompile and regenerate keys even when the hashes match. */
  force?: boolean;
  /** Progress reporting (default: stderr). */
  log?: BuildLog;
  /** Prepared ptau file; wins over $ZKMARGIN_PTAU. */
  ptau?: string;
  /** Environment read for ZKMARGIN_PTAU / ZKMARGIN_BUILD_DIR (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Build root; wins over $ZKMARGIN_BUILD_DIR (default <repo>/build). */
  buildDir?: string;
  /** Instance configuration (default: read from `configFile`, i.e. circuits/instances.json). */
  config?: InstancesConfig;
  configFile?: string;
  /** Template sources, also an include path (default <repo>/circuits). */
  sourcesDir?: string;
  /** Where generated mains go (default <sourcesDir>/main). */
  mainDir?: string;
}

export interface BuildResult {
  instance: string;
  paths: ArtifactPaths;
  manifest: Manifest;
  /** circom ran in this call (false: skipped by source hash). */
  compiled: boolean;
  /** keys were generated in this call (false: skipped, or not requested). */
  keysGenerated: boolean;
}

/** Names of the instances in the configuration. */
export function instanceNames(opts: Pick<BuildOptions, "config" | "configFile"> = {}): string[] {
  return Object.keys(
    (opts.config ?? loadInstancesConfig(opts.configFile ?? instancesConfigPath())).instances,
  );
}

export async function buildInstance(name: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const log = opts.log ?? stderrLog();
  const env = opts.env ?? process.env;
  const config = opts.config ?? loadInstancesConfig(opts.configFile ?? instancesConfigPath());
  const params = Object.fromEntries(instanceParams(config, name).map((p) => [p.name, p.value]));
  const artifactOpts = { buildDir: opts.buildDir, env };
  const paths = artifactPaths(name, artifactOpts);
  const sourcesDir = path.resolve(opts.sourcesDir ?? circuitsDir());
  const mainDir = path.resolve(opts.mainDir ?? path.join(sourcesDir, "main"));
  const lockFile = path.join(buildRoot(artifactOpts), ".locks", `${name}.lock`);

  return withLock(
    lockFile,
    async () => {
      const previous = readManifest(paths.manifest);
      const { record: compile, compiled } = await compileInstance({
        config,
        instance: name,
        sourcesDir,
        mainDir,
        paths,
        previous,
        force: opts.force === true,
        log,
      });
      const base: Omit<Manifest, "keys"> = {
        manifestVersion: 1,
        instance: name,
        unsafeDevelopmentKeys: true,
        circuit: {
          template: config.template,
          source: config.source,
          publicInputs: config.publicInputs,
          params,
        },
        compile,
      };
      // Keys made for another r1cs are stale: never leave them looking usable.
      const prevKeys = previous?.keys?.r1csSha256 === compile.r1csSha256 ? previous.keys : null;
      if (prevKeys === null) removeKeyFiles(paths);

      let keys: KeysRecord | null = prevKeys;
      let keysGenerated = false;
      if (opts.keys !== false) {
        const current =
          opts.force === true ? undefined : await currentKeys(paths, compile, prevKeys, opts, env);
        if (current !== undefined) {
          log.info(
            `keys ${name}: up to date (r1cs, ptau and snarkjs ${current.snarkjs} unchanged), skipped`,
          );
          keys = current;
        } else {
          writeManifest(paths.manifest, { ...base, keys: null }); // keys in flux
          const ptau = await resolvePtau({
            constraints: compile.constraints,
            publicSignals: compile.publicSignals,
            ptau: opts.ptau,
            env,
            artifacts: artifactOpts,
            known: previous?.keys?.ptau,
            log,
          });
          keys = await generateKeys({
            instance: name,
            paths,
            r1csSha256: compile.r1csSha256,
            ptau,
            log,
          });
          keysGenerated = true;
        }
      }
      const manifest: Manifest = { ...base, keys };
      writeManifest(paths.manifest, manifest);
      log.info(
        `${name}: ${compile.constraints} constraints, ${compile.publicSignals} public signals` +
          (keys !== null
            ? `; keys ${keysGenerated ? "generated" : "reused"} (${UNSAFE_LABEL.toUpperCase()}), ` +
              `vkey sha256 ${keys.vkeySha256}`
            : "; no keys"),
      );
      return { instance: name, paths, manifest, compiled, keysGenerated };
    },
    { log },
  );
}

function removeKeyFiles(paths: ArtifactPaths): void {
  for (const f of [paths.zkey, paths.vkey, paths.verifier]) fs.rmSync(f, { force: true });
}

/**
 * The previous keys if still valid: same r1cs (checked by the caller), same key step and
 * snarkjs version, files intact, and — when a ptau is requested explicitly — the same ptau.
 * Without an explicit ptau, existing keys are kept whatever ptau they came from.
 */
async function currentKeys(
  paths: ArtifactPaths,
  compile: CompileRecord,
  prev: KeysRecord | null,
  opts: BuildOptions,
  env: NodeJS.ProcessEnv,
): Promise<KeysRecord | undefined> {
  if (prev === null || prev.r1csSha256 !== compile.r1csSha256) return undefined;
  if (prev.stepVersion !== KEYS_STEP_VERSION || prev.snarkjs !== packageVersion("snarkjs"))
    return undefined;
  if (![paths.zkey, paths.vkey, paths.verifier].every((f) => fs.existsSync(f))) return undefined;
  if ((await sha256File(paths.zkey)) !== prev.zkeySha256) return undefined;
  if (sha256Hex(fs.readFileSync(paths.verifier)) !== prev.verifierSha256) return undefined;
  try {
    if (vkeyHash(JSON.parse(fs.readFileSync(paths.vkey, "utf8"))) !== prev.vkeySha256)
      return undefined;
  } catch {
    return undefined;
  }
  const req = requestedPtau({ ptau: opts.ptau, env });
  if (req !== undefined) {
    if (!fs.existsSync(req.file)) throw new Error(`ptau: ${req.file} does not exist`);
    const now = await describePtau(req.file, req.origin, prev.ptau);
    if (now.sha256 !== prev.ptau.sha256) return undefined;
    return { ...prev, ptau: now };
  }
  return prev;
}
