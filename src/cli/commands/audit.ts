/**
 * `zkmargin audit`: rebuild the circuits in a temporary folder and compare with the committed
 * circuits/manifest.json; verify the keys against r1cs and ptau; check the Solidity verifier
 * and the batch verifier (and, with --rpc, deployed ones) against the verification key; print
 * constraint counts.
 * Exit 1 when any check fails. `--write-manifest` regenerates circuits/manifest.json.
 */
import { Command } from "commander";
import { CheckFailedError, InputError } from "../../errors";
import { instanceNames } from "../../instances";
import type { KeyOverrides } from "../../node/audit";
import { formatAuditReport, runAudit, writeManifestFromBuild } from "../../node/audit";
import { releaseSnarkjsWorkers, stderrLog } from "../../node/pipeline";
import { printJson } from "../run";

interface AuditCliOptions {
  instance: string;
  json?: boolean;
  ptau?: string;
  zkeyVerify: boolean;
  templates: boolean;
  manifest?: string;
  rpc?: string;
  address?: string[];
  zkey?: string;
  vkey?: string;
  verifier?: string;
  batchVerifier?: string;
  batchAddress?: string[];
  writeManifest?: boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Registers `audit`. */
export function registerAuditCommand(program: Command): void {
  program
    .command("audit")
    .description(
      "rebuild the circuits and check them, the keys and the verifier against circuits/manifest.json",
    )
    .option("--instance <name>", `instance (${instanceNames().join(" | ")} | all)`, "all")
    .option("--ptau <file>", "prepared powers of tau for zkey verify (default: $ZKMARGIN_PTAU)")
    .option("--no-zkey-verify", "skip snarkjs zkey verify (minutes for the standard instance)")
    .option("--no-templates", "skip the per-template constraint counts")
    .option("--manifest <file>", "committed manifest (default circuits/manifest.json)")
    .option("--zkey <file>", "check this zkey instead of build/<instance> (one instance)")
    .option("--vkey <file>", "check this verification key instead of build/<instance>")
    .option("--verifier <file>", "check this Solidity verifier instead of build/<instance>")
    .option(
      "--batch-verifier <file>",
      "check this batch verifier instead of contracts/generated/SolvencyBatchVerifier<Name>.sol",
    )
    .option("--rpc <url>", "JSON-RPC endpoint of a chain with a deployed verifier")
    .option(
      "--address <[instance=]address>",
      "deployed verifier to check (repeatable; instance= needed with several instances)",
      collect,
    )
    .option(
      "--batch-address <[instance=]address>",
      "deployed batch verifier to check (repeatable; instance= needed with several instances)",
      collect,
    )
    .option("--write-manifest", "rebuild and (re)write circuits/manifest.json instead of checking")
    .option("--json", "machine-readable output")
    .action(async (opts: AuditCliOptions) => {
      const all = instanceNames();
      const instances = opts.instance === "all" ? all : [opts.instance];
      for (const i of instances)
        if (!all.includes(i))
          throw new InputError(
            "command line",
            "--instance",
            `unknown instance ${JSON.stringify(i)} (known: ${all.join(", ")})`,
          );
      const log = stderrLog("audit");
      try {
        if (opts.writeManifest) {
          const m = await writeManifestFromBuild({ file: opts.manifest, log });
          if (opts.json) printJson(m);
          else
            process.stdout.write(
              `wrote ${opts.manifest ?? "circuits/manifest.json"} (${Object.keys(m.instances).join(", ")})\n`,
            );
          return;
        }
        const single = (flag: string): string => {
          if (instances.length !== 1)
            throw new InputError("command line", flag, "needs a single --instance");
          return instances[0];
        };
        const overrides: Record<string, KeyOverrides> = {};
        const files: [string, string | undefined][] = [
          ["--zkey", opts.zkey],
          ["--vkey", opts.vkey],
          ["--verifier", opts.verifier],
          ["--batch-verifier", opts.batchVerifier],
        ];
        const given = files.find(([, f]) => f);
        if (given !== undefined)
          overrides[single(given[0])] = {
            zkey: opts.zkey,
            vkey: opts.vkey,
            verifier: opts.verifier,
            batchVerifier: opts.batchVerifier,
          };
        const addresses = (flag: string, list: string[] = []): Record<string, string> => {
          const out: Record<string, string> = {};
          for (const a of list) {
            const m = /^(?:([a-z][a-z0-9_-]*)=)?(0x[0-9a-fA-F]{40})$/.exec(a);
            if (m === null)
              throw new InputError(
                "command line",
                flag,
                `expected [instance=]0x + 40 hex digits, got ${a}`,
              );
            out[m[1] ?? single(flag)] = m[2];
          }
          if (Object.keys(out).length > 0 && !opts.rpc)
            throw new InputError("command line", "--rpc", `required with ${flag}`);
          return out;
        };
        const deployed = addresses("--address", opts.address);
        const deployedBatch = addresses("--batch-address", opts.batchAddress);
        const report = await runAudit({
          instances,
          manifestFile: opts.manifest,
          ptau: opts.ptau,
          zkeyVerify: opts.zkeyVerify,
          templates: opts.templates,
          overrides,
          rpc: opts.rpc,
          deployed,
          deployedBatch,
          log,
        });
        if (opts.json) printJson(report);
        else process.stdout.write(formatAuditReport(report));
        if (!report.ok) {
          const failed = report.checks.filter((c) => c.status === "failed");
          throw new CheckFailedError(`audit failed: ${failed.map((c) => c.message).join("; ")}`);
        }
      } finally {
        await releaseSnarkjsWorkers();
      }
    });
}
