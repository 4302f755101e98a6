/**
 * `zkmargin verify`: verify a proof.json against the built (or a given) verification key.
 */
import type { Command } from "commander";
import { CheckFailedError } from "../../errors";
import { PUBLIC_SIGNAL_NAMES, releaseProverThreads } from "../../proof";
import { loadProofFile, verifyProofFile } from "../../node/prover";
import { printJson } from "../run";

/** Registers `verify`. */
export function registerVerifyCommand(program: Command): void {
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
