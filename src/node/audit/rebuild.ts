// Rebuilding the circuits from source in a temporary folder, as the audit and the manifest
// writer do, and the toolchain they record.
import fs from "node:fs";
import path from "node:path";
import { CIRCOM_FLAGS, circomCompilerVersion } from "../circom/driver";
import { listCircomSources } from "../pipeline/compile";
import { loadInstancesConfig } from "../pipeline/config";
import { sha256File } from "../pipeline/hash";
import type { BuildLog } from "../pipeline/log";
import { buildInstance } from "../pipeline/pipeline";
import { packageVersion } from "../pipeline/tools";
import type { CommittedManifest } from "./manifest";

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

/** Versions of the circuit toolchain installed here, and the compile flags. */
export async function toolchain(): Promise<CommittedManifest["toolchain"]> {
  return {
    circom2: packageVersion("circom2"),
    circom: await circomCompilerVersion(),
    circomlib: packageVersion("circomlib"),
    snarkjs: packageVersion("snarkjs"),
    flags: [...CIRCOM_FLAGS],
  };
}
