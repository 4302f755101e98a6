// Locations and versions of the toolchain packages (resolved through Node, not assumed).
import fs from "node:fs";
import path from "node:path";

/** Directory of an installed package (works for packages whose `exports` hide package.json). */
export function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const pj = path.join(dir, "package.json");
    if (
      fs.existsSync(pj) &&
      (JSON.parse(fs.readFileSync(pj, "utf8")) as { name?: string }).name === name
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package ${name}: package.json not found`);
    dir = parent;
  }
}

export function packageVersion(name: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(packageDir(name), "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
}

/** circom2's command-line entry (circom compiled to WebAssembly). */
export function circomCli(): string {
  return path.join(packageDir("circom2"), "cli.js");
}

/** The node_modules directory holding circomlib (passed to circom as `-l`). */
export function circomlibIncludeDir(): string {
  return path.dirname(packageDir("circomlib"));
}

/** snarkjs's Groth16 Solidity verifier template. */
export function groth16VerifierTemplate(): string {
  return path.join(packageDir("snarkjs"), "templates", "verifier_groth16.sol.ejs");
}

/**
 * Terminates snarkjs's bn128 worker threads (ffjavascript caches the curve on globalThis).
 * Without it a script that used snarkjs never exits. snarkjs rebuilds the curve on next use.
 */
export async function releaseSnarkjsWorkers(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  if (g.curve_bn128) await g.curve_bn128.terminate();
}
