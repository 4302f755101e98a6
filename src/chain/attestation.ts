/**
 * EIP-712 attestations of position commitments (IMarginEngine.attestAndProve): the venue
 * signs `Attestation(address account,uint256 commitment,uint256 nonce,uint64 deadline)` under
 * the engine's own domain (read from the engine via ERC-5267, so name, version, chain and
 * address always match what the engine verifies). The account submits it itself, or signs a
 * `Consent` with the same fields for a relayer (`attestAndProveFor`).
 */
import { type Signer, TypedDataEncoder, getAddress, verifyTypedData } from "ethers";
import { z } from "zod";
import { P } from "../field";
import { checksumAddress, fieldString, missingOr, parseWith, uintBits, version } from "../format";
import type { MarginEngineClient } from "./engine";

/** The EIP-712 types of an attestation. */
export const ATTESTATION_TYPES = {
  Attestation: [
    { name: "account", type: "address" },
    { name: "commitment", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

/** The EIP-712 types of an account's consent to a relayed attestation. */
export const CONSENT_TYPES = {
  Consent: [
    { name: "account", type: "address" },
    { name: "commitment", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

/** Default lifetime of an attestation: a day (the engine refuses it after its deadline). */
export const DEFAULT_ATTESTATION_LIFETIME = 86_400n;

/** A signed attestation, as `zkmargin attest` prints it (JSON: integers as decimal strings). */
export interface Attestation {
  version: 1;
  chainId: bigint;
  engine: string;
  account: string;
  commitment: bigint;
  nonce: bigint;
  /** Unix time after which the engine refuses the attestation. */
  deadline: bigint;
  signer: string;
  signature: string;
}

/**
 * Signs an attestation of `commitment` for `account` with `nonce` (the account's next
 * attestation nonce), valid until `deadline`, under `engine`'s EIP-712 domain. Checks that the
 * engine computes the same digest, so a domain mismatch fails here and not on-chain.
 */
export async function signAttestation(
  signer: Signer,
  engine: MarginEngineClient,
  account: string,
  commitment: bigint,
  nonce: bigint,
  deadline: bigint,
): Promise<Attestation> {
  if (commitment <= 0n || commitment >= P)
    throw new RangeError("commitment: not a non-zero field element");
  if (deadline <= 0n || deadline >= 1n << 64n)
    throw new RangeError("deadline: not a uint64 unix time");
  const domain = await engine.domain();
  const value = { account: getAddress(account), commitment, nonce, deadline };
  const signature = await signer.signTypedData(domain, ATTESTATION_TYPES, value);
  const local = TypedDataEncoder.hash(domain, ATTESTATION_TYPES, value);
  const onChain = await engine.attestationDigest(value.account, commitment, nonce, deadline);
  if (local !== onChain)
    throw new Error(`attestation digest ${local} differs from the engine's ${onChain}`);
  return {
    version: 1,
    chainId: BigInt(domain.chainId ?? 0),
    engine: getAddress(engine.address),
    account: value.account,
    commitment,
    nonce,
    deadline,
    signer: getAddress(await signer.getAddress()),
    signature,
  };
}

type AttestationFields = Pick<Attestation, "account" | "commitment" | "nonce" | "deadline">;

const fields = (att: AttestationFields) => ({
  account: getAddress(att.account),
  commitment: att.commitment,
  nonce: att.nonce,
  deadline: att.deadline,
});

/** The address that signed `att` under `engine`'s domain (for checks before submitting). */
export async function recoverAttester(
  engine: MarginEngineClient,
  att: AttestationFields & Pick<Attestation, "signature">,
): Promise<string> {
  return verifyTypedData(await engine.domain(), ATTESTATION_TYPES, fields(att), att.signature);
}

/**
 * The account's consent to having `att` submitted by someone else (`attestAndProveFor`):
 * `signer` must be the account (an EOA; a contract account signs by ERC-1271 its own way).
 */
export async function signConsent(
  signer: Signer,
  engine: MarginEngineClient,
  att: AttestationFields,
): Promise<string> {
  const domain = await engine.domain();
  const value = fields(att);
  const local = TypedDataEncoder.hash(domain, CONSENT_TYPES, value);
  const onChain = await engine.consentDigest(
    value.account,
    value.commitment,
    value.nonce,
    value.deadline,
  );
  if (local !== onChain)
    throw new Error(`consent digest ${local} differs from the engine's ${onChain}`);
  return signer.signTypedData(domain, CONSENT_TYPES, value);
}

/** attestation.json -> JSON-safe object (integers as decimal strings). */
export function attestationToJson(a: Attestation): Record<string, unknown> {
  return {
    version: 1,
    chainId: a.chainId.toString(),
    engine: a.engine,
    account: a.account,
    commitment: a.commitment.toString(),
    nonce: a.nonce.toString(),
    deadline: a.deadline.toString(),
    signer: a.signer,
    signature: a.signature,
  };
}

const attestationSchema: z.ZodType<Attestation, z.ZodTypeDef, unknown> = z
  .object({
    version,
    chainId: uintBits(256),
    engine: checksumAddress,
    account: checksumAddress,
    commitment: fieldString.refine((c) => c !== 0n, "must not be 0"),
    nonce: uintBits(64),
    deadline: uintBits(64),
    signer: checksumAddress,
    signature: z
      .string({ errorMap: missingOr("must be a string") })
      .regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte hex signature"),
  })
  .strict();

/** Parses and validates attestation JSON; throws {@link InputError} naming `file` and the field. */
export function parseAttestation(json: unknown, file = "attestation.json"): Attestation {
  return parseWith(attestationSchema, json, file);
}
