/**
 * The relayer's queue, in an embedded LMDB database (the `lmdb` package, as the oracle's state:
 * memory-mapped B+tree, ACID transactions; a committed write is on disk or not at all, so a
 * `kill -9` at any point leaves the last committed state):
 *
 * - `proof:<id>`: every proof received, with its status (queued | submitted | accepted |
 *   rejected), the refusal or revert code and reason, the batch and transaction it went in;
 * - `queue:<received>:<id>`: the queued proofs, oldest first;
 * - `active:<account>`: the proof of an account that is queued or submitted (one at a time:
 *   a batch names an account at most once);
 * - `batch:<id>`: each batch, written BEFORE its transaction is sent, with its proof ids, the
 *   sender's nonce and the block it was built at; `sending:<id>` while its outcome is not
 *   recorded. On start a batch left `sending` is reconciled against the engine (./batcher.ts).
 *
 * Values are JSON. Every write is one synchronous committed transaction.
 */
import fs from "node:fs";
import path from "node:path";
import { open } from "lmdb";
import type { ProofFile } from "../../proof";

export type ProofStatus = "queued" | "submitted" | "accepted" | "rejected";

/** A proof as the relayer keeps it. */
export interface StoredProof {
  id: string;
  /** Checksummed address. */
  account: string;
  /** Decimal string. */
  epoch: string;
  tier: number;
  /** The validUntil the renewal grants (decimal string), as checked on receipt. */
  grants: string;
  proof: ProofFile;
  status: ProofStatus;
  /** Milliseconds since 1970 when received. */
  received: number;
  /** Refusal or revert code (rejected), e.g. `StaleEpoch`, `MarginEngine__InvalidBatchProof`. */
  code?: string;
  reason?: string;
  batch?: string;
  tx?: string;
  /** True when the outcome was found on the engine after a restart. */
  recovered?: boolean;
}

/** A batch, recorded before its transaction is sent. */
export interface StoredBatch {
  id: string;
  proofIds: string[];
  /** The sender's nonce the transaction is sent with (pending count before sending). */
  nonce: number;
  sender: string;
  /** Block number when the batch was written: its transaction lands after it. */
  block: number;
  status: "sending" | "done";
  created: number;
  tx?: string;
  gasUsed?: string;
}

/** The outcome of one proof of a batch. */
export interface ProofOutcome {
  id: string;
  status: "accepted" | "rejected" | "queued";
  code?: string;
  reason?: string;
  tx?: string;
  recovered?: boolean;
}

export type StatusCounts = Record<ProofStatus, number>;

export interface RelayerStore {
  get(id: string): StoredProof | undefined;
  /** The queued or submitted proof of `account`, if any. */
  active(account: string): StoredProof | undefined;
  /** Records a checked proof as queued. */
  enqueue(p: Omit<StoredProof, "status">): void;
  /** Queued proofs, oldest first (at most `limit`). */
  queued(limit?: number): StoredProof[];
  /** Rejects queued proofs (a re-check failed) without a batch. */
  reject(outcomes: readonly ProofOutcome[]): void;
  /** Atomically: writes the batch as `sending` and marks its proofs submitted. */
  beginBatch(b: Omit<StoredBatch, "status">): void;
  /** Atomically: records each proof's outcome (queued ones go back to the queue), ends the batch. */
  finishBatch(batchId: string, outcomes: readonly ProofOutcome[], tx?: string, gas?: bigint): void;
  /** Batches whose outcome is not recorded (a crash or an unanswered send). */
  sending(): StoredBatch[];
  batch(id: string): StoredBatch | undefined;
  counts(): StatusCounts & { batches: number };
  close(): Promise<void>;
}

const pad = (n: number): string => n.toString().padStart(16, "0");

/** Opens (creating) the relayer's LMDB store in folder `dir`. */
export function openRelayerStore(dir: string): RelayerStore {
  fs.mkdirSync(dir, { recursive: true });
  const db = open<unknown, string>({
    path: path.join(dir, "relayer.mdb"),
    encoding: "json",
    compression: false,
  });
  const get = <T>(key: string): T | undefined => db.get(key) as T | undefined;
  const proof = (id: string) => get<StoredProof>(`proof:${id}`);
  const range = <T>(prefix: string): T[] =>
    [...db.getRange({ start: prefix, end: `${prefix.slice(0, -1)};` })].map(
      ({ value }) => value as T,
    );

  /** Applies one outcome inside a transaction. */
  const apply = (o: ProofOutcome, batch?: string) => {
    const p = proof(o.id);
    if (!p) return;
    db.removeSync(`queue:${pad(p.received)}:${p.id}`);
    const next: StoredProof = {
      ...p,
      status: o.status,
      ...(o.code !== undefined ? { code: o.code } : {}),
      ...(o.reason !== undefined ? { reason: o.reason } : {}),
      ...(o.tx !== undefined ? { tx: o.tx } : {}),
      ...(o.recovered ? { recovered: true } : {}),
      ...(batch !== undefined ? { batch } : {}),
    };
    db.putSync(`proof:${p.id}`, next);
    if (o.status === "queued") db.putSync(`queue:${pad(p.received)}:${p.id}`, p.id);
    else db.removeSync(`active:${p.account}`);
  };

  return {
    get: proof,
    active(account) {
      const id = get<string>(`active:${account}`);
      return id ? proof(id) : undefined;
    },
    enqueue(p) {
      db.transactionSync(() => {
        db.putSync(`proof:${p.id}`, { ...p, status: "queued" });
        db.putSync(`queue:${pad(p.received)}:${p.id}`, p.id);
        db.putSync(`active:${p.account}`, p.id);
      });
    },
    queued(limit = Number.POSITIVE_INFINITY) {
      const out: StoredProof[] = [];
      for (const { value } of db.getRange({ start: "queue:", end: "queue;" })) {
        if (out.length >= limit) break;
        const p = proof(value as string);
        if (p) out.push(p);
      }
      return out;
    },
    reject(outcomes) {
      db.transactionSync(() => outcomes.forEach((o) => apply(o)));
    },
    beginBatch(b) {
      db.transactionSync(() => {
        db.putSync(`batch:${b.id}`, { ...b, status: "sending" });
        db.putSync(`sending:${b.id}`, b.id);
        for (const id of b.proofIds) {
          const p = proof(id);
          if (!p) continue;
          db.removeSync(`queue:${pad(p.received)}:${p.id}`);
          db.putSync(`proof:${id}`, { ...p, status: "submitted", batch: b.id });
        }
      });
    },
    finishBatch(batchId, outcomes, tx, gas) {
      db.transactionSync(() => {
        for (const o of outcomes) apply(o, batchId);
        const b = get<StoredBatch>(`batch:${batchId}`);
        if (b)
          db.putSync(`batch:${batchId}`, {
            ...b,
            status: "done",
            ...(tx !== undefined ? { tx } : {}),
            ...(gas !== undefined ? { gasUsed: gas.toString() } : {}),
          });
        db.removeSync(`sending:${batchId}`);
      });
    },
    sending() {
      return range<string>("sending:")
        .map((id) => get<StoredBatch>(`batch:${id}`))
        .filter((b): b is StoredBatch => b !== undefined);
    },
    batch: (id) => get<StoredBatch>(`batch:${id}`),
    counts() {
      const c = { queued: 0, submitted: 0, accepted: 0, rejected: 0, batches: 0 };
      for (const p of range<StoredProof>("proof:")) c[p.status]++;
      for (const key of db.getKeys({ start: "batch:", end: "batch;" })) if (key) c.batches++;
      return c;
    },
    close: () => db.close(),
  };
}
