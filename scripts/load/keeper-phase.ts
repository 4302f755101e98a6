/**
 * The load test's lapse: epoch 3 is published past the grace of the accounts attested at epoch
 * 1, and two `zkmargin keeper --state` processes (unlocked accounts 18 and 19, each its own
 * LMDB index) start at the same moment and race to liquidate them: round 1 builds the index
 * from the deployment block and acts, round 2 is a warm round on the index. Counted on the
 * chain: liquidations per account (exactly one each), accounts wrongly touched (none of the
 * others), and keeper transactions that reverted (gas paid for a race lost on-chain).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { type EventLog, getAddress } from "ethers";
import { projectRoot } from "../../src/node/artifacts";
import type { ChainConnection } from "../../src/node/chain";
import { type Trader, type Venue } from "./venue";

const BIN = path.join(projectRoot(), "bin", "zkmargin.js");
export const KEEPER_ACCOUNT_INDICES = [18, 19];

export interface KeeperRun {
  account: string;
  /** Per round: wall-clock seconds, accounts known, blocks indexed, liquidations sent. */
  rounds: Array<{ seconds: number; accounts: number; blocks: number; liquidated: number }>;
  liquidated: number;
  skipped: number;
  liquidationGas: bigint[];
}

export interface KeeperFigures {
  keepers: KeeperRun[];
  lapsed: number;
  liquidatedOnce: number;
  liquidatedTwice: number;
  wronglyLiquidated: number;
  revertedTxs: number;
}

interface RoundLine {
  status: string;
  seconds?: number;
  error?: string;
  index: { accounts: number; blocksIndexed?: number };
  keeper?: {
    liquidated: Array<{ account: string; gasUsed: string }>;
    skipped: Array<{ account: string; reason: string }>;
  };
}

function runKeeper(rpc: string, v: Venue, index: number, stateDir: string): Promise<RoundLine[]> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "keeper",
      "--rpc",
      rpc,
      "--deployment",
      v.deploymentFile,
      "--account-index",
      String(index),
      "--state",
      stateDir,
      "--interval",
      "1",
      "--max-rounds",
      "2",
      "--json",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const rounds: RoundLine[] = [];
  createInterface({ input: child.stdout! }).on("line", (s) => {
    try {
      const l = JSON.parse(s) as RoundLine & { event?: string };
      if (l.event === "round") rounds.push(l);
    } catch {
      // not a JSON line
    }
  });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) =>
      code === 0 ? resolve(rounds) : reject(new Error(`keeper ${index} exited ${code}: ${err}`)),
    ),
  );
}

/** Runs the two racing keepers after the lapse and checks the outcome on the chain. */
export async function keeperPhase(
  conn: ChainConnection,
  rpc: string,
  v: Venue,
  traders: Trader[],
  stateDirs: [string, string],
): Promise<KeeperFigures> {
  const fromBlock = (await conn.provider.getBlockNumber()) + 1;
  const runs = await Promise.all(
    KEEPER_ACCOUNT_INDICES.map((i, k) => runKeeper(rpc, v, i, stateDirs[k])),
  );
  const accounts = (await conn.provider.send("eth_accounts", [])) as string[];
  const keepers: KeeperRun[] = runs.map((rounds, k) => {
    const bad = rounds.find((r) => r.status !== "ok");
    if (bad) throw new Error(`keeper ${KEEPER_ACCOUNT_INDICES[k]}: round failed: ${bad.error}`);
    return {
      account: getAddress(accounts[KEEPER_ACCOUNT_INDICES[k]]),
      rounds: rounds.map((r) => ({
        seconds: r.seconds ?? 0,
        accounts: r.index.accounts,
        blocks: r.index.blocksIndexed ?? 0,
        liquidated: r.keeper?.liquidated.length ?? 0,
      })),
      liquidated: rounds.reduce((s, r) => s + (r.keeper?.liquidated.length ?? 0), 0),
      skipped: rounds.reduce((s, r) => s + (r.keeper?.skipped.length ?? 0), 0),
      liquidationGas: rounds.flatMap((r) =>
        (r.keeper?.liquidated ?? []).map((x) => BigInt(x.gasUsed)),
      ),
    };
  });
  const events = await v.d.engine.contract.queryFilter(
    v.d.engine.contract.getEvent("Liquidated"),
    fromBlock,
  );
  const times = new Map<string, number>();
  for (const e of events) {
    const a = getAddress(String((e as EventLog).args[0]));
    times.set(a, (times.get(a) ?? 0) + 1);
  }
  const lapsedSet = new Set(traders.filter((t) => t.epoch === 1n).map((t) => t.account));
  const senders = new Set(keepers.map((k) => k.account));
  let revertedTxs = 0;
  const head = await conn.provider.getBlockNumber();
  for (let b = fromBlock; b <= head; b++) {
    const block = await conn.provider.getBlock(b, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      if (!senders.has(getAddress(tx.from))) continue;
      const r = await conn.provider.getTransactionReceipt(tx.hash);
      if (r?.status === 0) revertedTxs++;
    }
  }
  return {
    keepers,
    lapsed: lapsedSet.size,
    liquidatedOnce: [...lapsedSet].filter((a) => times.get(a) === 1).length,
    liquidatedTwice: [...times.values()].filter((n) => n > 1).length,
    wronglyLiquidated: [...times.keys()].filter((a) => !lapsedSet.has(a)).length,
    revertedTxs,
  };
}
