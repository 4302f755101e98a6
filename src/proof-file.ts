/**
 * proof.json (PROTOCOL section 9), parsed and validated: what `zkmargin prove` writes and the
 * browser prover returns. Browser-safe (no snarkjs, no file access), so the CLI, the Node
 * layer and a page loading a proof file report the same {@link InputError}s.
 *
 * The file's shape is checked here: the Groth16 proof's points as BN254 base-field
 * coordinates, one decimal string per public signal of the circuit. Whether each public
 * signal is a field element below p is a check of the proof, not of the file: `verifyProof`
 * refuses such a proof (as the engine does), like any other proof that does not verify.
 */
import { z } from "zod";
import { Q } from "./field";
import {
  instanceName,
  literal,
  missingOr,
  parseWith,
  uintString,
  version,
  vkeyHash,
} from "./format";
import { PUBLIC_INPUTS } from "./instances";
import type { ProofFile } from "./proof";

/** A coordinate of a curve point: a decimal string below the base field modulus q. */
const coordinate = uintString.refine(
  (s) => BigInt(s) < Q,
  "must be below the BN254 base field modulus q",
);

/** A projective point over Fq (x, y, z) or Fq2 (pairs): exactly three coordinates. */
const point = <T extends z.ZodTypeAny>(c: T, what: string) =>
  z
    .array(c, { errorMap: missingOr(`must be an array of 3 ${what}`) })
    .length(3, `must hold 3 ${what}`);

const fq2 = z
  .array(coordinate, { errorMap: missingOr("must be an array of 2 decimal strings") })
  .length(2, "must hold 2 decimal strings (an Fq2 element)");

/** A snarkjs Groth16 proof on BN254. */
const groth16Proof = z
  .object(
    {
      pi_a: point(coordinate, "decimal strings"),
      pi_b: point(fq2, "Fq2 pairs"),
      pi_c: point(coordinate, "decimal strings"),
      protocol: literal("groth16"),
      curve: literal("bn128"),
    },
    { errorMap: missingOr("must be a snarkjs Groth16 proof object") },
  )
  .strict();

const publicSignals = z
  .array(uintString, { errorMap: missingOr("must be an array of decimal strings") })
  .length(
    PUBLIC_INPUTS.length,
    `must hold ${PUBLIC_INPUTS.length} decimal strings (${PUBLIC_INPUTS.join(", ")})`,
  );

const proofFileSchema: z.ZodType<ProofFile, z.ZodTypeDef, unknown> = z
  .object({
    version,
    circuit: instanceName,
    vkeyHash,
    unsafeDevelopmentKeys: z.boolean({ errorMap: missingOr("must be a boolean") }),
    proof: groth16Proof,
    publicSignals,
  })
  .strict();

/** Parses and validates proof.json; throws {@link InputError} naming `file`, the field and the rule. */
export function parseProofFile(json: unknown, file = "proof.json"): ProofFile {
  return parseWith(proofFileSchema, json, file);
}
