/**
 * `zkmargin withdraw`: withdraw collateral; with positions, the SDK proves the
 * post-withdrawal balances at the initial multiplier (src/chain/actions.ts).
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import { type ActionContext, tokenAmount, withdraw } from "../../../chain";
import { InputError } from "../../../errors";
import type { IntegerPortfolio } from "../../../portfolio";
import type { RiskTable } from "../../../risk-table";
import { type ChainCliOptions, chainCommand, out, str } from "./options";
import { cliProver, loadIntegerPortfolio, loadTable, tokenOption, withSession } from "./session";

interface WithdrawOptions extends ChainCliOptions {
  risk?: string;
  token: string;
  amount: string;
}

const FLAGS = { amount: "--amount", token: "--token", portfolio: "<portfolio.json>" };

export function registerWithdraw(program: Command): void {
  chainCommand(
    program
      .command("withdraw")
      .description(
        "withdraw collateral; with positions, proves the post-withdrawal balances at the initial multiplier against the latest epoch (refused before proving when they would not suffice: exit 1)",
      ),
  )
    .argument("[portfolio.json]", "the signer's portfolio (needed when the account has positions)")
    .option("--risk <risk.json>", "risk table of the latest epoch (needed with positions)")
    .requiredOption("--token <symbol|address>", "collateral token")
    .requiredOption("--amount <decimal>", "amount in whole tokens")
    .action(async (portfolioFile: string | undefined, opts: WithdrawOptions) =>
      withSession(
        opts,
        async (s) => {
          const token = tokenOption(s, opts.token);
          const { amount, decimals } = await tokenAmount(token, s.conn.provider, opts.amount);
          const hasPositions = (await s.engine.accountState(s.address)).commitment !== 0n;
          let table: RiskTable | undefined;
          let portfolio: IntegerPortfolio | null = null;
          if (hasPositions) {
            if (!opts.risk)
              throw new InputError("command line", "--risk", "required: the account has positions");
            if (!portfolioFile)
              throw new InputError(
                "command line",
                "<portfolio.json>",
                "required: the account has positions",
              );
            table = loadTable(opts.risk, s.deployment);
            portfolio = loadIntegerPortfolio(portfolioFile, table);
          }
          const { prover, log } = cliProver(Boolean(opts.json));
          const ctx: ActionContext = {
            engine: s.engine,
            table: table as RiskTable,
            prover,
            log,
            riskFile: opts.risk,
          };
          const r = await withdraw(ctx, portfolio, s.address, token, amount);
          out(
            opts,
            {
              account: s.address,
              token,
              amount: str(amount),
              proved: r.proof !== null,
              tx: r.tx.hash,
              gasUsed: str(r.tx.gasUsed),
            },
            `withdrew ${formatUnits(amount, decimals)} (${token}) to ${s.address}${r.proof ? " with a proof at the initial multiplier" : ""}; gas ${r.tx.gasUsed}`,
          );
        },
        { flags: FLAGS },
      ),
    );
}
