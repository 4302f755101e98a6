/**
 * The signatures that precede a new commitment: the venue's attestation of a portfolio's
 * position commitment ({@link attestPortfolio}) and the account's consent to having it
 * relayed ({@link consentToAttestation}). Each checks against the engine first (clock,
 * nonce, VENUE_ROLE, account, engine address), so a refusal names its reason.
 */
import { type Signer, getAddress } from "ethers";
import { ArgumentError, InputError } from "../errors";
import { type IntegerPortfolio, positionCommitment } from "../portfolio";
import type { RiskTable } from "../risk-table";
import {
  type Attestation,
  DEFAULT_ATTESTATION_LIFETIME,
  signAttestation,
  signConsent,
} from "./attestation";
import { ChainCheckError } from "./check-error";
import type { MarginEngineClient } from "./engine";

export interface AttestOptions {
  /** Attestation nonce (default: the account's next nonce on the engine). */
  nonce?: bigint;
  /** Last second the engine accepts the attestation; must be after the chain's time. */
  deadline?: bigint;
  /** Or: lifetime from the chain's time (default {@link DEFAULT_ATTESTATION_LIFETIME}). */
  validFor?: bigint;
}

/**
 * Venue: signs an attestation of `portfolio`'s position commitment (layout of `table`'s
 * instance) with `signer`, which must hold VENUE_ROLE on `engine`.
 */
export async function attestPortfolio(
  engine: MarginEngineClient,
  signer: Signer,
  portfolio: IntegerPortfolio,
  table: RiskTable,
  o: AttestOptions = {},
): Promise<Attestation> {
  const account = getAddress(portfolio.accountAddress);
  const commitment = positionCommitment(portfolio, table.instance);
  if (o.deadline !== undefined && o.validFor !== undefined)
    throw new ArgumentError("deadline", "not together with validFor");
  const now = await engine.blockTime();
  let deadline: bigint;
  if (o.deadline !== undefined) {
    deadline = o.deadline;
    if (deadline <= now)
      throw new ArgumentError("deadline", `${deadline} is not after the chain's time ${now}`);
  } else {
    const validFor = o.validFor ?? DEFAULT_ATTESTATION_LIFETIME;
    if (validFor < 1n) throw new ArgumentError("validFor", "must be at least 1");
    deadline = now + validFor;
  }
  const nonce = o.nonce ?? (await engine.accountState(account)).attestationNonce;
  const me = getAddress(await signer.getAddress());
  if (!(await engine.hasRole("VENUE_ROLE", me)))
    throw new ChainCheckError("UnauthorizedAttester", `the signer ${me} does not hold VENUE_ROLE`);
  return signAttestation(signer, engine, account, commitment, nonce, deadline);
}

/**
 * Account: signs its consent to `att` being submitted by someone else. `signer` must be the
 * attested account and `att` must be for `engine` (else an {@link InputError} naming
 * `attestationFile`'s field).
 */
export async function consentToAttestation(
  engine: MarginEngineClient,
  signer: Signer,
  att: Attestation,
  attestationFile = "attestation.json",
): Promise<string> {
  const me = getAddress(await signer.getAddress());
  if (getAddress(att.account) !== me)
    throw new InputError(
      attestationFile,
      "account",
      `is ${att.account}; only that account can consent (the signer is ${me})`,
    );
  if (getAddress(att.engine) !== getAddress(engine.address))
    throw new InputError(
      attestationFile,
      "engine",
      `is ${att.engine}, not this deployment's ${engine.address}`,
    );
  return signConsent(signer, engine, att);
}
