// The one place that knows where circuit artifacts live (Node only: uses fs and path).
//
// Layout under the build root (default <repo>/build, overridable with ZKMARGIN_BUILD_DIR):
//   <instance>/<instance>.r1cs            constraint system (circom --r1cs)
//   <instance>/<instance>.sym             signal names (circom --sym)
//   <instance>/<instance>_js/<instance>.wasm   witness generator (circom --wasm)
//   <instance>/<instance>.zkey            Groth16 proving key
//   <instance>/verification_key.json      Groth16 verification key
//   <instance>/Verifier.sol               snarkjs Solidity verifier (contract Groth16Verifier)
//   <instance>/manifest.json              hashes, versions and sizes of the above
//   ptau/dev-pot<power>-v1.ptau           cached development powers of tau (public seed v1)
//   app/                                  the web page and browser SDK (src/node/app/build.ts)
//
// Generated circuit mains live in circuits/main/<instance>.circom (gitignored).
// Nothing here is imported by the browser bundle.
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { INSTANCE_NAME_RE, isInstanceName } from "../format";

/** Environment variable that moves the build root. */
export const BUILD_DIR_ENV = "ZKMARGIN_BUILD_DIR";

/** Environment variable naming a prepared powers-of-tau file to use for key generation. */
export const PTAU_ENV = "ZKMARGIN_PTAU";

/** Every path of one compiled instance. */
export interface ArtifactPaths {
  instance: string;
  /** build/<instance> */
  dir: string;
  r1cs: string;
  sym: string;
  /** build/<instance>/<instance>_js */
  wasmDir: string;
  wasm: string;
  zkey: string;
  vkey: string;
  verifier: string;
  manifest: string;
}

/** Options shared by the resolvers; `env` defaults to process.env. */
export interface ArtifactOptions {
  /** Build root; wins over ZKMARGIN_BUILD_DIR. */
  buildDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Throws unless `name` is a safe instance name (lower case, digits, `-`, `_`). */
export function assertInstanceName(name: string): void {
  if (!isInstanceName(name)) {
    throw new Error(
      `instance: invalid name ${JSON.stringify(name)} (expected ${INSTANCE_NAME_RE.source})`,
    );
  }
}

let cachedRoot: string | undefined;

/**
 * The repository root: the nearest directory above this module holding a package.json (from
 * src/node/ under ts-node or mocha, from dist/ in the CLI bundle, scripts/build-cli.js). Every
 * path of ours that is not the user's (build/, circuits/, artifacts/, examples/) starts here.
 */
export function projectRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
}

/** The build root: `opts.buildDir`, else $ZKMARGIN_BUILD_DIR, else <repo>/build. */
export function buildRoot(opts: ArtifactOptions = {}): string {
  const env = opts.env ?? process.env;
  const dir = opts.buildDir ?? env[BUILD_DIR_ENV];
  return dir !== undefined && dir !== "" ? path.resolve(dir) : path.join(projectRoot(), "build");
}

/** Paths of every artifact of `instance`. Does not check that they exist. */
export function artifactPaths(instance: string, opts: ArtifactOptions = {}): ArtifactPaths {
  assertInstanceName(instance);
  const dir = path.join(buildRoot(opts), instance);
  const wasmDir = path.join(dir, `${instance}_js`);
  return {
    instance,
    dir,
    r1cs: path.join(dir, `${instance}.r1cs`),
    sym: path.join(dir, `${instance}.sym`),
    wasmDir,
    wasm: path.join(wasmDir, `${instance}.wasm`),
    zkey: path.join(dir, `${instance}.zkey`),
    vkey: path.join(dir, "verification_key.json"),
    verifier: path.join(dir, "Verifier.sol"),
    manifest: path.join(dir, "manifest.json"),
  };
}

/** Directory of cached development powers-of-tau files. */
export function ptauCacheDir(opts: ArtifactOptions = {}): string {
  return path.join(buildRoot(opts), "ptau");
}

/**
 * Cached development powers of tau of a given power: build/ptau/dev-pot<power>-v1.ptau, made
 * from the public seed v1 (src/node/ptau/dev-ptau.ts); the same bytes on every machine.
 */
export function devPtauPath(power: number, opts: ArtifactOptions = {}): string {
  if (!Number.isInteger(power) || power < 1 || power > 28) {
    throw new Error(`power: expected an integer in [1, 28], got ${power}`);
  }
  return path.join(ptauCacheDir(opts), `dev-pot${power}-v1.ptau`);
}

/** Circuit sources directory (<repo>/circuits). */
export function circuitsDir(): string {
  return path.join(projectRoot(), "circuits");
}

/** Instance configuration file (<repo>/circuits/instances.json). */
export function instancesConfigPath(): string {
  return path.join(circuitsDir(), "instances.json");
}

