/**
 * What the demo needs before it can prove: the instance's circuit, development keys and
 * generated verifier, compiled with the contracts. On a fresh clone this builds them (compile,
 * a development powers of tau from a public seed, Groth16 keys; minutes, with progress) and
 * caches them under build/; afterwards it is a no-op. DEVELOPMENT keys: unsafe for production.
 */
import fs from "node:fs";
import path from "node:path";
import { batchVerifierContractName } from "../node/pipeline/batch-verifier";
import { buildInstance, exportVerifierContract, readManifest, stderrLog } from "../node/pipeline";
import { artifactPaths, devPtauPath, projectRoot, staleSoliditySources } from "../node/artifacts";
import { estimateSeconds } from "../node/pipeline/ptau";
import { runNode } from "../node/audit/run-node";

/** First build of an instance on 2 cores: seconds to compile and to make keys, and the ptau power. */
const FIRST_BUILD: Record<string, { compile: number; keys: number; power: number }> = {
  small: { compile: 20, keys: 90, power: 15 },
  standard: { compile: 50, keys: 360, power: 17 },
};

/** Builds (or finds cached) everything the demo's proofs and chain story need for `instance`. */
export async function prepareDemo(instance: string, log = stderrLog("demo")): Promise<void> {
  const paths = artifactPaths(instance);
  const built = readManifest(paths.manifest)?.keys != null && fs.existsSync(paths.zkey);
  if (!built) {
    const { compile, keys, power } = FIRST_BUILD[instance] ?? FIRST_BUILD.standard;
    const ptau = fs.existsSync(devPtauPath(power)) ? 0 : estimateSeconds(power);
    log.info(
      `first run: building the ${instance} instance under ${path.relative(process.cwd(), paths.dir) || paths.dir} ` +
        `(compile ~${compile} s, development powers of tau ~${ptau} s, keys ~${keys} s on 2 cores; ` +
        `about ${Math.ceil((compile + ptau + keys) / 60)} min). Later runs reuse it.`,
    );
  }
  const r = await buildInstance(instance, { keys: true, log });
  exportVerifierContract(r.paths);
  const source = `contracts/generated/${batchVerifierContractName(instance)}.sol`;
  if (staleSoliditySources([source]).length > 0) {
    log.info(`compiling the contracts with the ${instance} verifier (npx hardhat compile)`);
    const cli = path.join(projectRoot(), "node_modules", "hardhat", "internal", "cli", "cli.js");
    const { code, output } = await runNode([cli, "compile", "--quiet"], projectRoot());
    if (code !== 0) throw new Error(`hardhat compile failed:\n${output}`);
  }
}
