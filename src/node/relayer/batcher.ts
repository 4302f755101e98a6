/**
 * The relayer's batcher: when `batchSize` proofs wait, or the oldest has waited `maxWaitMs`,
 * it re-checks them (the engine's state may have moved since they were received), writes the
 * batch to the store, THEN sends one `submitProofs` (all or nothing, one pairing check) and
 * records the outcome. A revert applied nothing: the entries are re-checked; those a state
 * change made invalid are rejected with their refusal and the others go back to the queue (the
 * next batch sends them without the bad one); when every entry still passes, all are rejected
 * with the decoded revert. A send that got no answer leaves the batch `sending`.
 *
 * Reconciling a batch left `sending` (a crash, an unanswered send): once the sender's nonce is
 * no longer pending, each proof whose (account, epoch) has a `ProofAccepted` event since the
 * batch was written counts as landed (accepted, `recovered`); the others go back to the queue.
 * The engine accepts a second renewal at an epoch already proven, so the account's state alone
 * (provenEpoch, validUntil) cannot tell a landed batch from one never sent: the event decides,
 * and nothing is submitted twice.
 */
import { randomUUID } from "node:crypto";
import { type EventLog, type Provider, getAddress } from "ethers";
import {
  ChainRevertError,
  type MarginEngineClient,
  type TxResult,
  proofToCalldata,
} from "../../chain";
import { type CheckDeps, RelayerRefusal, checkSubmission } from "./check";
import type { ProofOutcome, RelayerStore, StoredBatch, StoredProof } from "./store";

/** One structured log event (a JSON line with --json). */
export type RelayerEvent = { event: string } & Record<string, unknown>;

export interface BatcherDeps {
  store: RelayerStore;
  /** The engine, sending from the relayer's signer. */
  engine: MarginEngineClient;
  provider: Provider;
  /** The signer's address. */
  sender: string;
  check: CheckDeps;
  /** Proofs per batch (k). */
  batchSize: number;
  /** Longest wait of the oldest queued proof before a smaller batch is sent, ms. */
  maxWaitMs: number;
  log?: (e: RelayerEvent) => void;
  /**
   * TEST HOOK (crash tests): pause `ms` after the batch is written and before it is sent
   * (`sending`) or after it was mined and before its outcome is recorded (`sent`).
   */
  pause?: { at: "sending" | "sent"; ms: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The (account, epoch) key of a renewal. */
const key = (account: string, epoch: bigint | string) => `${getAddress(account)}:${epoch}`;

const submission = (p: StoredProof) => ({
  account: p.account,
  epoch: BigInt(p.epoch),
  tier: p.tier,
  proof: p.proof,
});

export class Batcher {
  private busy = false;

  constructor(private readonly d: BatcherDeps) {}

  /** Reconciles every batch left `sending`; true when none is left. */
  async recover(): Promise<boolean> {
    for (const b of this.d.store.sending()) await this.reconcile(b);
    return this.d.store.sending().length === 0;
  }

  /**
   * One step: reconcile batches left `sending`, then send a batch if one is due. Never runs
   * twice at once. RPC errors are thrown (the caller backs off); the store stays consistent.
   */
  async tick(now = Date.now()): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (!(await this.recover())) return;
      const q = this.d.store.queued(this.d.batchSize);
      if (q.length === 0) return;
      if (q.length < this.d.batchSize && now - q[0].received < this.d.maxWaitMs) return;
      await this.send(q);
    } finally {
      this.busy = false;
    }
  }

  /** Re-checks `proofs`: the ones that pass, and the refusals. */
  private async recheck(
    proofs: readonly StoredProof[],
  ): Promise<{ ok: StoredProof[]; refused: ProofOutcome[] }> {
    const ok: StoredProof[] = [];
    const refused: ProofOutcome[] = [];
    for (const p of proofs) {
      try {
        await checkSubmission(this.d.check, submission(p), true);
        ok.push(p);
      } catch (e) {
        if (!(e instanceof RelayerRefusal)) throw e;
        refused.push({ id: p.id, status: "rejected", code: e.code, reason: e.message });
      }
    }
    return { ok, refused };
  }

