/**
 * `zkmargin inspect proof.json`: decode the public signals (what they bind), verify the
 * proof, and with the risk table and the trader's files recompute the bindings. Exit 1 when
 * the proof is invalid or a binding does not match.
 */
import { Command } from "commander";
import { CheckFailedError, InputError } from "../../errors";
import { formatInspectReport, inspectProof } from "../../node/audit";
import { loadProofFile } from "../../node/prover";
import { releaseProverThreads } from "../../proof";
import { printJson } from "../run";

/** Registers `inspect`. */
export function registerInspectCommand(program: Command): void {
  program
    .command("inspect")
    .description("decode a proof's public signals, verify it, and recompute its bindings")
    .argument("<proof.json>", "proof written by `zkmargin prove`")
    .option("--risk <risk.json>", "risk table: names the epoch and checks riskRoot")
    .option("--portfolio <portfolio.json>", "the trader's portfolio (with --risk and --collateral)")
    .option("--collateral <balances.json>", "the account's balances (with --portfolio)")
    .option("--vkey <verification_key.json>", "verification key (default: the built key)")
    .option("--json", "machine-readable output")
    .action(
      async (
        file: string,
        opts: {
          risk?: string;
          portfolio?: string;
          collateral?: string;
          vkey?: string;
          json?: boolean;
        },
      ) => {
        if (
          (opts.portfolio !== undefined) !== (opts.collateral !== undefined) ||
          (opts.portfolio !== undefined && opts.risk === undefined)
        )
          throw new InputError("command line", "--portfolio", "needs --collateral and --risk");
        const proof = loadProofFile(file);
        let report;
        try {
          report = await inspectProof(proof, opts);
        } finally {
          await releaseProverThreads();
        }
        if (opts.json) printJson(report);
        else process.stdout.write(formatInspectReport(report));
        if (!report.ok) {
          const bad = report.lines.filter((l) => l.status === "failed");
          throw new CheckFailedError(bad.map((l) => `${l.what}: ${l.note ?? l.value}`).join("; "));
        }
      },
    );
}
