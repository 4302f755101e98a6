/**
 * The keeper's index that must survive restarts, in an embedded LMDB database (the `lmdb`
 * package, as the oracle's state: memory-mapped, ACID transactions, crash-safe — a commit is on
 * disk or not at all):
 *
 * - `meta`: the engine address and chain id the index belongs to (another engine is refused);
 * - `cursor`: the last block whose events are indexed;
 * - `hash:<block>`: the hashes of the last N indexed blocks (reorg detection);
 * - `account:<lower-case address>`: every account learned from events (checksummed address).
 *
 * An indexing step commits its accounts, its block hashes and the new cursor in one
 * transaction, so a crash leaves the index at the previous or at the new cursor, never between.
 */
import fs from "node:fs";
import path from "node:path";
import { getAddress } from "ethers";
import { open } from "lmdb";
import { ArgumentError } from "../../errors";

/** A block number and its hash. */
export interface BlockHash {
  block: number;
  hash: string;
}

/** What the index belongs to. */
export interface KeeperIndexMeta {
  engine: string;
  chainId: number;
}

/** One committed indexing step. */
export interface IndexStep {
  /** The new cursor: every block up to it is indexed. */
  cursor: number;
  /** Hashes of the step's last blocks (at most `keep` are retained in all). */
  hashes: BlockHash[];
  /** Accounts named by the step's events. */
  accounts: string[];
}

/** The keeper's persistent index. */
export interface KeeperStore {
  /** The last indexed block, or undefined before the first step. */
  cursor(): number | undefined;
  /** Every known account (checksummed), in address order. */
  accounts(): string[];
  accountCount(): number;
  /** The retained block hashes, newest first. */
  hashes(): BlockHash[];
  /** Atomically: adds the accounts, records the hashes (keeping the newest `keep`), moves the cursor. */
  commit(step: IndexStep, keep: number): void;
  /** Moves the cursor back to `block` (a reorg's fork point) and forgets the hashes above it. */
  rollback(block: number): void;
  close(): Promise<void>;
}

const hashKey = (block: number): string => `hash:${block.toString().padStart(16, "0")}`;

/**
 * Opens (creating) the keeper's LMDB store in folder `dir`, for `meta`'s engine; throws an
 * ArgumentError when the folder indexes another engine or chain.
 */
export function openKeeperStore(dir: string, meta: KeeperIndexMeta): KeeperStore {
  fs.mkdirSync(dir, { recursive: true });
  const db = open<unknown, string>({
    path: path.join(dir, "keeper.mdb"),
    encoding: "json",
    compression: false,
  });
  const want: KeeperIndexMeta = { engine: getAddress(meta.engine), chainId: meta.chainId };
  const had = db.get("meta") as KeeperIndexMeta | undefined;
  if (had === undefined) db.transactionSync(() => db.putSync("meta", want));
  else if (had.engine !== want.engine || had.chainId !== want.chainId) {
    void db.close();
    throw new ArgumentError(
      "state",
      `indexes engine ${had.engine} on chain ${had.chainId}, not ${want.engine} on chain ${want.chainId}`,
    );
  }
  const hashes = (): BlockHash[] =>
    [...db.getRange({ start: "hash;", end: "hash:", reverse: true })].map(
      ({ value }) => value as BlockHash,
    );
  return {
    cursor: () => db.get("cursor") as number | undefined,
    accounts: () =>
      [...db.getRange({ start: "account:", end: "account;" })].map(({ value }) => value as string),
    accountCount: () => db.getKeysCount({ start: "account:", end: "account;" }),
    hashes,
    commit(step, keep) {
      db.transactionSync(() => {
        for (const a of step.accounts) {
          const address = getAddress(a);
          const key = `account:${address.toLowerCase()}`;
          if (db.get(key) === undefined) db.putSync(key, address);
        }
        for (const h of step.hashes) db.putSync(hashKey(h.block), h);
        const lowest = Math.max(0, step.cursor - keep + 1);
        for (const { key } of db.getRange({ start: "hash:", end: hashKey(lowest) }))
          db.removeSync(key);
        db.putSync("cursor", step.cursor);
      });
    },
    rollback(block) {
      db.transactionSync(() => {
        for (const { key } of db.getRange({ start: hashKey(block + 1), end: "hash;" }))
          db.removeSync(key);
        db.putSync("cursor", block);
      });
    },
    close: () => db.close(),
  };
}
