/**
 * `zkmargin input`, `zkmargin prove` and `zkmargin verify`: the exact circuit input, Groth16
 * proofs from local files (or from a raw input, unchecked, for auditors), and verification.
 */
import { Command } from "commander";
import type { CircuitSignals } from "snarkjs";
import { buildCircuitInput, buildSolvencyInput, insolvencyReason } from "../../circuit-input";
import { CheckFailedError, InputError } from "../../errors";
import { instanceNames } from "../../instances";
import { computeMargin, parseMultiplier, money } from "../../margin";
import { PUBLIC_SIGNAL_NAMES, ProofFile, WitnessError, releaseProverThreads } from "../../proof";
import { readJsonFile, writeFileAtomic } from "../../node/files";
import { loadAccountFiles } from "../../node/load";
import { loadProofFile, proveWithInstance, verifyProofFile } from "../../node/prover";
import { printJson } from "../run";
import { stageTimer } from "../progress";

interface AccountOptions {
  risk?: string;
  collateral?: string;
  multiplier: string;
  output?: string;
  json?: boolean;
}

function requireAccountOptions(
  opts: AccountOptions,
  portfolio: string | undefined,
): [string, string, string] {
  if (!portfolio)
    throw new InputError("command line", "<portfolio.json>", "required (or --raw-input for prove)");
  if (!opts.risk) throw new InputError("command line", "--risk", "required");
  if (!opts.collateral) throw new InputError("command line", "--collateral", "required");
  return [portfolio, opts.risk, opts.collateral];
}

function writeJson(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}

function accountCommand(cmd: Command, required = true): Command {
  const c = cmd
    .option("--risk <risk.json>", "risk table built by `zkmargin risk build`")
    .option("--collateral <balances.json>", "the account's collateral balances")
    .option("--multiplier <m>", "margin multiplier, 1.0..100.0 (at most 4 decimals)", "1.0")
    .option("--json", "machine-readable output");
  return required
    ? c.argument("<portfolio.json>", "the trader's private portfolio")
    : c.argument("[portfolio.json]", "the trader's private portfolio");
}

/** Registers `input`, `prove` and `verify`. */
export function registerProveCommands(program: Command): void {
  accountCommand(
    program
      .command("input")
      .description(
        "write the exact solvency-circuit input for a portfolio (for auditors; also for an insolvent one)",
      ),
  )
    .requiredOption("-o, --output <input.json>", "where to write the circuit input")
    .action((portfolioFile: string, opts: AccountOptions) => {
      const multiplier = parseMultiplier(opts.multiplier);
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
    .action(
      async (
        portfolioFile: string | undefined,
        opts: AccountOptions & { rawInput?: string; instance: string },
      ) => {
        const tick = stageTimer(opts.json);
        let input: CircuitSignals;
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
          const multiplier = parseMultiplier(opts.multiplier);
          const [p, r, c] = requireAccountOptions(opts, portfolioFile);
          const { table, portfolio, balances } = loadAccountFiles(p, r, c);
          const built = buildSolvencyInput(table, portfolio, balances, multiplier);
          input = built.input as unknown as CircuitSignals;
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
      },
    );

  program
    .command("verify")
    .description(
      "verify a proof.json against the built (or a given) verification key; exit 1 when invalid",
    )
    .argument("<proof.json>", "proof written by `zkmargin prove`")
    .option(
      "--vkey <verification_key.json>",
      "verification key (default: the built key of the proof's circuit)",
    )
    .option("--json", "machine-readable output")
    .action(async (proofFile: string, opts: { vkey?: string; json?: boolean }) => {
      const proof = loadProofFile(proofFile);
      let result;
      try {
        result = await verifyProofFile(proof, opts.vkey);
      } finally {
        await releaseProverThreads();
      }
      if (opts.json)
        printJson({
          valid: result.ok,
          reason: result.reason ?? null,
          circuit: proof.circuit,
          publicSignals: Object.fromEntries(
            PUBLIC_SIGNAL_NAMES.map((n, i) => [n, proof.publicSignals[i] ?? null]),
          ),
        });
      else process.stdout.write(result.ok ? `valid proof (circuit ${proof.circuit})\n` : "");
      if (!result.ok) throw new CheckFailedError(`invalid proof: ${result.reason}`);
    });
}
