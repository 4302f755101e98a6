/**
 * `zkmargin prove`: a Groth16 proof from local files (refusing an insolvent portfolio), or
 * from a raw circuit input, unchecked, for auditors.
 */
import type { Command } from "commander";
import type { CircuitSignals } from "snarkjs";
import { type SolvencyInput, buildSolvencyInput } from "../../circuit-input";
import { CheckFailedError, InputError } from "../../errors";
import { instanceNames } from "../../instances";
import { parseMultiplier } from "../../margin";
import { money } from "../../report";
import { type ProofFile, WitnessError, releaseProverThreads } from "../../proof";
import { readJsonFile } from "../../node/files";
import { loadAccountFiles } from "../../node/load";
import { proveWithInstance } from "../../node/prover";
import { printJson } from "../run";
import { stageTimer } from "../progress";
import {
  type AccountOptions,
  accountCommand,
  requireAccountOptions,
  writeJson,
} from "./account-files";

interface ProveOptions extends AccountOptions {
  rawInput?: string;
  instance: string;
}

/** Registers `prove`. */
export function registerProveCommand(program: Command): void {
  accountCommand(
    program
      .command("prove")
      .description("prove solvency of a portfolio (Groth16); refuses an insolvent one with exit 1"),
    false,
  )
    .requiredOption("-o, --output <proof.json>", "where to write the proof")
    .option(
      "--raw-input <input.json>",
      "feed this circuit input to the circuit unchecked (auditors)",
    )
    .option(
      "--instance <name>",
      `circuit instance for --raw-input (${instanceNames().join(" | ")})`,
      "standard",
    )
    .action(async (portfolioFile: string | undefined, opts: ProveOptions) => {
      const tick = stageTimer(opts.json);
      let input: SolvencyInput | CircuitSignals;
      let instance: string;
      if (opts.rawInput) {
        if (portfolioFile)
          throw new InputError(
            "command line",
            "<portfolio.json>",
            "not allowed together with --raw-input",
          );
        const raw = readJsonFile(opts.rawInput);
        if (raw === null || typeof raw !== "object" || Array.isArray(raw))
          throw new InputError(opts.rawInput, "(root)", "must be an object of circuit signals");
        input = raw as CircuitSignals;
        instance = opts.instance;
        tick(`raw input ${opts.rawInput} (unchecked), instance ${instance}`);
      } else {
        const multiplier = parseMultiplier(opts.multiplier, "--multiplier");
        const [p, r, c] = requireAccountOptions(opts, portfolioFile);
        const { table, portfolio, balances } = loadAccountFiles(p, r, c);
        const built = buildSolvencyInput(table, portfolio, balances, multiplier);
        input = built.input;
        instance = table.instance.name;
        tick(
          `margin checked: equity ${money(built.margin.equity)} USD, maintenance margin ${money(built.margin.maintenanceMargin)} USD`,
        );
      }
      let proof: ProofFile;
      try {
        proof = await proveWithInstance(instance, input, (stage) => {
          if (stage === "prove") tick("computing witness and Groth16 proof");
        });
      } catch (e) {
        if (e instanceof WitnessError) throw new CheckFailedError(e.message);
        throw e;
      } finally {
        await releaseProverThreads();
      }
      tick("proof done");
      writeJson(opts.output as string, proof);
      if (opts.json)
        printJson({
          output: opts.output,
          circuit: proof.circuit,
          vkeyHash: proof.vkeyHash,
          publicSignals: proof.publicSignals,
          unsafeDevelopmentKeys: proof.unsafeDevelopmentKeys,
        });
      else {
        process.stdout.write(
          `proof written to ${opts.output} (circuit ${proof.circuit}, vkey ${proof.vkeyHash})\n`,
        );
        if (proof.unsafeDevelopmentKeys)
          process.stdout.write("warning: made with DEVELOPMENT keys - unsafe for production\n");
      }
    });
}
