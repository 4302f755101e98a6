/**
 * `zkmargin input`: the exact solvency-circuit input for a portfolio (for auditors; also for
 * an insolvent one).
 */
import type { Command } from "commander";
import { buildCircuitInput, insolvencyReason } from "../../circuit-input";
import { computeMargin, parseMultiplier } from "../../margin";
import { PUBLIC_SIGNAL_NAMES } from "../../proof";
import { loadAccountFiles } from "../../node/load";
import { printJson } from "../run";
import {
  type AccountOptions,
  accountCommand,
  requireAccountOptions,
  writeJson,
} from "./account-files";

/** Registers `input`. */
export function registerInputCommand(program: Command): void {
  accountCommand(
    program
      .command("input")
      .description(
        "write the exact solvency-circuit input for a portfolio (for auditors; also for an insolvent one)",
      ),
  )
    .requiredOption("-o, --output <input.json>", "where to write the circuit input")
    .action((portfolioFile: string, opts: AccountOptions) => {
      const multiplier = parseMultiplier(opts.multiplier, "--multiplier");
      const [p, r, c] = requireAccountOptions(opts, portfolioFile);
      const { table, portfolio, balances } = loadAccountFiles(p, r, c);
      const margin = computeMargin(table, portfolio, balances.amounts, multiplier);
      const input = buildCircuitInput(table, portfolio, balances, multiplier, margin);
      writeJson(opts.output as string, input);
      if (opts.json)
        printJson({
          output: opts.output,
          instance: table.instance.name,
          solvent: margin.solvent,
          publicSignals: [input.stateHash, input.riskRoot, input.multiplier],
        });
      else {
        process.stdout.write(
          `circuit input (${table.instance.name} instance) written to ${opts.output}\n`,
        );
        PUBLIC_SIGNAL_NAMES.forEach((n) => process.stdout.write(`  ${n.padEnd(10)} ${input[n]}\n`));
        if (!margin.solvent)
          process.stdout.write(
            `note: ${insolvencyReason(margin)}; the circuit will refuse this input\n`,
          );
      }
    });
}
