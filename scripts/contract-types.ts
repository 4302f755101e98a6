// Contract types for the chain client, generated from Hardhat's artifacts by TypeChain
// (target ethers-v6) — never written by hand. `npx hardhat compile` (hence `npm run compile`)
// runs this after every compile (hardhat.config.ts) over the FULL artifact set into a fresh
// folder, so an incremental compile cannot leave the types incomplete or stale;
// test/sdk/contract-types.test.ts regenerates them and fails if they drift from the ABIs.
//   ts-node --transpile-only scripts/contract-types.ts   (regenerate without compiling)
//
// Browser-safe code imports these with `import type` only: the factories embed bytecode.
import fs from "node:fs";
import path from "node:path";

/** The TypeChain target: ethers v6 contract types (and factories). */
export const CONTRACT_TYPES_TARGET = "ethers-v6";

/** Where the contract types go, relative to the project root (gitignored, made by compile). */
export const CONTRACT_TYPES_DIR = "typechain-types";

/**
 * Every contract artifact under `artifactsDir` (Hardhat layout: `<source>/<Contract>.json`),
 * sorted; debug files (`*.dbg.json`) and `build-info/` are not artifacts.
 */
export function contractArtifactFiles(artifactsDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!(dir === artifactsDir && e.name === "build-info")) walk(p);
      } else if (/^[A-Za-z0-9_]+\.json$/.test(e.name)) out.push(p);
    }
  };
  walk(artifactsDir);
  return out.sort();
}

/**
 * Runs TypeChain over every artifact of `artifactsDir` into `outDir`, which is replaced as a
 * whole (generated in a fresh folder first, then swapped in). Returns the number of files written.
 * The output depends on the artifacts only (not on where it is written, nor on prettier
 * settings found on disk), so a second run into another folder gives the same bytes.
 */
export async function generateContractTypes(artifactsDir: string, outDir: string): Promise<number> {
  const files = contractArtifactFiles(artifactsDir);
  if (files.length === 0)
    throw new Error(`${artifactsDir}: no contract artifacts; run \`npx hardhat compile\``);
  // generated in <parent>/.tmp (gitignored) and renamed over outDir once complete
  const fresh = path.join(path.dirname(outDir), ".tmp", `${path.basename(outDir)}-${process.pid}`);
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(fresh), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runTypeChain } = require("typechain") as typeof import("typechain");
  try {
    const { filesGenerated } = await runTypeChain({
      cwd: path.dirname(artifactsDir),
      inputDir: artifactsDir,
      allFiles: files,
      filesToProcess: files,
      outDir: fresh,
      target: CONTRACT_TYPES_TARGET,
      flags: { alwaysGenerateOverloads: false, discriminateTypes: false, environment: undefined },
    });
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(fresh, outDir);
    return filesGenerated;
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const root = path.join(__dirname, "..");
  generateContractTypes(path.join(root, "artifacts"), path.join(root, CONTRACT_TYPES_DIR))
    .then((n) => process.stderr.write(`contract types: ${n} files in ${CONTRACT_TYPES_DIR}/\n`))
    .catch((e: unknown) => {
      process.stderr.write(`contract types: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    });
}
