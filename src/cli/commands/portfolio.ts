/**
 * `zkmargin portfolio new --account 0x... [-o portfolio.json] [--cash 0] [--nonce 0] [--force]`:
 * writes an empty portfolio.json (version 1, no positions) with a fresh random salt, the
 * starting point a newcomer edits by hand (SPEC section 5).
 *
 * The salt is 31 random bytes (node:crypto): every 248-bit value is below the BN254 field
 * modulus (about 2^253.6), so it is always a valid salt with no rejection loop, and 248 bits
 * of entropy are far more than enough to hide the portfolio behind its state hash.
 */
import * as fs from "node:fs";
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { InputError } from "../../errors";
import { parsePortfolio } from "../../schema";
import { writeFileAtomic } from "../../node/files";
import { printJson } from "../run";

interface PortfolioNewOptions {
  account: string;
  output: string;
  cash: string;
  nonce: string;
  force?: boolean;
  json?: boolean;
}

/** The flag of each portfolio field set from the command line. */
const FLAGS: Record<string, string> = { account: "--account", cash: "--cash", nonce: "--nonce" };

/** A fresh salt: 0x + 31 random bytes (always below the BN254 modulus). */
export function freshSalt(): string {
  return "0x" + randomBytes(31).toString("hex");
}

/** The empty portfolio for the options, validated as portfolio.json is (errors name the flag). */
export function emptyPortfolio(opts: Pick<PortfolioNewOptions, "account" | "cash" | "nonce">) {
  const nonce = /^[0-9]+$/.test(opts.nonce) && Number.isSafeInteger(Number(opts.nonce));
  const portfolio = {
    version: 1 as const,
    account: opts.account,
    positions: [] as never[],
    cash: opts.cash,
    nonce: nonce ? Number(opts.nonce) : opts.nonce,
    salt: freshSalt(),
  };
  try {
    parsePortfolio(portfolio, "command line");
  } catch (e) {
    if (e instanceof InputError) {
      const flag = FLAGS[e.path.split(/[.[]/)[0]];
      if (flag) throw new InputError("command line", flag, e.rule);
    }
    throw e;
  }
  return portfolio;
}

/** Registers `portfolio` and its subcommand `new`. */
export function registerPortfolioCommand(program: Command): void {
  const portfolio = program.command("portfolio").description("the trader's portfolio.json");
  portfolio
    .command("new")
    .description("write an empty portfolio.json (no positions) with a fresh random salt")
    .requiredOption("--account <address>", "the account's address")
    .option("-o, --output <portfolio.json>", "where to write it", "portfolio.json")
    .option("--cash <usd>", "cash balance in USD (a decimal)", "0")
    .option("--nonce <n>", "state nonce (the account's next nonce on chain)", "0")
    .option("--force", "overwrite an existing file")
    .option("--json", "machine-readable output")
    .action((opts: PortfolioNewOptions) => {
      const p = emptyPortfolio(opts);
      if (!opts.force && fs.existsSync(opts.output))
        throw new InputError(opts.output, "(file)", "already exists (add --force to overwrite)");
      const text = JSON.stringify(p, null, 2) + "\n";
      writeFileAtomic(opts.output, text);
      if (opts.json) printJson({ output: opts.output, portfolio: p });
      else {
        process.stdout.write(text);
        process.stderr.write(`written to ${opts.output}\n`);
      }
    });
}
