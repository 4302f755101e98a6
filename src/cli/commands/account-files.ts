/**
 * Options shared by `input` and `prove`: the account's files (portfolio, risk table,
 * balances) and the multiplier.
 */
import type { Command } from "commander";
import { InputError } from "../../errors";
import { writeFileAtomic } from "../../node/files";

export interface AccountOptions {
  risk?: string;
  collateral?: string;
  multiplier: string;
  output?: string;
  json?: boolean;
}

/** The portfolio, risk table and balances files, each required. */
export function requireAccountOptions(
  opts: AccountOptions,
  portfolio: string | undefined,
): [string, string, string] {
  if (!portfolio)
    throw new InputError("command line", "<portfolio.json>", "required (or --raw-input for prove)");
  if (!opts.risk) throw new InputError("command line", "--risk", "required");
  if (!opts.collateral) throw new InputError("command line", "--collateral", "required");
  return [portfolio, opts.risk, opts.collateral];
}

export function writeJson(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}

/** Adds the account options and the portfolio operand (optional unless `required`). */
export function accountCommand(cmd: Command, required = true): Command {
  const c = cmd
    .option("--risk <risk.json>", "risk table built by `zkmargin risk build`")
    .option("--collateral <balances.json>", "the account's collateral balances")
    .option("--multiplier <m>", "margin multiplier, 1.0..100.0 (at most 4 decimals)", "1.0")
    .option("--json", "machine-readable output");
  return required
    ? c.argument("<portfolio.json>", "the trader's private portfolio")
    : c.argument("[portfolio.json]", "the trader's private portfolio");
}