  private async send(proofs: readonly StoredProof[]): Promise<void> {
    const { store, engine, provider, sender, log } = this.d;
    const { ok, refused } = await this.recheck(proofs);
    if (refused.length > 0) {
      store.reject(refused);
      for (const r of refused) log?.({ event: "rejected", id: r.id, code: r.code });
    }
    if (ok.length === 0) return;
    const [nonce, block] = await Promise.all([
      provider.getTransactionCount(sender, "pending"),
      provider.getBlockNumber(),
    ]);
    const id = randomUUID();
    store.beginBatch({
      id,
      proofIds: ok.map((p) => p.id),
      nonce,
      sender,
      block,
      created: Date.now(),
    });
    log?.({ event: "sending", batch: id, proofs: ok.length, nonce });
    if (this.d.pause?.at === "sending") await sleep(this.d.pause.ms);
    let tx: TxResult;
    try {
      tx = await engine.submitProofs(
        ok.map((p) => ({
          account: p.account,
          epoch: BigInt(p.epoch),
          tier: p.tier,
          proof: proofToCalldata(p.proof.proof),
        })),
      );
    } catch (e) {
      if (e instanceof ChainRevertError) return this.reverted(id, ok, e);
      // no answer: the transaction may be out; the batch stays `sending` and is reconciled
      log?.({ event: "send-unanswered", batch: id, detail: String(e) });
      throw e;
    }
    log?.({ event: "sent", batch: id, tx: tx.hash });
    if (this.d.pause?.at === "sent") await sleep(this.d.pause.ms);
    store.finishBatch(
      id,
      ok.map((p) => ({ id: p.id, status: "accepted", tx: tx.hash })),
      tx.hash,
      tx.gasUsed,
    );
    log?.({
      event: "batch",
      batch: id,
      accepted: ok.length,
      tx: tx.hash,
      gasUsed: tx.gasUsed.toString(),
    });
  }

  /** A reverted batch (nothing applied): drop entries a state change made invalid, or reject all. */
  private async reverted(id: string, proofs: StoredProof[], e: ChainRevertError): Promise<void> {
    const { store, log } = this.d;
    const { ok, refused } = await this.recheck(proofs);
    const outcomes: ProofOutcome[] =
      refused.length > 0
        ? [
            ...refused.map((r) => ({
              ...r,
              reason: `${r.reason} (batch reverted: ${e.errorName})`,
            })),
            ...ok.map((p): ProofOutcome => ({ id: p.id, status: "queued" })),
          ]
        : proofs.map((p) => ({
            id: p.id,
            status: "rejected",
            code: e.errorName,
            reason: e.message,
          }));
    store.finishBatch(id, outcomes);
    log?.({
      event: "reverted",
      batch: id,
      error: e.errorName,
      rejected: outcomes.filter((o) => o.status === "rejected").length,
      requeued: outcomes.filter((o) => o.status === "queued").length,
    });
  }

  /** Resolves a batch left `sending` against the chain (see the file's comment). */
  private async reconcile(b: StoredBatch): Promise<void> {
    const { store, engine, provider, log } = this.d;
    const mined = await provider.getTransactionCount(b.sender, "latest");
    if (mined <= b.nonce && (await provider.getTransactionCount(b.sender, "pending")) > b.nonce) {
      log?.({ event: "waiting", batch: b.id, nonce: b.nonce });
      return;
    }
    const logs = await engine.contract.queryFilter(
      engine.contract.getEvent("ProofAccepted"),
      b.block,
    );
    const landed = new Map<string, string>();
    for (const l of logs) {
      const args = (l as EventLog).args;
      landed.set(key(String(args[0]), BigInt(args[1] as bigint)), l.transactionHash);
    }
    const outcomes = b.proofIds.map((id): ProofOutcome => {
      const p = store.get(id);
      const tx = p ? landed.get(key(p.account, p.epoch)) : undefined;
      return tx ? { id, status: "accepted", tx, recovered: true } : { id, status: "queued" };
    });
    const tx = outcomes.find((o) => o.tx)?.tx;
    store.finishBatch(b.id, outcomes, tx);
    log?.({
      event: "recovered",
      batch: b.id,
      accepted: outcomes.filter((o) => o.status === "accepted").length,
      requeued: outcomes.filter((o) => o.status === "queued").length,
      ...(tx ? { tx } : {}),
    });
  }
}
