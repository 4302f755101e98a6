/**
 * The oracle's state that must survive restarts, in an embedded LMDB database (the `lmdb`
 * package: memory-mapped, ACID transactions, crash-safe — a commit is on disk or not at all):
 *
 * - `round:<feed>`: the last accepted round (id, answer) of each feed, by lower-case address;
 * - `last`: the last published epoch as recorded here (number, root, timestamp, the group
 *   prices with their PSR, collateral and vault share prices);
 * - `pending`: the epoch being published, written BEFORE the transaction is sent, so a crash
 *   between sending and recording is resolved against the engine on the next round;
 * - `stressDue`: a stress declaration owed (the rule fired, the declaration not yet mined);
 * - `log:<epoch>`: the publish log, one entry per published epoch.
 *
 * Values are JSON (bigints as decimal strings). Every write is a synchronous committed
 * transaction. Behind {@link OracleStore} so tests can open a temporary folder.
 */
import fs from "node:fs";
import path from "node:path";
import { open } from "lmdb";
import type { EpochGroupPrice } from "../../oracle/stress";
import type { AcceptedRound, OracleMemory } from "../../oracle/validate";

/** A published (or being published) epoch and the prices it was built from. */
export interface EpochSnapshot {
  epoch: number;
  /** Decimal string. */
  riskRoot: string;
  timestamp: number;
  groups: Record<string, EpochGroupPrice>;
  collateral: Record<string, number>;
  sharePrices: Record<string, number>;
  /** Feed rounds used, by lower-case address. */
  rounds: Record<string, AcceptedRound>;
}

/** One line of the publish log. */
export interface PublishRecord {
  epoch: number;
  riskRoot: string;
  timestamp: number;
  /** Transaction hash (absent when recovered after a crash). */
  tx?: string;
  /** True when this epoch was found on the engine after a restart (sent, not recorded). */
  recovered?: boolean;
  /** True once the epoch was declared a stress epoch. */
  stress?: boolean;
}

/** The oracle's persistent state. */
export interface OracleStore {
  /** Last accepted rounds and the last epoch's share prices (what validation compares to). */
  memory(): OracleMemory;
  last(): EpochSnapshot | undefined;
  pending(): EpochSnapshot | undefined;
  setPending(s: EpochSnapshot): void;
  clearPending(): void;
  /** Atomically: remembers the snapshot's rounds, makes it `last`, clears `pending`, logs it. */
  commit(s: EpochSnapshot, record: PublishRecord, stressDue?: number): void;
  stressDue(): number | undefined;
  /** Records that `epoch` was declared a stress epoch (clears `stressDue`). */
  stressDeclared(epoch: number): void;
  log(): PublishRecord[];
  close(): Promise<void>;
}

interface StoredRound {
  roundId: string;
  answer: string;
}

type Stored = Omit<EpochSnapshot, "rounds"> & { rounds: Record<string, StoredRound> };

const toStored = (s: EpochSnapshot): Stored => ({
  ...s,
  rounds: Object.fromEntries(
    Object.entries(s.rounds).map(([k, r]) => [
      k,
      { roundId: r.roundId.toString(), answer: r.answer.toString() },
    ]),
  ),
});

const fromStoredRound = (r: StoredRound): AcceptedRound => ({
  roundId: BigInt(r.roundId),
  answer: BigInt(r.answer),
});

const fromStored = (s: Stored): EpochSnapshot => ({
  ...s,
  rounds: Object.fromEntries(Object.entries(s.rounds).map(([k, r]) => [k, fromStoredRound(r)])),
});

/** The zero-padded log key of `epoch` (sorted by epoch). */
const logKey = (epoch: number): string => `log:${epoch.toString().padStart(16, "0")}`;

/** Opens (creating) the oracle's LMDB store in folder `dir`. */
export function openOracleStore(dir: string): OracleStore {
  fs.mkdirSync(dir, { recursive: true });
  const db = open<unknown, string>({
    path: path.join(dir, "oracle.mdb"),
    encoding: "json",
    compression: false,
  });
  const get = <T>(key: string): T | undefined => db.get(key) as T | undefined;
  const snapshot = (key: string): EpochSnapshot | undefined => {
    const s = get<Stored>(key);
    return s ? fromStored(s) : undefined;
  };
  return {
    memory() {
      const rounds: Record<string, AcceptedRound> = {};
      for (const { key, value } of db.getRange({ start: "round:", end: "round;" }))
        rounds[key.slice("round:".length)] = fromStoredRound(value as StoredRound);
      return { rounds, sharePrices: snapshot("last")?.sharePrices ?? {} };
    },
    last: () => snapshot("last"),
    pending: () => snapshot("pending"),
    setPending(s) {
      db.transactionSync(() => db.putSync("pending", toStored(s)));
    },
    clearPending() {
      db.transactionSync(() => db.removeSync("pending"));
    },
    commit(s, record, stressDue) {
      const stored = toStored(s);
      db.transactionSync(() => {
        for (const [k, r] of Object.entries(stored.rounds)) db.putSync(`round:${k}`, r);
        db.putSync("last", stored);
        db.removeSync("pending");
        db.putSync(logKey(s.epoch), record);
        if (stressDue !== undefined) db.putSync("stressDue", stressDue);
      });
    },
    stressDue: () => get<number>("stressDue"),
    stressDeclared(epoch) {
      db.transactionSync(() => {
        const r = get<PublishRecord>(logKey(epoch));
        if (r) db.putSync(logKey(epoch), { ...r, stress: true });
        db.removeSync("stressDue");
      });
    },
    log: () =>
      [...db.getRange({ start: "log:", end: "log;" })].map(({ value }) => value as PublishRecord),
    close: () => db.close(),
  };
}
