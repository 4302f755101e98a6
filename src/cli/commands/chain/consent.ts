/**
 * `zkmargin consent`: the account signs its consent to someone else submitting its
 * attestation (`submit --consent`).
 */
import type { Command } from "commander";
import { consentToAttestation, parseAttestation } from "../../../chain";
import { readJsonFile } from "../../../node/files";
import { type ChainCliOptions, chainCommand, out, str } from "./options";
import { withSession } from "./session";

export function registerConsent(program: Command): void {
  chainCommand(
    program
      .command("consent")
      .description(
        "account: sign the EIP-712 consent that lets someone else submit your attestation (submit --consent)",
      ),
  )
    .requiredOption("--attestation <attestation.json>", "the venue's attestation for the signer")
    .action(async (opts: ChainCliOptions & { attestation: string }) =>
      withSession(opts, async (s) => {
        const att = parseAttestation(readJsonFile(opts.attestation), opts.attestation);
        const signature = await consentToAttestation(s.engine, s.signer, att, opts.attestation);
        out(
          opts,
          {
            account: s.address,
            nonce: str(att.nonce),
            deadline: str(att.deadline),
            consent: signature,
          },
          signature,
        );
      }),
    );
}
