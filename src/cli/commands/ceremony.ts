/**
 * `zkmargin setup ceremony ...`: a Groth16 phase-2 ceremony over a given ptau (for production a
 * public one, e.g. the Hermez perpetual powers of tau), with a JSON transcript:
 *   start      zkey new over the r1cs and the ptau
 *   contribute one party's contribution (run by each party on their own machine)
 *   beacon     the closing public beacon
 *   verify     every file against the transcript, snarkjs zkey verify, the chain vs the transcript
 *   export     the final zkey, verification key and Solidity verifier
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { CheckFailedError, InputError } from "../../errors";
import { artifactPaths, PTAU_ENV } from "../../node/artifacts";
import { releaseSnarkjsWorkers, stderrLog } from "../../node/pipeline";
import {
  addContribution,
  applyBeacon,
  exportCeremony,
  readTranscript,
  startCeremony,
  TRANSCRIPT_FILE,
  verifyTranscript,
} from "../../node/pipeline/ceremony";
import { printJson } from "../run";

function ptauOf(opt: string | undefined): string {
  const p = opt ?? process.env[PTAU_ENV];
  if (!p) throw new InputError("command line", "--ptau", `required (or set ${PTAU_ENV})`);
  return path.resolve(p);
}

/** The ceremony directory, which must hold a transcript (else bad input, exit 2). */
function ceremonyDir(dir: string): string {
  if (!fs.existsSync(path.join(dir, TRANSCRIPT_FILE)))
    throw new InputError(
      dir,
      TRANSCRIPT_FILE,
      "no ceremony here (run `zkmargin setup ceremony start` first)",
    );
  return dir;
}

function out(json: boolean | undefined, value: unknown, text: string): void {
  if (json) printJson(value);
  else process.stdout.write(text);
}

async function released<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await releaseSnarkjsWorkers();
  }
}

/** Registers `ceremony` under `setup`. */
export function registerCeremonyCommand(setup: Command): void {
  setup.enablePositionalOptions(); // `setup ceremony ... --ptau` belongs to the subcommand
  const c = setup
    .command("ceremony")
    .description("phase-2 ceremony over a given ptau, with a JSON transcript (production keys)");
  const log = stderrLog("ceremony");

  c.command("start")
    .description("start a ceremony in <dir>: zkey new over the circuit's r1cs and the ptau")
    .argument("<dir>", "ceremony directory (transcript.json and one zkey per step)")
    .option("--circuit <instance>", "circuit instance (its r1cs from build/<instance>)", "standard")
    .option("--r1cs <file>", "r1cs (default: build/<instance>/<instance>.r1cs)")
    .option("--ptau <file>", `prepared powers of tau (default $${PTAU_ENV})`)
    .option(
      "--from-zkey <file>",
      "continue from an existing zkey of the circuit instead of zkey new",
    )
    .option("--json", "machine-readable output")
    .action(
      async (
        dir: string,
        o: { circuit: string; r1cs?: string; ptau?: string; fromZkey?: string; json?: boolean },
      ) => {
        const t = await released(() =>
          startCeremony({
            dir,
            circuit: o.circuit,
            r1cs: o.r1cs ?? artifactPaths(o.circuit).r1cs,
            ptau: ptauOf(o.ptau),
            fromZkey: o.fromZkey,
            log,
          }),
        );
        out(
          o.json,
          t,
          `ceremony started in ${dir} (${t.steps[0].file}); next: zkmargin setup ceremony contribute ${dir} --name <who>\n`,
        );
      },
    );

  c.command("contribute")
    .description("add a contribution (random entropy unless --entropy)")
    .argument("<dir>", "ceremony directory")
    .requiredOption("--name <name>", "contributor's name, recorded in the key and the transcript")
    .option("--entropy <text>", "extra entropy (default: 64 random bytes)")
    .option("--json", "machine-readable output")
    .action(async (dir: string, o: { name: string; entropy?: string; json?: boolean }) => {
      const s = await released(() =>
        addContribution(ceremonyDir(dir), { name: o.name, entropy: o.entropy, log }),
      );
      out(o.json, s, `contribution ${s.index} by ${s.name}: ${s.contributionHash}\n`);
    });

  c.command("beacon")
    .description("apply the closing public beacon (a value fixed after the last contribution)")
    .argument("<dir>", "ceremony directory")
    .requiredOption("--beacon <hex>", "public random value, hex (e.g. a future block hash)")
    .option("--iterations-exp <n>", "2^n hash iterations (10..63)", "10")
    .option("--name <name>", "name of the beacon step", "final beacon")
    .option("--json", "machine-readable output")
    .action(
      async (
        dir: string,
        o: { beacon: string; iterationsExp: string; name: string; json?: boolean },
      ) => {
        const s = await released(() =>
          applyBeacon(ceremonyDir(dir), {
            name: o.name,
            beaconHex: o.beacon.replace(/^0x/, ""),
            iterationsExp: Number(o.iterationsExp),
            log,
          }),
        );
        out(o.json, s, `beacon applied (step ${s.index}): ${s.contributionHash}\n`);
      },
    );

  c.command("verify")
    .description(
      "verify the whole transcript: files, order, snarkjs zkey verify, contribution hashes",
    )
    .argument("<dir>", "ceremony directory")
    .option("--r1cs <file>", "r1cs (default: build/<circuit>/<circuit>.r1cs)")
    .option("--ptau <file>", `the ptau (default $${PTAU_ENV})`)
    .option("--json", "machine-readable output")
    .action(async (dir: string, o: { r1cs?: string; ptau?: string; json?: boolean }) => {
      const t = readTranscript(ceremonyDir(dir));
      const r = await released(() =>
        verifyTranscript({
          dir,
          r1cs: o.r1cs ?? artifactPaths(t.circuit).r1cs,
          ptau: ptauOf(o.ptau),
          log,
        }),
      );
      out(
        o.json,
        r,
        r.ok
          ? `transcript verifies: ${r.chain.map((x) => x.name).join(", ")} (${r.seconds.toFixed(0)} s)\n`
          : "",
      );
      if (!r.ok) throw new CheckFailedError(`transcript does not verify: ${r.problems.join("; ")}`);
    });

  c.command("export")
    .description("export the final zkey, verification_key.json and Verifier.sol")
    .argument("<dir>", "ceremony directory")
    .requiredOption("-o, --output <dir>", "where to write the keys")
    .option("--json", "machine-readable output")
    .action(async (dir: string, o: { output: string; json?: boolean }) => {
      const f = await released(() => exportCeremony({ dir: ceremonyDir(dir), outDir: o.output }));
      out(o.json, f, `exported to ${o.output}: vkey sha256 ${f.vkeySha256}\n`);
    });

  for (const sub of c.commands) sub.exitOverride();
  c.exitOverride();
}
