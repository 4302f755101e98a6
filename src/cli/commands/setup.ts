/**
 * `zkmargin setup`: compile the circuits and make DEVELOPMENT Groth16 keys (single-party,
 * unsafe for production). A real ceremony replaces them (see README).
 */
import { Command } from "commander";
import { instanceNames } from "../../instances";
import {
  buildInstance,
  exportVerifierContract,
  releaseSnarkjsWorkers,
  stderrLog,
} from "../../node/pipeline";
import { printJson } from "../run";
import { registerCeremonyCommand } from "./ceremony";

/** Registers `setup`. */
export function registerSetupCommand(program: Command): void {
  const setup = program.command("setup");
  registerCeremonyCommand(setup);
  setup
    .description(
      "compile circuits and make development keys (UNSAFE FOR PRODUCTION); cached by content hash",
    )
    .option("--instance <name>", `instance (${instanceNames().join(" | ")} | all)`, "all")
    .option(
      "--ptau <file>",
      "prepared powers of tau (default: $ZKMARGIN_PTAU, then build/ptau, else generated)",
    )
    .option("--skip-keys", "compile only")
    .option("--force", "rebuild even when hashes match")
    .option("--json", "machine-readable output")
    .action(
      async (opts: {
        instance: string;
        ptau?: string;
        skipKeys?: boolean;
        force?: boolean;
        json?: boolean;
      }) => {
        const names = opts.instance === "all" ? instanceNames() : [opts.instance];
        const out = [];
        try {
          for (const name of names) {
            const r = await buildInstance(name, {
              keys: !opts.skipKeys,
              force: opts.force,
              ptau: opts.ptau,
              log: stderrLog("setup"),
            });
            if (r.manifest.keys !== null) exportVerifierContract(r.paths);
            out.push({
              instance: name,
              constraints: r.manifest.compile.constraints,
              dir: r.paths.dir,
              vkeySha256: r.manifest.keys?.vkeySha256 ?? null,
              unsafeDevelopmentKeys: true,
            });
          }
        } finally {
          await releaseSnarkjsWorkers();
        }
        if (opts.json) printJson(out);
        else
          for (const o of out)
            process.stdout.write(
              `${o.instance}: ${o.constraints} constraints, artifacts in ${o.dir}\n  DEVELOPMENT KEYS - UNSAFE FOR PRODUCTION\n`,
            );
      },
    );
}
