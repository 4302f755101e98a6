/**
 * The `zkmargin` command line. Thin commands over the SDK; each command lives in
 * src/cli/commands/ and registers itself on the program.
 *
 * Exit codes: 0 ok, 1 a check failed (e.g. insolvent), 2 bad input, 3 internal error.
 */
import { Command } from "commander";
import { registerRiskCommand } from "./commands/risk";
import { registerMarginCommand } from "./commands/margin";
import { registerInputCommand } from "./commands/input";
import { registerProveCommand } from "./commands/prove";
import { registerVerifyCommand } from "./commands/verify";
import { registerSetupCommand } from "./commands/setup";
import { registerChainCommands } from "./commands/chain";
import { registerAuditCommand } from "./commands/audit";
import { registerInspectCommand } from "./commands/inspect";
import { registerDemoCommand } from "./commands/demo";
import { registerAppCommand } from "./commands/app";
import { registerOracleCommand } from "./commands/oracle";
import { registerStressCommand } from "./commands/stress";
import { registerWhatIfCommand } from "./commands/whatif";
import { registerPortfolioCommand } from "./commands/portfolio";
import { beginRun, reportError, wantsJson } from "./run";

/** Builds the program with every command registered (exitOverride: errors are thrown). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name("zkmargin")
    .description("zero-knowledge solvency proofs for derivatives portfolios")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)");
  registerRiskCommand(program);
  registerMarginCommand(program);
  registerInputCommand(program);
  registerProveCommand(program);
  registerVerifyCommand(program);
  registerSetupCommand(program);
  registerChainCommands(program);
  registerAuditCommand(program);
  registerInspectCommand(program);
  registerDemoCommand(program);
  registerAppCommand(program);
  registerOracleCommand(program);
  registerStressCommand(program);
  registerWhatIfCommand(program);
  registerPortfolioCommand(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the CLI on `argv` (process.argv layout) and sets `process.exitCode`. */
export async function main(argv: readonly string[]): Promise<void> {
  beginRun();
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (e) {
    process.exitCode = reportError(e, wantsJson(argv));
  }
}
