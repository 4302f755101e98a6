/**
 * `zkmargin withdraw`: withdraw collateral from the signer's account or, with --subaccount n,
 * its sub-account n (through the router, to the signer); with positions, the SDK proves the
 * post-withdrawal balances at the initial multiplier (src/chain/actions.ts).
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import { type ActionContext, tokenAmount, withdraw } from "../../../chain";
import type { RiskTable } from "../../../risk-table";
import {
  SUBACCOUNT_FLAGS,
  type SubAccountCliOptions,
  debitInputs,
  subaccountOption,
} from "./account-option";
import { type ChainCliOptions, chainCommand, out, str } from "./options";
import { accountChoice, cliProver, tokenOption, withSession } from "./session";

interface WithdrawOptions extends ChainCliOptions, SubAccountCliOptions {
  risk?: string;
  token: string;
  amount: string;
}

const FLAGS = {
  amount: "--amount",
  token: "--token",
  portfolio: "<portfolio.json>",
  ...SUBACCOUNT_FLAGS,
};

export function registerWithdraw(program: Command): void {
  subaccountOption(
    chainCommand(
      program
        .command("withdraw")
        .description(
          "withdraw collateral (from a sub-account: to the signer); with positions, proves the post-withdrawal balances at the initial multiplier against the latest epoch (refused before proving when they would not suffice: exit 1)",
        ),
    ),
  )
    .argument("[portfolio.json]", "the account's portfolio (needed when the account has positions)")
    .option("--risk <risk.json>", "risk table of the latest epoch (needed with positions)")
    .requiredOption("--token <symbol|address>", "collateral token")
    .requiredOption("--amount <decimal>", "amount in whole tokens")
    .action(async (portfolioFile: string | undefined, opts: WithdrawOptions) =>
      withSession(
        opts,
        async (s) => {
          const choice = await accountChoice(s, opts.subaccount);
          const token = tokenOption(s, opts.token);
          const { amount, decimals } = await tokenAmount(token, s.conn.provider, opts.amount);
          const { table, portfolio } = await debitInputs(
            s,
            choice,
            opts.subaccount !== undefined,
            portfolioFile,
            opts.risk,
          );
          const { prover, log } = cliProver(Boolean(opts.json));
          const ctx: ActionContext = {
            engine: s.engine,
            table: table as RiskTable,
            prover,
            log,
            riskFile: opts.risk,
            route: choice.route,
          };
          const r = await withdraw(ctx, portfolio, choice.account, token, amount);
          const from =
            choice.index === 0 ? "" : ` from sub-account ${choice.index} ${choice.account}`;
          out(
            opts,
            {
              account: choice.account,
              subaccount: choice.index,
              owner: s.address,
              token,
              amount: str(amount),
              proved: r.proof !== null,
              tx: r.tx.hash,
              gasUsed: str(r.tx.gasUsed),
            },
            `withdrew ${formatUnits(amount, decimals)} (${token})${from} to ${s.address}${r.proof ? " with a proof at the initial multiplier" : ""}; gas ${r.tx.gasUsed}`,
          );
        },
        { flags: FLAGS },
      ),
    );
}
