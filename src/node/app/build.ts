/**
 * Builds the web page and the browser SDK with esbuild into build/app:
 *
 *   index.html, *.css          the page (app/)
 *   app.js                     the page's code (entry app/main.ts), keys and ABIs compiled in
 *   prover-worker.js           the prover Web Worker (src/browser/worker.ts)
 *   whatif-worker.js           the distance-to-insolvency Web Worker (app/desk/whatif-worker.ts)
 *   sdk/zkmargin.js            the browser SDK as one ES module (src/browser/index.ts)
 *   keys.json                  the pinned keys (URLs relative to the page + sha256 values)
 *   engine-abi.json            the MarginEngine ABI (for wallets using sdk/zkmargin.js)
 *   subaccounts-abi.json       the SubAccounts router ABI (isolated margin), likewise
 *   keys/<instance>/...        wasm, zkey and verification key of every built instance
 *
 * The pinned hashes come from each instance's build manifest (written when its keys were
 * made); the build refuses to ship a file whose bytes no longer match it. esbuild bundles for
 * platform "browser": an import of a Node built-in anywhere in the graph fails the build.
 */
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { instanceNames } from "../../instances";
import type { CircuitKeys } from "../../browser/keys";
import { appBuildDir, artifactPaths, loadHardhatArtifact, projectRoot } from "../artifacts";
import { subAccountsArtifact } from "../chain";
import { sha256File, vkeyHash } from "../pipeline/hash";

export interface AppBuildOptions {
  /** Output directory (default build/app). */
  outDir?: string;
  /** Instances to ship keys for (default: every instance whose keys are built). */
  instances?: string[];
  /** Minify the bundles (default true). */
  minify?: boolean;
}

export interface AppBuild {
  outDir: string;
  keys: Record<string, CircuitKeys>;
  /** Bytes of each bundle, for the build log. */
  bundles: Record<string, number>;
  /** Source files of each bundle (relative to the repository), for checks. */
  inputs: Record<string, string[]>;
  /** Instances skipped because their keys are not built, with the reason. */
  skipped: string[];
}

interface BuildManifest {
  unsafeDevelopmentKeys?: boolean;
  compile?: { wasmSha256?: string };
  keys?: { zkeySha256?: string; vkeySha256?: string };
}

/** The pinned keys of `instance` from its build manifest, checked against the files. */
async function pinnedKeys(
  instance: string,
): Promise<{ keys: CircuitKeys; files: Record<string, string> }> {
  const p = artifactPaths(instance);
  const missing = [p.wasm, p.zkey, p.vkey, p.manifest].filter((f) => !fs.existsSync(f));
  if (missing.length > 0)
    throw new Error(`missing ${missing.map((f) => path.relative(projectRoot(), f)).join(", ")}`);
  const m = JSON.parse(fs.readFileSync(p.manifest, "utf8")) as BuildManifest;
  const wasmSha = m.compile?.wasmSha256;
  const zkeySha = m.keys?.zkeySha256;
  const vkeySha = m.keys?.vkeySha256;
  if (!wasmSha || !zkeySha || !vkeySha)
    throw new Error(`${path.relative(projectRoot(), p.manifest)} has no wasm/zkey/vkey hashes`);
  const check = (file: string, expected: string, actual: string) => {
    if (actual !== expected)
      throw new Error(
        `${path.relative(projectRoot(), file)}: sha256 ${actual} is not the build manifest's ${expected}; rebuild the keys (npm run circuits)`,
      );
  };
  check(p.wasm, wasmSha, await sha256File(p.wasm));
  check(p.zkey, zkeySha, await sha256File(p.zkey));
  const vkey: unknown = JSON.parse(fs.readFileSync(p.vkey, "utf8"));
  check(p.vkey, vkeySha, vkeyHash(vkey));
  const base = `keys/${instance}`;
  return {
    keys: {
      circuit: instance,
      wasm: { url: `${base}/${instance}.wasm`, sha256: wasmSha },
      zkey: { url: `${base}/${instance}.zkey`, sha256: zkeySha },
      vkey: { url: `${base}/verification_key.json`, sha256: vkeySha },
      // Only a ceremony import may clear the label (as src/node/prover.ts).
      unsafeDevelopmentKeys: m.unsafeDevelopmentKeys !== false,
    },
    files: {
      [`${base}/${instance}.wasm`]: p.wasm,
      [`${base}/${instance}.zkey`]: p.zkey,
      [`${base}/verification_key.json`]: p.vkey,
    },
  };
}

