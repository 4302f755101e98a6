// A fixed set of generator workers (see worker-main.ts) and an ordered job stream over them:
// jobs are handed to whichever worker is free, results are delivered in job order, and at
// most `maxInFlight` results are pending at a time, so memory stays flat at any power.
import { Worker } from "node:worker_threads";
import type { PointJob } from "./plan";
import type { JobRequest, WorkerInit, WorkerReply } from "./worker-main";
import { workerMain } from "./worker-main";

export interface PointResult {
  lem: Uint8Array;
  compressed?: Uint8Array;
  uncompressed?: Uint8Array;
}

type Listener = (reply: WorkerReply) => void;

export class WorkerPool {
  private readonly listeners = new Map<Worker, Listener>();
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on("message", (reply: WorkerReply) => this.listeners.get(w)?.(reply));
      w.on("error", (e: Error) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`ptau worker exited with code ${code}`));
      });
    }
  }

  /** Starts `threads` workers and waits until each has built its fixed-base tables. */
  static async start(threads: number, init: WorkerInit): Promise<WorkerPool> {
    const source = `(${workerMain.toString()})(require("node:worker_threads"));`;
    const workers: Worker[] = [];
    for (let i = 0; i < threads; i++) {
      workers.push(new Worker(source, { eval: true, workerData: init }));
    }
    const pool = new WorkerPool(workers);
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              pool.listeners.set(w, (reply) => {
                if (reply.type === "ready") resolve();
                else if (reply.type === "error") reject(new Error(reply.message));
              });
              w.once("error", reject);
            }),
        ),
      );
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private fail(e: Error): void {
    if (this.failure === undefined) this.failure = e;
    for (const l of this.listeners.values()) l({ type: "error", message: e.message });
  }

  /**
   * Runs the jobs of `items` and calls `onResult` with each result in order (awaiting it
   * before the next). Rejects on the first worker error.
   */
  run<T extends { job: PointJob }>(
    items: Iterable<T>,
    onResult: (r: PointResult, item: T) => void | Promise<void>,
    maxInFlight = 4 * this.workers.length,
  ): Promise<void> {
    const it = items[Symbol.iterator]();
    const pending = new Map<number, { item: T; result?: PointResult }>();
    const idle = [...this.workers];
    let nextSeq = 0;
    let deliverSeq = 0;
    let exhausted = false;
    let delivering = false;
    let settled = false;

    return new Promise<void>((resolve, reject) => {
      const stop = (e: Error): void => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const dispatch = (): void => {
        while (!settled && !exhausted && idle.length > 0 && pending.size < maxInFlight) {
          const n = it.next();
          if (n.done === true) {
            exhausted = true;
            break;
          }
          const w = idle.pop() as Worker;
          const seq = nextSeq++;
          pending.set(seq, { item: n.value });
          w.postMessage({ seq, job: n.value.job } satisfies JobRequest);
        }
        if (!settled && exhausted && pending.size === 0) {
          settled = true;
          resolve();
        }
      };
      const deliver = async (): Promise<void> => {
        if (delivering) return;
        delivering = true;
        try {
          for (;;) {
            const p = pending.get(deliverSeq);
            if (p === undefined || p.result === undefined || settled) break;
            await onResult(p.result, p.item);
            pending.delete(deliverSeq);
            deliverSeq++;
          }
        } catch (e) {
          stop(e as Error);
        } finally {
          delivering = false;
        }
        dispatch();
      };
      for (const w of this.workers) {
        this.listeners.set(w, (reply) => {
          if (reply.type === "error") {
            stop(new Error(`ptau worker: ${reply.message}`));
          } else if (reply.type === "result") {
            const p = pending.get(reply.seq);
            if (p !== undefined) {
              p.result = {
                lem: reply.lem,
                compressed: reply.compressed,
                uncompressed: reply.uncompressed,
              };
            }
            idle.push(w);
            void deliver();
            dispatch();
          }
        });
      }
      if (this.failure !== undefined) stop(this.failure);
      else dispatch();
    });
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
