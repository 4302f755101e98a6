/**
 * `zkmargin move`: moves collateral between two of the signer's sub-accounts (both >= 1) in one
 * transaction through the router (src/chain/actions.ts moveCollateral): the source is debited
 * under the withdrawal rule (with positions, a proof of its balances after the move at the
 * initial multiplier against the latest epoch), the destination is opened on first use.
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import {
  type ActionContext,
  MAX_SUBACCOUNT_INDEX,
  moveCollateral,
  tokenAmount,
} from "../../../chain";
import { InputError } from "../../../errors";
import type { RiskTable } from "../../../risk-table";
import { debitInputs } from "./account-option";
import { type ChainCliOptions, chainCommand, out, str, uintOption } from "./options";
import { accountChoice, cliProver, subAccountsClient, tokenOption, withSession } from "./session";

interface MoveOptions extends ChainCliOptions {
  from: string;
  to: string;
  risk?: string;
  token: string;
  amount: string;
}

const FLAGS = {
  amount: "--amount",
  token: "--token",
  portfolio: "<portfolio.json>",
  from: "--from",
  to: "--to",
  subaccount: "--from",
};

export function registerMove(program: Command): void {
  chainCommand(
    program
      .command("move")
      .description(
        "move collateral between two of the signer's sub-accounts (1 or more; to or from the main account: withdraw and deposit); with positions in the source, proves its balances after the move at the initial multiplier against the latest epoch",
      ),
  )
    .argument(
      "[portfolio.json]",
      "the source sub-account's portfolio (needed when it has positions)",
    )
    .requiredOption("--from <n>", "source sub-account (1 or more)")
    .requiredOption("--to <m>", "destination sub-account (1 or more; opened on first use)")
    .requiredOption("--token <symbol|address>", "collateral token")
    .requiredOption("--amount <decimal>", "amount in whole tokens")
    .option("--risk <risk.json>", "risk table of the latest epoch (needed with positions)")
    .action(async (portfolioFile: string | undefined, opts: MoveOptions) =>
      withSession(
        opts,
        async (s) => {
          const from = uintOption(opts.from, "--from", MAX_SUBACCOUNT_INDEX);
          const to = Number(uintOption(opts.to, "--to", MAX_SUBACCOUNT_INDEX));
          if (to === 0 || BigInt(to) === from)
            throw new InputError(
              "command line",
              "--to",
              `must be another sub-account (1 or more, not ${from})`,
            );
          const choice = await accountChoice(s, from.toString());
          const token = tokenOption(s, opts.token);
          const { amount, decimals } = await tokenAmount(token, s.conn.provider, opts.amount);
          const { table, portfolio } =
            choice.index === 0
              ? { table: undefined, portfolio: null }
              : await debitInputs(s, choice, true, portfolioFile, opts.risk);
          const { prover, log } = cliProver(Boolean(opts.json));
          const ctx: ActionContext = {
            engine: s.engine,
            table: table as RiskTable,
            prover,
            log,
            riskFile: opts.risk,
            route: choice.route,
          };
          const r = await moveCollateral(ctx, portfolio, choice.account, to, token, amount);
          const toAccount = await subAccountsClient(s).subAccount(s.address, to);
          out(
            opts,
            {
              owner: s.address,
              from: choice.index,
              to,
              fromAccount: choice.account,
              toAccount,
              token,
              amount: str(amount),
              proved: r.proof !== null,
              tx: r.tx.hash,
              gasUsed: str(r.tx.gasUsed),
            },
            `moved ${formatUnits(amount, decimals)} (${token}) from sub-account ${choice.index} ${choice.account} to sub-account ${to} ${toAccount}` +
              `${r.proof ? " with a proof at the initial multiplier" : ""}; gas ${r.tx.gasUsed}`,
          );
        },
        { flags: FLAGS },
      ),
    );
}
