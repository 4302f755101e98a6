/**
 * `zkmargin attest`: the venue signs an EIP-712 attestation of a portfolio's position
 * commitment (src/chain/signing.ts) and prints it.
 */
import type { Command } from "commander";
import {
  DEFAULT_ATTESTATION_LIFETIME,
  MAX_ATTESTATION_LIFETIME,
  attestPortfolio,
  attestationToJson,
} from "../../../chain";
import { InputError } from "../../../errors";
import { writeFileAtomic } from "../../../node/files";
import { printJson } from "../../run";
import { type ChainCliOptions, chainCommand, uintOption } from "./options";
import { loadIntegerPortfolio, loadTable, withSession } from "./session";

interface AttestOptions extends ChainCliOptions {
  risk: string;
  nonce?: string;
  deadline?: string;
  validFor?: string;
  output?: string;
}

const FLAGS = { nonce: "--nonce", deadline: "--deadline", validFor: "--valid-for" };

export function registerAttest(program: Command): void {
  chainCommand(
    program
      .command("attest")
      .description(
        "venue: sign an EIP-712 attestation of a portfolio's position commitment (prints the signature JSON)",
      ),
  )
    .argument("<portfolio.json>", "the account's portfolio (the venue knows its positions)")
    .requiredOption(
      "--risk <risk.json>",
      "risk table (fixes the circuit instance, hence the commitment layout)",
    )
    .option("--nonce <n>", "attestation nonce (default: the account's next nonce on the engine)")
    .option("--deadline <unix>", "last second (unix time) the engine accepts the attestation")
    .option(
      "--valid-for <seconds>",
      `or: the attestation's lifetime from the chain's current time (default ${DEFAULT_ATTESTATION_LIFETIME})`,
    )
    .option("-o, --output <attestation.json>", "also write the attestation to this file")
    .action(async (portfolioFile: string, opts: AttestOptions) =>
      withSession(
        opts,
        async (s) => {
          const table = loadTable(opts.risk, s.deployment);
          const portfolio = loadIntegerPortfolio(portfolioFile, table);
          if (opts.nonce !== undefined && !/^(0|[1-9][0-9]{0,18})$/.test(opts.nonce))
            throw new InputError("command line", "--nonce", "must be a non-negative integer");
          if (opts.deadline !== undefined && opts.validFor !== undefined)
            throw new InputError("command line", "--deadline", "not together with --valid-for");
          if (
            opts.deadline !== undefined &&
            (!/^[1-9][0-9]{0,18}$/.test(opts.deadline) || BigInt(opts.deadline) >= 1n << 64n)
          )
            throw new InputError("command line", "--deadline", "must be a unix time in seconds");
          const att = await attestPortfolio(s.engine, s.signer, portfolio, table, {
            nonce: opts.nonce !== undefined ? BigInt(opts.nonce) : undefined,
            deadline: opts.deadline !== undefined ? BigInt(opts.deadline) : undefined,
            validFor:
              opts.validFor !== undefined
                ? uintOption(opts.validFor, "--valid-for", MAX_ATTESTATION_LIFETIME)
                : undefined,
          });
          const json = attestationToJson(att);
          if (opts.output) writeFileAtomic(opts.output, JSON.stringify(json, null, 2) + "\n");
          printJson(json);
        },
        { flags: FLAGS },
      ),
    );
}
