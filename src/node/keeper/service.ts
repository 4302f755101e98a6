/**
 * A keeper round over the persistent index: bring the index up to the head ({@link syncIndex}),
 * then run {@link keeperRound} on the accounts it knows (no event scan). A round that fails
 * (an RPC error) is reported as health data and retried after an exponential backoff by the
 * caller's loop; the index keeps every committed step.
 */
import { type KeeperConfig, type KeeperRoundReport, keeperRound } from "../../chain";
import type { Backoff } from "./backoff";
import { type IndexProgress, type IndexerOptions, syncIndex } from "./indexer";

export interface IndexedRoundResult {
  progress: IndexProgress;
  report: KeeperRoundReport;
}

/** Indexes, then plans and acts on the indexed accounts. Throws on an RPC error. */
export async function indexedKeeperRound(
  index: IndexerOptions,
  keeper: Omit<KeeperConfig, "accounts">,
): Promise<IndexedRoundResult> {
  const progress = await syncIndex(index);
  const report = await keeperRound({ ...keeper, accounts: index.store.accounts() });
  return { progress, report };
}

/** The health of one round, JSON-safe (what `zkmargin keeper --state --json` prints per round). */
export interface KeeperHealth {
  event: "round";
  round: number;
  status: "ok" | "error";
  /** Where the index stands (after the round; on an error, as stored). */
  index: {
    cursor: number;
    accounts: number;
    head?: number;
    lag?: number;
    blocksIndexed?: number;
    ranges?: number;
    newAccounts?: number;
    reorgs?: Array<{ from: number; to: number }>;
  };
  /** Consecutive failed rounds (0 after a success). */
  failures: number;
  /** Wall-clock duration of the round (index sync and actions), seconds. */
  seconds?: number;
  error?: string;
  /** Seconds until the next try after an error. */
  retryIn?: number;
}

export function healthOk(round: number, p: IndexProgress, ms: number): KeeperHealth {
  const { cursor, accounts, head, lag, blocksIndexed, ranges, newAccounts, reorgs } = p;
  return {
    event: "round",
    round,
    status: "ok",
    index: { cursor, accounts, head, lag, blocksIndexed, ranges, newAccounts, reorgs },
    failures: 0,
    seconds: Math.round(ms) / 1000,
  };
}

export function healthError(
  round: number,
  index: IndexerOptions,
  error: unknown,
  backoff: Backoff,
  retryInMs: number,
): KeeperHealth {
  return {
    event: "round",
    round,
    status: "error",
    index: {
      cursor: index.store.cursor() ?? index.fromBlock - 1,
      accounts: index.store.accountCount(),
    },
    failures: backoff.failures,
    error: error instanceof Error ? error.message : String(error),
    retryIn: retryInMs / 1000,
  };
}

/** The progress line of a round on the terminal. */
export function progressText(h: KeeperHealth): string {
  const i = h.index;
  if (h.status === "error")
    return `round ${h.round}: ERROR ${h.error} (failure ${h.failures}, retry in ${h.retryIn} s); index at cursor ${i.cursor}, ${i.accounts} accounts\n`;
  const reorgs = (i.reorgs ?? []).map(
    (r) => `; reorg: block ${r.from} replaced, fork point ${r.to}`,
  );
  return (
    `index: +${i.blocksIndexed} blocks in ${i.ranges} range(s), ${i.accounts} accounts known (+${i.newAccounts}), ` +
    `cursor ${i.cursor}, head ${i.head}, lag ${i.lag}${reorgs.join("")}` +
    `${h.seconds !== undefined ? `; round ${h.seconds} s` : ""}\n`
  );
}