/** Copies `from` to `to` unless an identical file (size and mtime) is already there. */
function place(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const a = fs.statSync(from);
  if (fs.existsSync(to)) {
    const b = fs.statSync(to);
    if (b.size === a.size && b.mtimeMs === a.mtimeMs) return;
  }
  const tmp = `${to}.tmp-${process.pid}`;
  fs.copyFileSync(from, tmp);
  fs.utimesSync(tmp, a.atime, a.mtime);
  fs.renameSync(tmp, to);
}

/** Builds build/app (see the file comment). */
export async function buildApp(opts: AppBuildOptions = {}): Promise<AppBuild> {
  const root = projectRoot();
  const outDir = opts.outDir ?? appBuildDir();
  const minify = opts.minify ?? true;
  const keys: Record<string, CircuitKeys> = {};
  const files: Record<string, string> = {};
  const skipped: string[] = [];
  for (const name of opts.instances ?? instanceNames()) {
    try {
      const k = await pinnedKeys(name);
      keys[name] = k.keys;
      Object.assign(files, k.files);
    } catch (e) {
      if (opts.instances) throw e;
      skipped.push(`${name}: ${(e as Error).message}`);
    }
  }
  const engineAbi = loadHardhatArtifact("contracts/MarginEngine.sol", "MarginEngine").abi;
  const subAccountsAbi = subAccountsArtifact().abi;

  fs.mkdirSync(outDir, { recursive: true });
  const common: esbuild.BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    target: ["es2022"],
    minify,
    sourcemap: true,
    legalComments: "none",
    logLevel: "silent",
    // snarkjs's browser build (TOOLCHAIN.md)
    conditions: ["browser"],
    mainFields: ["browser", "module", "main"],
    metafile: true,
  };
  const results = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "app", "main.ts")],
      outfile: path.join(outDir, "app.js"),
      format: "esm",
      define: {
        __ZKMARGIN_KEYS__: JSON.stringify(keys),
        __ZKMARGIN_ENGINE_ABI__: JSON.stringify(engineAbi),
        __ZKMARGIN_SUBACCOUNTS_ABI__: JSON.stringify(subAccountsAbi),
      },
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "src", "browser", "worker.ts")],
      outfile: path.join(outDir, "prover-worker.js"),
      format: "iife",
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "app", "desk", "whatif-worker.ts")],
      outfile: path.join(outDir, "whatif-worker.js"),
      format: "iife",
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "src", "browser", "index.ts")],
      outfile: path.join(outDir, "sdk", "zkmargin.js"),
      format: "esm",
    }),
  ]);
  const bundles: Record<string, number> = {};
  const inputs: Record<string, string[]> = {};
  for (const r of results)
    for (const [file, out] of Object.entries(r.metafile?.outputs ?? {}))
      if (file.endsWith(".js")) {
        const name = path.relative(outDir, path.resolve(root, file));
        bundles[name] = out.bytes;
        inputs[name] = Object.keys(out.inputs);
      }

  // the page and every stylesheet of its parts (app/*.css, each linked from index.html)
  const pageFiles = fs.readdirSync(path.join(root, "app")).filter((f) => f.endsWith(".css"));
  for (const f of ["index.html", ...pageFiles])
    place(path.join(root, "app", f), path.join(outDir, f));
  for (const [rel, from] of Object.entries(files)) place(from, path.join(outDir, rel));
  fs.writeFileSync(path.join(outDir, "keys.json"), JSON.stringify(keys, null, 2) + "\n");
  fs.writeFileSync(path.join(outDir, "engine-abi.json"), JSON.stringify(engineAbi) + "\n");
  fs.writeFileSync(
    path.join(outDir, "subaccounts-abi.json"),
    JSON.stringify(subAccountsAbi) + "\n",
  );
  return { outDir, keys, bundles, inputs, skipped };
}
