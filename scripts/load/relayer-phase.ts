/**
 * The load test's renewal phase: `zkmargin relayer` as a child process (what a venue runs), the
 * traders' wallets posting their renewals to it over HTTP (`submitToRelayer`, 8 at a time), and
 * one `kill -9` of the relayer the moment it logs its third `sending` (a batch written to its
 * queue, its transaction about to go out or already out), then a restart on the same state
 * folder. Figures come from the relayer's JSON log and from the chain's `ProofAccepted`
 * events: proofs lost (posted, never accepted) and duplicates (accepted twice) are counted on
 * the chain, not taken from the relayer's word.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { type EventLog, getAddress } from "ethers";
import { RelayerRequestError, submitToRelayer } from "../../src/chain";
import { projectRoot } from "../../src/node/artifacts";
import { freePort } from "../../src/node/app/hardhat-node";
import type { ChainConnection } from "../../src/node/chain";
import { type Trader, type Venue, pool } from "./venue";

const BIN = path.join(projectRoot(), "bin", "zkmargin.js");
/** The relayer's signer: an unlocked account of the node no trader or keeper uses. */
export const RELAYER_ACCOUNT_INDEX = 17;

export interface BatchFigure {
  id: string;
  proofs: number;
  tx: string;
  /** From the transaction's receipt. */
  gasUsed: bigint;
  /** The epochs renewed in it (from its ProofAccepted events). */
  epochs: bigint[];
  /** From `sending` to `batch` (sent and mined), ms. */
  sendMs: number;
  recovered: boolean;
}

export interface RelayerFigures {
  batchSize: number;
  posted: number;
  postMs: number[];
  /** First POST to the last proof accepted, ms. */
  totalMs: number;
  batches: BatchFigure[];
  gasTotal: bigint;
  accepted: number;
  lost: number;
  duplicates: number;
  crash: { killedAtBatch: number; downMs: number; recovered: string[] } | null;
  retries: number;
}

interface LogLine {
  t: string;
  event: string;
  [k: string]: unknown;
}

function startRelayer(
  rpc: string,
  v: Venue,
  stateDir: string,
  port: number,
  batch: number,
  onLine: (l: LogLine) => void,
): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "relayer",
      "--rpc",
      rpc,
      "--deployment",
      v.deploymentFile,
      "--account-index",
      String(RELAYER_ACCOUNT_INDEX),
      "--state",
      stateDir,
      "--port",
      String(port),
      "--batch",
      String(batch),
      "--max-wait",
      "2",
      "--json",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  createInterface({ input: child.stdout! }).on("line", (s) => {
    try {
      onLine(JSON.parse(s) as LogLine);
    } catch {
      // not a JSON line
    }
  });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`relayer exited ${code}: ${err}\n`);
  });
  return child;
}

async function waitHealthy(url: string, ms = 120_000): Promise<Record<string, number>> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return (await r.json()) as Record<string, number>;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`the relayer at ${url} did not answer in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => c.once("exit", () => r()));

/** Posts every trader's renewal through a relayer that is killed once mid-run. */
export async function relayerPhase(
  conn: ChainConnection,
  rpc: string,
  v: Venue,
  traders: Trader[],
  stateDir: string,
  batchSize: number,
): Promise<RelayerFigures> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fromBlock = (await conn.provider.getBlockNumber()) + 1;
  const sending = new Map<string, number>();
  const batches: BatchFigure[] = [];
  let sendings = 0;
  let crash = null as RelayerFigures["crash"];
  let child: ChildProcess;
  let killedAt = 0;
  const onLine = (l: LogLine) => {
    const t = Date.parse(l.t);
    if (l.event === "sending") {
      sending.set(String(l.batch), t);
      sendings++;
      if (sendings === 3 && crash === null) {
        child.kill("SIGKILL");
        killedAt = Date.now();
        crash = { killedAtBatch: 3, downMs: 0, recovered: [] };
      }
    } else if (l.event === "batch" || l.event === "recovered") {
      const id = String(l.batch);
      const accepted = Number(l.accepted);
      if (l.event === "recovered") crash?.recovered.push(`${accepted} accepted`);
      if (accepted === 0) return;
      batches.push({
        id,
        proofs: accepted,
        tx: String(l.tx),
        gasUsed: 0n,
        epochs: [],
        sendMs: t - (sending.get(id) ?? t),
        recovered: l.event === "recovered",
      });
    }
  };
  child = startRelayer(rpc, v, stateDir, port, batchSize, onLine);
  await waitHealthy(url);
  const restart = (async () => {
    while (crash === null) await new Promise((r) => setTimeout(r, 100));
    await exited(child);
    child = startRelayer(rpc, v, stateDir, port, batchSize, onLine);
    await waitHealthy(url);
    crash!.downMs = Date.now() - killedAt;
  })();

  const postMs: number[] = [];
  let retries = 0;
  const t0 = Date.now();
  await pool(traders, 8, async (t) => {
    for (;;) {
      const s = Date.now();
      try {
        await submitToRelayer(url, {
          account: t.account,
          epoch: t.epoch,
          tier: 0,
          proof: t.proof!,
        });
        postMs.push(Date.now() - s);
        return;
      } catch (e) {
        // the relayer queued it before it died (the answer was lost): it is in the queue
        if (e instanceof RelayerRequestError && e.error === "AlreadyQueued") return;
        if (e instanceof RelayerRequestError && e.status !== 503) throw e;
        retries++; // refused connection while it restarts, or an RPC error: a wallet retries
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });
  for (;;) {
    const h = await waitHealthy(url);
    if (h.queued === 0 && h.submitted === 0 && h.accepted + h.rejected >= traders.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const totalMs = Date.now() - t0;
  await restart;
  child.kill("SIGTERM");
  await exited(child);

  const logs = await v.d.engine.contract.queryFilter(
    v.d.engine.contract.getEvent("ProofAccepted"),
    fromBlock,
  );
  const count = new Map<string, number>();
  const txs = new Map<string, Set<bigint>>();
  for (const l of logs) {
    const args = (l as EventLog).args;
    const epoch = BigInt(args[1] as bigint);
    const k = `${getAddress(String(args[0]))}:${epoch}`;
    count.set(k, (count.get(k) ?? 0) + 1);
    txs.set(l.transactionHash, (txs.get(l.transactionHash) ?? new Set()).add(epoch));
  }
  const gas = new Map<string, bigint>();
  for (const h of txs.keys()) gas.set(h, (await conn.provider.getTransactionReceipt(h))!.gasUsed);
  for (const b of batches) {
    b.gasUsed = gas.get(b.tx) ?? 0n;
    b.epochs = [...(txs.get(b.tx) ?? [])];
  }
  const gasTotal = [...gas.values()].reduce((s, g) => s + g, 0n);
  const keys = traders.map((t) => `${t.account}:${t.epoch}`);
  return {
    batchSize,
    posted: traders.length,
    postMs,
    totalMs,
    batches,
    gasTotal,
    accepted: keys.filter((k) => (count.get(k) ?? 0) >= 1).length,
    lost: keys.filter((k) => (count.get(k) ?? 0) === 0).length,
    duplicates: [...count.values()].reduce((s, n) => s + Math.max(0, n - 1), 0),
    crash,
    retries,
  };
}
