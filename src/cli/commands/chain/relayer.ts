/**
 * `zkmargin relayer`: the relayer service (src/node/relayer/service.ts). Wallets POST renewal
 * proofs over HTTP; the relayer checks each as the engine would, batches them into
 * `submitProofs` and reports each proof's outcome (GET /proofs/:id). Its queue is an LMDB
 * database in --state: killed at any point and restarted on the same folder it loses no
 * accepted proof and submits none twice. A line per event (JSON lines with --json) until
 * SIGINT / SIGTERM.
 */
import type { Command } from "commander";
import { InputError } from "../../../errors";
import { loadKeyInfo } from "../../../node/prover";
import type { RelayerEvent } from "../../../node/relayer/batcher";
import {
  DEFAULT_BATCH,
  DEFAULT_MAX_WAIT,
  DEFAULT_RELAYER_PORT,
  startRelayer,
} from "../../../node/relayer/service";
import { type ChainCliOptions, chainCommand, uintOption } from "./options";
import { withSession } from "./session";

interface RelayerOptions extends ChainCliOptions {
  state: string;
  host: string;
  port: string;
  batch: string;
  maxWait: string;
  rate: string;
}

/** Env var of the crash tests: `sending:<ms>` or `sent:<ms>` (see BatcherDeps.pause). */
const PAUSE_ENV = "ZKMARGIN_RELAYER_TEST_PAUSE";

function pauseFromEnv(): { at: "sending" | "sent"; ms: number } | undefined {
  const v = process.env[PAUSE_ENV];
  const m = v ? /^(sending|sent):([0-9]{1,6})$/.exec(v) : null;
  return m ? { at: m[1] as "sending" | "sent", ms: Number(m[2]) } : undefined;
}

function line(e: RelayerEvent): string {
  const { event, ...rest } = e;
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k} ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
  return `${new Date().toISOString()} ${event}${fields ? `: ${fields}` : ""}`;
}

export function registerRelayer(program: Command): void {
  chainCommand(
    program
      .command("relayer")
      .description(
        "relayer service: accept renewal proofs over HTTP, check them as the engine would, send them in batches (submitProofs), report each proof's outcome; crash-safe queue (LMDB)",
      ),
  )
    .requiredOption("--state <dir>", "state folder (LMDB queue); reuse it across restarts")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--port <n>", "HTTP port", DEFAULT_RELAYER_PORT.toString())
    .option("--batch <k>", "send when k proofs wait, 1..256", DEFAULT_BATCH.toString())
    .option(
      "--max-wait <seconds>",
      "send a smaller batch when the oldest proof waited this long",
      DEFAULT_MAX_WAIT.toString(),
    )
    .option("--rate <n>", "proofs per account per minute", "10")
    .action(async (opts: RelayerOptions) => {
      const port = Number(uintOption(opts.port, "--port", 65535));
      const batchSize = Number(uintOption(opts.batch, "--batch", 256));
      if (batchSize < 1) throw new InputError("command line", "--batch", "must be at least 1");
      const maxWaitSeconds = Number(uintOption(opts.maxWait, "--max-wait", 86400));
      const rate = Number(uintOption(opts.rate, "--rate", 1_000_000));
      if (rate < 1) throw new InputError("command line", "--rate", "must be at least 1");
      const emit = (e: RelayerEvent) =>
        process.stdout.write(
          (opts.json ? JSON.stringify({ t: new Date().toISOString(), ...e }) : line(e)) + "\n",
        );
      await withSession(opts, async (s) => {
        const key = loadKeyInfo(s.deployment.instance);
        const pause = pauseFromEnv();
        const relayer = await startRelayer({
          engine: s.engine,
          provider: s.conn.provider,
          sender: s.address,
          instance: s.deployment.instance,
          vkey: key.vkey,
          stateDir: opts.state,
          host: opts.host,
          port,
          batchSize,
          maxWaitSeconds,
          rate: { max: rate, windowMs: 60_000 },
          log: emit,
          ...(pause ? { pause } : {}),
        });
        if (!opts.json)
          process.stderr.write(
            `relayer ${s.address} on engine ${s.deployment.addresses.engine}: ${relayer.url}, batches of ${batchSize} or every ${maxWaitSeconds} s, state ${opts.state}\n`,
          );
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        emit({ event: "stopping" });
        await relayer.stop();
        emit({ event: "stopped" });
      });
    });
}
