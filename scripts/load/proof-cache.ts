/**
 * The load test's proofs, made once and kept in build/loadtest/proofs (git-ignored), one file
 * per circuit input (named by the SHA-256 of the input's JSON). The setup of 1,000 accounts
 * needs 1,000 Groth16 proofs of the small instance (about 45 min on 2 cores); a rerun on the
 * same machine finds them again because the chain it builds is deterministic (the same keys,
 * contract addresses, timestamps and portfolios give the same inputs). A changed input is a
 * new file, never a stale proof.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Prover } from "../../src/chain";
import type { SolvencyInput } from "../../src/circuit-input";
import type { ProofFile } from "../../src/proof";
import { projectRoot } from "../../src/node/artifacts";
import { proveWithInstance } from "../../src/node/prover";

export const PROOF_CACHE_DIR = path.join(projectRoot(), "build", "loadtest", "proofs");

export interface ProofCache {
  prover: Prover;
  /** True when the input's proof is on disk. */
  has(input: SolvencyInput): boolean;
  /** Proofs made (not found on disk) so far. */
  made: number;
  /** Proofs read from disk so far. */
  reused: number;
}

const keyOf = (input: SolvencyInput) =>
  createHash("sha256").update(JSON.stringify(input)).digest("hex");

export function openProofCache(dir: string = PROOF_CACHE_DIR): ProofCache {
  fs.mkdirSync(dir, { recursive: true });
  const file = (input: SolvencyInput) => path.join(dir, `${keyOf(input)}.json`);
  const cache: ProofCache = {
    made: 0,
    reused: 0,
    has: (input) => fs.existsSync(file(input)),
    prover: async (input, instance) => {
      const f = file(input);
      if (fs.existsSync(f)) {
        cache.reused++;
        return JSON.parse(fs.readFileSync(f, "utf8")) as ProofFile;
      }
      const proof = await proveWithInstance(instance, input);
      // written whole, then renamed: an interrupted run leaves no half file
      fs.writeFileSync(`${f}.tmp`, JSON.stringify(proof));
      fs.renameSync(`${f}.tmp`, f);
      cache.made++;
      return proof;
    },
  };
  return cache;
}
