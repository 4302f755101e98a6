// `zkmargin audit --write-manifest`: rebuild every instance and record circuits/manifest.json.
import fs from "node:fs";
import path from "node:path";
import { artifactPaths, circuitsDir } from "../artifacts";
import { tempDir } from "../circom/driver";
import { loadInstancesConfig } from "../pipeline/config";
import { KEYS_STEP_VERSION, readManifest } from "../pipeline/manifest";
import type { BuildLog } from "../pipeline/log";
import { silentLog } from "../pipeline/log";
import type { CommittedManifest } from "./manifest";
import { MANIFEST_NOTE, sourceHashes, writeCommittedManifest } from "./manifest";
import { rebuildInstances, toolchain } from "./rebuild";
import { templateCounts } from "./templates";

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
