/**
 * `zkmargin consent`: the account signs its consent to someone else submitting its
 * attestation (`submit --consent`). For the signer's sub-account n (--subaccount n) the owner
 * signs; the engine validates it through the sub-account's ERC-1271 `isValidSignature`.
 */
import type { Command } from "commander";
import { getAddress } from "ethers";
import {
  type Attestation,
  ChainCheckError,
  consentToAttestation,
  parseAttestation,
  signConsent,
} from "../../../chain";
import { InputError } from "../../../errors";
import { readJsonFile } from "../../../node/files";
import {
  SUBACCOUNT_FLAGS,
  type SubAccountCliOptions,
  checkAccountFile,
  subaccountOption,
} from "./account-option";
import { type ChainCliOptions, chainCommand, out, str } from "./options";
import { type AccountChoice, type Session, accountChoice, withSession } from "./session";

interface ConsentOptions extends ChainCliOptions, SubAccountCliOptions {
  attestation: string;
}

/** The owner's consent for its opened sub-account `choice` (checked against the attestation). */
async function subAccountConsent(
  s: Session,
  choice: AccountChoice,
  att: Attestation,
  file: string,
): Promise<string> {
  checkAccountFile(s, choice, file, att.account);
  if (getAddress(att.engine) !== getAddress(s.engine.address))
    throw new InputError(
      file,
      "engine",
      `is ${att.engine}, not this deployment's ${s.engine.address}`,
    );
  // the sub-account's ERC-1271 check asks the router who holds it: it must be open
  if (choice.route && (await choice.route.router.holderOf(choice.account)) === null)
    throw new ChainCheckError(
      "SubAccountNotOpened",
      `sub-account ${choice.index} of ${s.address} is not open: deposit into it first`,
    );
  return signConsent(s.signer, s.engine, att);
}

export function registerConsent(program: Command): void {
  subaccountOption(
    chainCommand(
      program
        .command("consent")
        .description(
          "account: sign the EIP-712 consent that lets someone else submit your attestation (submit --consent); for a sub-account, its owner signs",
        ),
    ),
  )
    .requiredOption(
      "--attestation <attestation.json>",
      "the venue's attestation for the signer (or its --subaccount n)",
    )
    .action(async (opts: ConsentOptions) =>
      withSession(
        opts,
        async (s) => {
          const choice = await accountChoice(s, opts.subaccount);
          const att = parseAttestation(readJsonFile(opts.attestation), opts.attestation);
          const signature =
            choice.index === 0
              ? await consentToAttestation(s.engine, s.signer, att, opts.attestation)
              : await subAccountConsent(s, choice, att, opts.attestation);
          out(
            opts,
            {
              account: choice.account,
              ...(choice.index === 0 ? {} : { subaccount: choice.index, owner: s.address }),
              nonce: str(att.nonce),
              deadline: str(att.deadline),
              consent: signature,
            },
            signature,
          );
        },
        { flags: SUBACCOUNT_FLAGS },
      ),
    );
}
