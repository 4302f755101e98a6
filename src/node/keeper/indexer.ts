/**
 * Incremental indexing of the accounts a keeper watches: the engine's `Deposited`, `Attested`
 * and `ProofAccepted` events are read in bounded block ranges from the stored cursor + 1 up to
 * the head minus `confirmations` (one `eth_getLogs` per range, the three events at once), and
 * each range is committed to the {@link KeeperStore} with its accounts, its last blocks' hashes
 * and the new cursor in one transaction.
 *
 * Reorgs: before each step the hash of the cursor's block is read again. A block hash commits
 * to all its ancestors, so a match means every indexed block is still on the chain; a mismatch
 * walks down the retained hashes (the last `depth` blocks) to the newest one that still
 * matches, rolls the cursor back to it (the fork point) and re-reads from there. A reorg deeper
 * than `depth` rolls back to the deployment block (a full rescan). Accounts learned from
 * reverted blocks stay known: an account only ever becomes known, a stale one costs a state
 * read per round and nothing else (the keeper acts on the engine's state, never on events).
 */
import type { Log, Provider } from "ethers";
import { getAddress } from "ethers";
import type { MarginEngineClient } from "../../chain";
import type { BlockHash, KeeperStore } from "./store";

/** Blocks re-checked for a reorg by default (hashes retained). */
export const DEFAULT_REORG_DEPTH = 12;
/** Blocks per `eth_getLogs` by default (many providers cap ranges near this). */
export const DEFAULT_INDEX_RANGE = 2000;

const EVENTS = ["Deposited", "Attested", "ProofAccepted"] as const;

export interface IndexerOptions {
  engine: MarginEngineClient;
  provider: Provider;
  store: KeeperStore;
  /** The deployment block (where indexing starts). */
  fromBlock: number;
  /** Blocks per getLogs range (default {@link DEFAULT_INDEX_RANGE}). */
  range?: number;
  /** Blocks re-checked for reorgs (default {@link DEFAULT_REORG_DEPTH}). */
  depth?: number;
  /** Index up to head minus this many blocks (default 0). */
  confirmations?: number;
  /** Stop after this many ranges (default: catch up with the head). */
  maxSteps?: number;
  log?: (line: string) => void;
}

/** What one {@link syncIndex} call did and where the index stands. */
export interface IndexProgress {
  head: number;
  /** The last indexed block (deployment block - 1 before the first step). */
  cursor: number;
  /** head - cursor. */
  lag: number;
  /** Accounts known. */
  accounts: number;
  /** Blocks indexed by this call (re-read blocks after a reorg included). */
  blocksIndexed: number;
  /** getLogs ranges read by this call. */
  ranges: number;
  /** Accounts first learned by this call. */
  newAccounts: number;
  /** Reorgs detected by this call: the cursor moved back from `from` to the fork point `to`. */
  reorgs: Array<{ from: number; to: number }>;
}

/** The hash of block `n` on the node's current chain, or null when it has no such block. */
async function hashAt(provider: Provider, n: number): Promise<string | null> {
  return (await provider.getBlock(n))?.hash ?? null;
}

/** Hashes of blocks from..to (all exist: to <= head). */
async function blockHashes(provider: Provider, from: number, to: number): Promise<BlockHash[]> {
  const out: BlockHash[] = [];
  for (let block = from; block <= to; block++) {
    const hash = await hashAt(provider, block);
    if (hash === null) throw new Error(`block ${block} vanished while indexing (a reorg)`);
    out.push({ block, hash });
  }
  return out;
}

/**
 * Compares the retained hashes with the chain; on a mismatch rolls the cursor back to the fork
 * point. Returns the reorg found, or null.
 */
async function reconcile(o: IndexerOptions): Promise<{ from: number; to: number } | null> {
  const stored = o.store.hashes();
  if (stored.length === 0) return null;
  const [top] = stored;
  if ((await hashAt(o.provider, top.block)) === top.hash) return null;
  let fork = o.fromBlock - 1;
  for (const s of stored.slice(1)) {
    if ((await hashAt(o.provider, s.block)) === s.hash) {
      fork = s.block;
      break;
    }
  }
  if (fork === o.fromBlock - 1)
    o.log?.(
      `reorg deeper than ${stored.length} blocks at ${top.block}: re-indexing from the deployment block`,
    );
  else o.log?.(`reorg: block ${top.block} changed; rolling back to the fork point ${fork}`);
  o.store.rollback(fork);
  return { from: top.block, to: fork };
}

/** The event topics and the account (first argument) of a log. */
function eventReader(engine: MarginEngineClient) {
  const iface = engine.contract.interface;
  const topics = EVENTS.map((name) => engine.contract.getEvent(name).fragment.topicHash);
  const account = (l: Log): string | null => {
    const parsed = iface.parseLog({ topics: [...l.topics], data: l.data });
    return parsed ? getAddress(String(parsed.args[0])) : null;
  };
  return { topics, account };
}

/**
 * Brings the index up to the head (or `maxSteps` ranges further): reconciles reorgs before
 * each range, reads it, commits it. Throws on an RPC error (the committed steps stay; the next
 * call resumes at the cursor).
 */
export async function syncIndex(o: IndexerOptions): Promise<IndexProgress> {
  const depth = o.depth ?? DEFAULT_REORG_DEPTH;
  const range = o.range ?? DEFAULT_INDEX_RANGE;
  const head = await o.provider.getBlockNumber();
  const target = head - (o.confirmations ?? 0);
  const reader = eventReader(o.engine);
  const before = o.store.accountCount();
  const progress: IndexProgress = {
    head,
    cursor: 0,
    lag: 0,
    accounts: 0,
    blocksIndexed: 0,
    ranges: 0,
    newAccounts: 0,
    reorgs: [],
  };
  for (let step = 0; o.maxSteps === undefined || step < o.maxSteps; step++) {
    const reorg = await reconcile(o);
    if (reorg) progress.reorgs.push(reorg);
    const cursor = o.store.cursor() ?? o.fromBlock - 1;
    if (cursor >= target) break;
    const from = cursor + 1;
    const to = Math.min(target, cursor + range);
    const hashes = await blockHashes(o.provider, Math.max(from, to - depth + 1), to);
    const logs = await o.provider.getLogs({
      address: o.engine.address,
      fromBlock: from,
      toBlock: to,
      topics: [reader.topics],
    });
    progress.ranges++;
    // a log of a block whose hash changed since it was read: a reorg during the step, retry
    const byBlock = new Map(hashes.map((h) => [h.block, h.hash]));
    if (logs.some((l) => (byBlock.get(l.blockNumber) ?? l.blockHash) !== l.blockHash)) continue;
    const accounts = logs.map(reader.account).filter((a): a is string => a !== null);
    o.store.commit({ cursor: to, hashes, accounts }, depth);
    progress.blocksIndexed += to - from + 1;
  }
  progress.cursor = o.store.cursor() ?? o.fromBlock - 1;
  progress.lag = Math.max(0, head - progress.cursor);
  progress.accounts = o.store.accountCount();
  progress.newAccounts = Math.max(0, progress.accounts - before);
  return progress;
}
