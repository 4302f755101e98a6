/**
 * `zkmargin deposit`: deposit collateral into the signer's account or, with --subaccount n, its
 * sub-account n through the router (src/chain/tokens.ts: mint a mock first with --mint, approve
 * when needed, deposit; a sub-account is opened on its first deposit).
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import { collateralOf, depositCollateral, tokenAmount } from "../../../chain";
import { InputError } from "../../../errors";
import { mockTokenArtifact } from "../../../node/chain";
import { type ChainCliOptions, chainCommand, out, str } from "./options";
import { SUBACCOUNT_FLAGS, type SubAccountCliOptions, subaccountOption } from "./account-option";
import { accountChoice, tokenOption, withSession } from "./session";

interface DepositOptions extends ChainCliOptions, SubAccountCliOptions {
  token: string;
  amount: string;
  mint?: boolean;
}

export function registerDeposit(program: Command): void {
  subaccountOption(
    chainCommand(
      program
        .command("deposit")
        .description(
          "deposit collateral into the signer's account or sub-account (approves the engine or the sub-accounts router if needed; opens a sub-account on first use)",
        ),
    ),
  )
    .requiredOption(
      "--token <symbol|address>",
      "collateral token (symbol from the deployment, or address)",
    )
    .requiredOption("--amount <decimal>", "amount in whole tokens, e.g. 1000.5")
    .option(
      "--mint",
      "LOCAL USE: first mint the amount of a mock token (deploy --mock-collateral) to the signer",
    )
    .action(async (opts: DepositOptions) =>
      withSession(
        opts,
        async (s) => {
          const choice = await accountChoice(s, opts.subaccount);
          const token = tokenOption(s, opts.token);
          const { amount, decimals } = await tokenAmount(token, s.signer, opts.amount);
          if (opts.mint && !collateralOf(s.deployment, token)?.mock)
            throw new InputError(
              "command line",
              "--mint",
              `${token} is not a mock token of this deployment`,
            );
          const r = await depositCollateral(s.engine, s.signer, token, amount, {
            mint: opts.mint ? mockTokenArtifact() : undefined,
            route: choice.route,
          });
          const where = choice.index === 0 ? r.account : `sub-account ${choice.index} ${r.account}`;
          const balance = r.state.balances[r.slot];
          out(
            opts,
            {
              account: r.account,
              subaccount: choice.index,
              owner: s.address,
              token,
              amount: str(amount),
              balance: str(balance),
              stateHash: str(r.state.stateHash),
              tx: r.tx.hash,
              gas: Object.fromEntries(r.gas.map(([k, v]) => [k, str(v)])),
            },
            `deposited ${formatUnits(amount, decimals)} (${token}) for ${where}; balance ${formatUnits(balance, decimals)}; ` +
              r.gas.map(([k, v]) => `${k} gas ${v}`).join(", "),
          );
        },
        { flags: { amount: "--amount", token: "--token", ...SUBACCOUNT_FLAGS } },
      ),
    );
}
