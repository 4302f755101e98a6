/**
 * The body of `POST /proofs`, validated with zod (src/format): `{account, epoch, tier, proof}`,
 * `proof` being proof.json as `zkmargin prove` writes it (src/proof-file.ts). A bad body is an
 * {@link InputError} naming the field (`proof.publicSignals[1]`) and the rule.
 */
import { z } from "zod";
import { InputError } from "../../errors";
import { checksumAddress, integer, missingOr, parseWith, uintBits } from "../../format";
import { parseProofFile } from "../../proof-file";
import type { Submission } from "./check";

/** The name the errors give the request body. */
export const REQUEST = "request";

/** A JSON integer is accepted for the epoch as well as a decimal string. */
const epoch = z.preprocess(
  (x) => (typeof x === "number" && Number.isSafeInteger(x) && x >= 0 ? String(x) : x),
  uintBits(64),
);

const bodySchema = z
  .object(
    {
      account: checksumAddress,
      epoch,
      tier: integer(0, 255),
      proof: z.record(z.unknown(), { errorMap: missingOr("must be a proof.json object") }),
    },
    { errorMap: missingOr("must be a JSON object") },
  )
  .strict();

/** Parses a POST /proofs body; throws {@link InputError} (file `request`) naming the field. */
export function parseSubmission(json: unknown): Submission {
  const b = parseWith(bodySchema, json, REQUEST);
  let proof;
  try {
    proof = parseProofFile(b.proof, REQUEST);
  } catch (e) {
    if (e instanceof InputError)
      throw new InputError(REQUEST, e.path === "(root)" ? "proof" : `proof.${e.path}`, e.rule);
    throw e;
  }
  return { account: b.account, epoch: b.epoch, tier: b.tier, proof };
}
