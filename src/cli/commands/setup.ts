/**
 * `zkmargin setup`: compile the circuits and make DEVELOPMENT Groth16 keys (single-party,
 * unsafe for production). A real ceremony replaces them (see README).
 *
 * `zkmargin setup --artifacts <URL or folder> --artifacts-sha256 <hex>` instead installs the
 * artifacts a venue published (after a ceremony), pinned by the sha256 of their manifest
 * (src/node/publication/install.ts); `zkmargin setup --publish <dir>` writes such a
 * publication from build/ (src/node/publication/publish.ts). Exit 2 for bad input (options,
 * config file, manifest schema, unpinned manifest), 1 when a check fails (hash mismatch,
 * HTTP error, truncated download, a cached file changed on disk).
 */
import path from "node:path";
import { Command } from "commander";
import { InputError } from "../../errors";
import { instanceNames } from "../../instances";
import { artifactPaths, buildRoot, projectRoot } from "../../node/artifacts";
import {
  buildInstance,
  exportVerifierContract,
  releaseSnarkjsWorkers,
  stderrLog,
} from "../../node/pipeline";
import {
  CONFIG_FILE,
  InstallResult,
  checkPin,
  findConfig,
  installArtifacts,
  publishArtifacts,
  readConfig,
  resolveSource,
} from "../../node/publication";
import { downloadProgress } from "../progress";
import { printJson } from "../run";
import { registerCeremonyCommand } from "./ceremony";

interface SetupOptions {
  instance: string;
  ptau?: string;
  skipKeys?: boolean;
  force?: boolean;
  json?: boolean;
  artifacts?: string | true;
  artifactsSha256?: string;
  config?: string;
  publish?: string;
  keysFrom?: string;
}

const UNSAFE = "DEVELOPMENT KEYS - UNSAFE FOR PRODUCTION";

function bad(option: string, rule: string): never {
  throw new InputError("command line", option, rule);
}

/** Refuses option combinations that mean nothing together. */
function checkCombination(o: SetupOptions): void {
  const installing = o.artifacts !== undefined;
  if (installing && o.publish !== undefined)
    bad("--publish", "cannot be combined with --artifacts");
  if (o.keysFrom !== undefined && o.publish === undefined)
    bad("--keys-from", "only with --publish");
  if (!installing && o.artifactsSha256 !== undefined)
    bad("--artifacts-sha256", "only with --artifacts");
  if (!installing && o.config !== undefined) bad("--config", "only with --artifacts");
  if (installing || o.publish !== undefined) {
    const what = installing ? "--artifacts" : "--publish";
    if (o.ptau !== undefined) bad("--ptau", `not with ${what} (nothing is built)`);
    if (o.skipKeys) bad("--skip-keys", `not with ${what} (nothing is built)`);
  }
  if (o.publish !== undefined && o.force) bad("--force", "not with --publish");
}

async function install(o: SetupOptions): Promise<void> {
  const configFile = findConfig(o.config);
  const config = configFile !== undefined ? readConfig(configFile) : undefined;
  const fromConfig = typeof o.artifacts !== "string";
  const source = typeof o.artifacts === "string" ? o.artifacts : config?.artifacts?.source;
  if (source === undefined)
    bad("--artifacts", `give a URL or folder, or set artifacts.url in ${CONFIG_FILE}`);
  // refuse a malformed source as bad input naming where it came from
  resolveSource(source, {
    label: fromConfig ? (configFile ?? CONFIG_FILE) : "command line",
    field: fromConfig ? "artifacts.url" : "--artifacts",
  });
  const pin = checkPin(
    o.artifactsSha256 ?? config?.artifacts?.sha256,
    "command line",
    "--artifacts-sha256",
  );
  const show = downloadProgress();
  const r: InstallResult = await installArtifacts({
    source,
    sha256: pin,
    instances: o.instance === "all" ? config?.artifacts?.instances : [o.instance],
    force: o.force,
    log: stderrLog("setup"),
    onProgress: (p) => show(p.artifact, p.loaded, p.total),
  });
  // Like a build, refresh contracts/generated for deployment, but only for the repository's
  // own build/ (an install elsewhere, e.g. ZKMARGIN_BUILD_DIR, leaves contracts/ alone).
  if (buildRoot() === path.join(projectRoot(), "build"))
    for (const i of r.instances)
      if (i.files.some((f) => f.role === "verifier"))
        exportVerifierContract(artifactPaths(i.instance));
  if (o.json) {
    printJson(r);
    return;
  }
  process.stdout.write(`publication ${r.manifest} (sha256 ${r.manifestSha256}, pinned)\n`);
  for (const i of r.instances) {
    process.stdout.write(`${i.instance}: installed in ${i.dir} (vkeyHash ${i.vkeyHash})\n`);
    for (const f of i.files)
      process.stdout.write(`  ${f.artifact}  ${f.status}  sha256 ${f.sha256}\n`);
    if (i.unsafeDevelopmentKeys) process.stdout.write(`  ${UNSAFE}\n`);
  }
}

