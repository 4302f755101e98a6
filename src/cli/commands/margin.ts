/**
 * `zkmargin margin <portfolio.json> --risk <risk.json> --collateral <balances.json>`: the
 * margin report, then at the multiplier the requirement, the excess or shortfall and the
 * largest withdrawable amount per token (src/report/requirement.ts; `atMultiplier` in JSON).
 */
import { Command } from "commander";
import { computeMargin, parseMultiplier } from "../../margin";
import {
  formatMarginText,
  formatRequirementText,
  marginReportJson,
  requirementJson,
  requirementSummary,
} from "../../report";
import { loadAccountFiles } from "../../node/load";
import { EXIT_CHECK_FAILED, printJson } from "../run";

interface MarginOptions {
  risk: string;
  collateral: string;
  multiplier: string;
  json?: boolean;
}

/** Registers `margin`. Exit 1 when the portfolio is insolvent at the multiplier. */
export function registerMarginCommand(program: Command): void {
  program
    .command("margin")
    .description("compute the margin report of a portfolio (exit 1 when insolvent)")
    .argument("<portfolio.json>", "the trader's private portfolio")
    .requiredOption("--risk <risk.json>", "risk table built by `zkmargin risk build`")
    .requiredOption("--collateral <balances.json>", "the account's collateral balances")
    .option("--multiplier <m>", "margin multiplier, 1.0..100.0 (at most 4 decimals)", "1.0")
    .option("--json", "machine-readable output (decimal USD strings plus raw integers in V)")
    .action((portfolioFile: string, opts: MarginOptions) => {
      const multiplier = parseMultiplier(opts.multiplier, "--multiplier");
      const { table, portfolio, balances } = loadAccountFiles(
        portfolioFile,
        opts.risk,
        opts.collateral,
      );
      const result = computeMargin(table, portfolio, balances.amounts, multiplier);
      const summary = requirementSummary(table, portfolio, balances, result);
      if (opts.json)
        printJson({
          ...(marginReportJson(result) as object),
          atMultiplier: requirementJson(summary),
        });
      else process.stdout.write(formatMarginText(result, formatRequirementText(summary)));
      if (!result.solvent) process.exitCode = EXIT_CHECK_FAILED;
    });
}
