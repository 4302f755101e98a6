/**
 * `--subaccount <n>` of the account commands (isolated margin, src/chain/subaccounts.ts): the
 * option, the check that a file given with it names the signer's sub-account n, and the inputs
 * a debit (withdraw, move) needs when the account has positions.
 */
import type { Command } from "commander";
import { getAddress } from "ethers";
import { InputError } from "../../../errors";
import type { IntegerPortfolio } from "../../../portfolio";
import type { RiskTable } from "../../../risk-table";
import { type AccountChoice, type Session, loadIntegerPortfolio, loadTable } from "./session";

export interface SubAccountCliOptions {
  subaccount?: string;
}

/** SDK argument names of a sub-account index, as the command line names them. */
export const SUBACCOUNT_FLAGS = { subaccount: "--subaccount" } as const;

/** Adds `--subaccount <n>` to an account command. */
export function subaccountOption(cmd: Command): Command {
  return cmd.option(
    "--subaccount <n>",
    "act on the signer's sub-account n (isolated margin; 0 = the signer's main account, the default)",
  );
}

/**
 * With `--subaccount n`, a file naming an account (`field` of `file`) must name the signer's
 * sub-account n: the venue attests the sub-account's own address.
 */
export function checkAccountFile(
  s: Session,
  choice: AccountChoice,
  file: string,
  account: string,
  field = "account",
): void {
  if (getAddress(account) !== getAddress(choice.account))
    throw new InputError(
      file,
      field,
      `must be sub-account ${choice.index} of ${s.address}: ${choice.account}`,
    );
}

/** What a debit (withdrawal, move) of an account needs: with positions, its portfolio and risk. */
export interface DebitInputs {
  table: RiskTable | undefined;
  portfolio: IntegerPortfolio | null;
}

/**
 * The portfolio and risk table of a debit of `choice.account`: required when it has positions
 * (a proof at the initial multiplier), else not read. A portfolio given with `--subaccount`
 * must name that sub-account.
 */
export async function debitInputs(
  s: Session,
  choice: AccountChoice,
  explicit: boolean,
  portfolioFile: string | undefined,
  riskFile: string | undefined,
): Promise<DebitInputs> {
  const hasPositions = (await s.engine.accountState(choice.account)).commitment !== 0n;
  if (!hasPositions) return { table: undefined, portfolio: null };
  if (!riskFile)
    throw new InputError("command line", "--risk", "required: the account has positions");
  if (!portfolioFile)
    throw new InputError("command line", "<portfolio.json>", "required: the account has positions");
  const table = loadTable(riskFile, s.deployment);
  const portfolio = loadIntegerPortfolio(portfolioFile, table);
  if (explicit) checkAccountFile(s, choice, portfolioFile, portfolio.accountAddress);
  return { table, portfolio };
}
