/**
 * `zkmargin demo`: the whole story on the in-process network (src/demo).
 */
import { Command } from "commander";
import { runDemo } from "../../demo";
import { instanceNames } from "../../instances";
import { InputError } from "../../errors";

/** Registers `demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "margin reports of the bundled books, their proofs, and the on-chain story (deploy, epoch, " +
        "attest, prove, lapse, keeper liquidation, withdrawals) on an in-process Hardhat network",
    )
    .option(
      "--instance <name>",
      `circuit instance of the proofs and the on-chain story (${instanceNames().join(" | ")}); ` +
        "built on first use",
      "small",
    )
    .action(async (opts: { instance: string }) => {
      if (!instanceNames().includes(opts.instance))
        throw new InputError(
          "command line",
          "--instance",
          `must be one of ${instanceNames().join(", ")}`,
        );
      await runDemo({ instance: opts.instance });
    });
}