/** Generated main component of an instance: circuits/main/<instance>.circom by default. */
export function mainCircuitPath(instance: string, mainDir?: string): string {
  assertInstanceName(instance);
  return path.join(mainDir ?? path.join(circuitsDir(), "main"), `${instance}.circom`);
}

/** build/app: the built web page, browser SDK bundle and pinned keys (src/node/app/build.ts). */
export function appBuildDir(opts: ArtifactOptions = {}): string {
  return path.join(buildRoot(opts), "app");
}

/** Paths of an instance, failing with a hint when the proving artifacts are not built. */
export function requireArtifacts(
  instance: string,
  opts: ArtifactOptions & { keys?: boolean } = {},
): ArtifactPaths {
  const p = artifactPaths(instance, opts);
  const needed = [p.wasm, p.manifest, ...(opts.keys === false ? [] : [p.zkey, p.vkey])];
  const missing = needed.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `instance ${instance}: missing ${missing.map((f) => path.relative(process.cwd(), f)).join(", ")}; ` +
        `run \`npx ts-node --transpile-only scripts/build.ts --instance ${instance}\` (or \`zkmargin setup\`)`,
    );
  }
  return p;
}

// ---------------------------------------------------------------- Hardhat artifacts
//
// Contracts compiled by `npx hardhat compile` (hardhat.config.ts: sources contracts/,
// artifacts artifacts/, cache cache/):
//   artifacts/<sourceName>/<ContractName>.json   { contractName, sourceName, abi, bytecode, ... }
//   cache/solidity-files-cache.json               md5 content hash of every compiled source
// The generated verifiers are contracts/generated/<SolvencyVerifierX>.sol (see
// pipeline/verifier-contract.ts), so they compile with the rest.

/** A Hardhat artifact: the fields the chain module needs. */
export interface HardhatArtifact {
  contractName: string;
  sourceName: string;
  abi: unknown[];
  bytecode: string;
}

/** Hardhat's artifacts directory (<repo>/artifacts). */
export function hardhatArtifactsDir(): string {
  return path.join(projectRoot(), "artifacts");
}

/** The repository's hardhat.config.ts (absolute). */
export function hardhatConfigPath(): string {
  return path.join(projectRoot(), "hardhat.config.ts");
}

/** artifacts/<sourceName>/<contractName>.json */
export function hardhatArtifactPath(sourceName: string, contractName: string): string {
  if (!/^[A-Za-z0-9_@./-]+\.sol$/.test(sourceName) || sourceName.includes(".."))
    throw new Error(`invalid Solidity source name ${JSON.stringify(sourceName)}`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(contractName))
    throw new Error(`invalid contract name ${JSON.stringify(contractName)}`);
  return path.join(hardhatArtifactsDir(), sourceName, `${contractName}.json`);
}

/**
 * Source files whose compiled artifact is missing or older than the source (by Hardhat's own
 * md5 content hash in cache/solidity-files-cache.json).
 */
export function staleSoliditySources(sourceNames: readonly string[]): string[] {
  const cacheFile = path.join(projectRoot(), "cache", "solidity-files-cache.json");
  let files: Record<string, { contentHash?: string; sourceName?: string }> = {};
  if (fs.existsSync(cacheFile)) {
    try {
      files =
        (JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { files?: typeof files }).files ?? {};
    } catch {
      files = {};
    }
  }
  const bySource = new Map(Object.values(files).map((f) => [f.sourceName, f.contentHash]));
  return sourceNames.filter((s) => {
    const file = path.join(projectRoot(), s);
    if (!fs.existsSync(file)) return true;
    const md5 = createHash("md5").update(fs.readFileSync(file)).digest("hex");
    return bySource.get(s) !== md5;
  });
}

/**
 * Loads a compiled contract, failing with a hint when it was never compiled or its source
 * (or one of `alsoCheck`) changed since the last compile.
 */
export function loadHardhatArtifact(
  sourceName: string,
  contractName: string,
  alsoCheck: readonly string[] = [],
): HardhatArtifact {
  const file = hardhatArtifactPath(sourceName, contractName);
  const hint = "run `npx hardhat compile`";
  if (!fs.existsSync(file))
    throw new Error(`${path.relative(process.cwd(), file)} not found: ${hint}`);
  const stale = staleSoliditySources([sourceName, ...alsoCheck]);
  if (stale.length > 0)
    throw new Error(`${stale.join(", ")} changed since the last compile: ${hint}`);
  const a = JSON.parse(fs.readFileSync(file, "utf8")) as HardhatArtifact;
  if (!Array.isArray(a.abi) || typeof a.bytecode !== "string" || !a.bytecode.startsWith("0x"))
    throw new Error(`${file}: not a Hardhat artifact`);
  return a;
}