async function publish(o: SetupOptions & { publish: string }): Promise<void> {
  const r = await publishArtifacts({
    outDir: o.publish,
    instances: o.instance === "all" ? undefined : [o.instance],
    keysFrom: o.keysFrom,
    log: stderrLog("setup"),
  });
  if (o.json) {
    printJson({ outDir: r.outDir, manifest: r.manifestFile, sha256: r.sha256, ...r.publication });
    return;
  }
  for (const [name, e] of Object.entries(r.publication.instances))
    process.stdout.write(
      `${name}: published (vkeyHash ${e.vkeyHash})${e.unsafeDevelopmentKeys ? `\n  ${UNSAFE}` : ""}\n`,
    );
  process.stdout.write(
    `wrote ${r.manifestFile}\nsha256 ${r.sha256}\n` +
      `serve ${r.outDir} as static files; wallets pin it with\n` +
      `  zkmargin setup --artifacts <its URL> --artifacts-sha256 ${r.sha256}\n` +
      `or in ${CONFIG_FILE}: { "artifacts": { "url": "<its URL>", "sha256": "${r.sha256}" } }\n`,
  );
}

/** Registers `setup`. */
export function registerSetupCommand(program: Command): void {
  const setup = program.command("setup");
  registerCeremonyCommand(setup);
  setup
    .description(
      "compile circuits and make development keys (UNSAFE FOR PRODUCTION); cached by content hash. " +
        "With --artifacts: install a venue's published keys instead, pinned by hash",
    )
    .option("--instance <name>", `instance (${instanceNames().join(" | ")} | all)`, "all")
    .option(
      "--ptau <file>",
      "prepared powers of tau (default: $ZKMARGIN_PTAU, then build/ptau, else generated)",
    )
    .option("--skip-keys", "compile only")
    .option(
      "--force",
      "rebuild even when hashes match; with --artifacts: fetch again files changed on disk",
    )
    .option("--json", "machine-readable output")
    .option(
      "--artifacts [source]",
      `install published artifacts from a URL or folder (default: artifacts.url of ${CONFIG_FILE})`,
    )
    .option(
      "--artifacts-sha256 <hex>",
      `pinned sha256 of the publication's artifacts.json (default: artifacts.sha256 of ${CONFIG_FILE})`,
    )
    .option(
      "--config <file>",
      `config file (default ./${CONFIG_FILE}, then the repository's ${CONFIG_FILE})`,
    )
    .option("--publish <dir>", "venue: write a publication of build/<instance> into <dir>")
    .option(
      "--keys-from <dir>",
      "with --publish: ceremony keys from `setup ceremony export -o <dir>` instead of build/'s",
    )
    .action(async (opts: SetupOptions) => {
      checkCombination(opts);
      if (opts.artifacts !== undefined) return install(opts);
      if (opts.publish !== undefined) {
        const dir = opts.publish;
        try {
          return await publish({ ...opts, publish: dir });
        } finally {
          await releaseSnarkjsWorkers();
        }
      }
      const names = opts.instance === "all" ? instanceNames() : [opts.instance];
      const out = [];
      try {
        for (const name of names) {
          const r = await buildInstance(name, {
            keys: !opts.skipKeys,
            force: opts.force,
            ptau: opts.ptau,
            log: stderrLog("setup"),
          });
          if (r.manifest.keys !== null) exportVerifierContract(r.paths);
          out.push({
            instance: name,
            constraints: r.manifest.compile.constraints,
            dir: r.paths.dir,
            vkeySha256: r.manifest.keys?.vkeySha256 ?? null,
            unsafeDevelopmentKeys: true,
          });
        }
      } finally {
        await releaseSnarkjsWorkers();
      }
      if (opts.json) printJson(out);
      else
        for (const o of out)
          process.stdout.write(
            `${o.instance}: ${o.constraints} constraints, artifacts in ${o.dir}\n  ${UNSAFE}\n`,
          );
    });
}
