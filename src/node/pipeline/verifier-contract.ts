// Copies an instance's generated Groth16 verifier into contracts/generated/ under a
// contract name of its own (every snarkjs verifier is `contract Groth16Verifier`, so two
// instances would collide in one Hardhat project). The copy is gitignored: development
// keys differ per machine, and so do their verifiers.
import fs from "node:fs";
import path from "node:path";
import { ArtifactPaths, projectRoot } from "../artifacts";
import { writeFileAtomic } from "../files";
import { exportBatchVerifierContract, instanceContractSuffix } from "./batch-verifier";

/** `standard` -> `SolvencyVerifierStandard`. */
export function verifierContractName(instance: string): string {
  return `SolvencyVerifier${instanceContractSuffix(instance)}`;
}

/** Directory of generated contracts (contracts/generated). */
export function generatedContractsDir(): string {
  return path.join(projectRoot(), "contracts", "generated");
}

/**
 * Writes contracts/generated/<Name>.sol from build/<instance>/Verifier.sol; leaves the file
 * untouched when the content is the same (so Hardhat does not recompile). Returns its path.
 */
export function exportVerifierContract(
  paths: ArtifactPaths,
  dir = generatedContractsDir(),
): string {
  const name = verifierContractName(paths.instance);
  const source = fs.readFileSync(paths.verifier, "utf8");
  if (!/contract Groth16Verifier\b/.test(source)) {
    throw new Error(`${paths.verifier}: no \`contract Groth16Verifier\` to rename`);
  }
  const renamed = source.replace(/contract Groth16Verifier\b/, `contract ${name}`);
  const out = path.join(dir, `${name}.sol`);
  exportBatchVerifierContract(paths, dir); // SolvencyBatchVerifier<Name>.sol from the same key
  if (fs.existsSync(out) && fs.readFileSync(out, "utf8") === renamed) return out;
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(out, renamed);
  return out;
}
