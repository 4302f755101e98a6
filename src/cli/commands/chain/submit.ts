/**
 * `zkmargin submit`: prove a portfolio's solvency and submit it, as a renewal
 * (`submitProof`) or, with --attestation, a new commitment (`attestAndProve[For]`; for the
 * signer's sub-account n, --subaccount n, through the sub-accounts router).
 */
import type { Command } from "commander";
import { getAddress } from "ethers";
import {
  type ActionContext,
  type Attestation,
  attestAndProve,
  parseAttestation,
  renew,
} from "../../../chain";
import { InputError } from "../../../errors";
import { readJsonFile, writeFileAtomic } from "../../../node/files";
import { RENEWAL_HINTS, type ChainCliOptions, chainCommand, iso, out, str } from "./options";
import {
  SUBACCOUNT_FLAGS,
  type SubAccountCliOptions,
  checkAccountFile,
  subaccountOption,
} from "./account-option";
import { accountChoice, cliProver, loadIntegerPortfolio, loadTable, withSession } from "./session";

interface SubmitOptions extends ChainCliOptions, SubAccountCliOptions {
  risk: string;
  attestation?: string;
  consent?: string;
  proofOut?: string;
  tier?: string;
}

export function registerSubmit(program: Command): void {
  subaccountOption(
    chainCommand(
      program
        .command("submit")
        .description(
          "prove a portfolio's solvency and submit it: submitProof (renewal) or, with --attestation, attestAndProve (new commitment; a sub-account's through the router)",
        ),
    ),
  )
    .argument("<portfolio.json>", "the account's portfolio")
    .requiredOption("--risk <risk.json>", "risk table of a published epoch")
    .option(
      "--attestation <attestation.json>",
      "venue attestation from `zkmargin attest`: make this portfolio the account's commitment (sent by the account itself)",
    )
    .option(
      "--consent <hex>",
      "with --attestation: the account's consent signature (`zkmargin consent`), to submit for another account",
    )
    .option(
      "--tier <n>",
      "renewal: prove at validity tier n (default: the highest tier the portfolio meets)",
    )
    .option("--proof-out <proof.json>", "also write the proof file")
    .action(async (portfolioFile: string, opts: SubmitOptions) =>
      withSession(
        opts,
        async (s) => {
          if (opts.consent !== undefined && !opts.attestation)
            throw new InputError("command line", "--consent", "needs --attestation");
          if (opts.consent !== undefined && !/^0x([0-9a-fA-F]{2})+$/.test(opts.consent))
            throw new InputError(
              "command line",
              "--consent",
              "must be a 0x-prefixed hex signature",
            );
          const choice = await accountChoice(s, opts.subaccount);
          if (choice.route && opts.consent !== undefined)
            throw new InputError(
              "command line",
              "--consent",
              "not with --subaccount: the owner submits its sub-account's attestation through the router (a relayer gives the owner's consent without --subaccount)",
            );
          const table = loadTable(opts.risk, s.deployment);
          const portfolio = loadIntegerPortfolio(portfolioFile, table);
          if (opts.subaccount !== undefined)
            checkAccountFile(s, choice, portfolioFile, portfolio.accountAddress);
          const att = opts.attestation
            ? parseAttestation(readJsonFile(opts.attestation), opts.attestation)
            : undefined;
          if (att && att.chainId !== BigInt(s.conn.chainId))
            throw new InputError(
              opts.attestation as string,
              "chainId",
              `is ${att.chainId}, the endpoint is chain ${s.conn.chainId}`,
            );
          const tier = opts.tier === undefined ? undefined : Number(opts.tier);
          if (tier !== undefined && (!Number.isInteger(tier) || tier < 0))
            throw new InputError("command line", "--tier", "must be a tier number 0, 1, 2 or 3");
          if (tier !== undefined && att)
            throw new InputError(
              "command line",
              "--tier",
              "applies to renewals, not --attestation",
            );
          const { prover, log } = cliProver(Boolean(opts.json));
          const ctx: ActionContext = {
            engine: s.engine,
            table,
            prover,
            log,
            riskFile: opts.risk,
            route: choice.route,
          };
          const renewal = att ? undefined : await renew(ctx, portfolio, { tier });
          const r =
            renewal ??
            (await attestAndProve(
              ctx,
              portfolio,
              att as Attestation,
              opts.attestation,
              opts.consent,
            ));
          const tierOf = renewal && { tier: renewal.tier, multiplier: renewal.multiplier };
          if (opts.proofOut)
            writeFileAtomic(opts.proofOut, JSON.stringify(r.proof, null, 2) + "\n");
          const account = getAddress(portfolio.accountAddress);
          const st = await s.engine.accountState(account);
          out(
            opts,
            {
              account,
              ...(opts.subaccount !== undefined
                ? { subaccount: choice.index, owner: s.address }
                : {}),
              method: r.method,
              epoch: str(r.epoch),
              ...(tierOf ? { tier: tierOf.tier, multiplier: str(tierOf.multiplier) } : {}),
              validUntil: str(st.validUntil),
              tx: r.tx.hash,
              gasUsed: str(r.tx.gasUsed),
              unsafeDevelopmentKeys: r.proof.unsafeDevelopmentKeys,
            },
            `${r.method} accepted for ${account} against epoch ${r.epoch}` +
              (tierOf ? ` at tier ${tierOf.tier} (x${Number(tierOf.multiplier) / 10000})` : "") +
              `: valid until ${iso(st.validUntil)}; gas ${r.tx.gasUsed}` +
              (r.proof.unsafeDevelopmentKeys
                ? "\nwarning: proved with DEVELOPMENT keys - unsafe for production"
                : ""),
          );
        },
        {
          flags: { consent: "--consent", tier: "--tier", ...SUBACCOUNT_FLAGS },
          hints: opts.attestation ? {} : RENEWAL_HINTS,
        },
      ),
    );
}
