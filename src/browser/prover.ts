/**
 * The page side of browser proving: {@link BrowserProver} starts the prover Web Worker
 * (worker.ts, built to prover-worker.js), sends it circuit inputs and the pinned keys of the
 * input's instance, and returns proof.json objects: the same format, public signals and
 * verification key as the Node prover's (src/node/prover.ts), so either verifies in the other
 * and on-chain.
 */
import type { Prover } from "../chain/actions";
import type { SolvencyInput } from "../circuit-input";
import type { ProofFile } from "../proof";
import { IntegrityError } from "./integrity";
import { type CircuitKeys, type KeyRegistry, checkCircuitKeys } from "./keys";
import type { ProveProgress, WorkerRequest, WorkerResponse } from "./messages";

/** Something that behaves like a dedicated Web Worker (a real Worker in a browser). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: "message", listener: (ev: MessageEvent<WorkerResponse>) => void): void;
  addEventListener(type: "error", listener: (ev: ErrorEvent) => void): void;
  terminate(): void;
}

export interface BrowserProverOptions {
  /** Pinned keys per instance name (the app build writes them; see README "use it in a wallet"). */
  keys: KeyRegistry;
  /** URL of prover-worker.js, or a factory returning the worker. */
  worker: string | URL | (() => WorkerLike);
}

/** A proof from the worker, with its proving time (witness + Groth16, excluding downloads). */
export interface BrowserProof {
  proof: ProofFile;
  proveMs: number;
}

interface Pending {
  resolve(r: WorkerResponse): void;
  reject(e: Error): void;
  onProgress?: (p: ProveProgress) => void;
}

/** Re-creates an SDK error class from its name so callers can tell integrity failures apart. */
function reviveError(name: string, message: string): Error {
  if (name === "IntegrityError") {
    const m = /^(.*?) \((.*?)\): (.*)$/s.exec(message);
    return m ? new IntegrityError(m[1], m[2], m[3]) : new IntegrityError("artifact", "", message);
  }
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Proves solvency inputs in a Web Worker with keys fetched by URL and checked by hash. */
export class BrowserProver {
  private readonly keys: KeyRegistry;
  private readonly worker: WorkerLike;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken: Error | undefined;

  constructor(opts: BrowserProverOptions) {
    for (const [name, k] of Object.entries(opts.keys)) {
      checkCircuitKeys(k, `keys.${name}`);
      if (k.circuit !== name) throw new TypeError(`keys.${name}.circuit: must be "${name}"`);
    }
    this.keys = opts.keys;
    this.worker =
      typeof opts.worker === "function"
        ? opts.worker()
        : (new Worker(opts.worker, { name: "zkmargin-prover" }) as unknown as WorkerLike);
    this.worker.addEventListener("message", (ev: MessageEvent<WorkerResponse>) =>
      this.onMessage(ev.data),
    );
    this.worker.addEventListener("error", (ev: ErrorEvent) => {
      this.broken = new Error(`the prover worker failed: ${ev.message || "could not be loaded"}`);
      for (const p of this.pending.values()) p.reject(this.broken);
      this.pending.clear();
    });
  }

  /**
   * The pinned keys of `instance`, relative URLs resolved against the page (so the worker
   * fetches what the page would); throws naming the instance when none are configured.
   */
  keysOf(instance: string): CircuitKeys {
    const k = Object.prototype.hasOwnProperty.call(this.keys, instance)
      ? this.keys[instance]
      : undefined;
    if (!k)
      throw new Error(
        `no proving keys for circuit instance "${instance}" (configured: ${Object.keys(this.keys).join(", ") || "none"})`,
      );
    const base = typeof location === "undefined" ? undefined : location.href;
    const abs = (a: CircuitKeys["wasm"]) => ({
      url: base ? new URL(a.url, base).href : a.url,
      sha256: a.sha256,
    });
    return { ...k, wasm: abs(k.wasm), zkey: abs(k.zkey), vkey: abs(k.vkey) };
  }

  /** Downloads and checks an instance's artifacts ahead of the first proof. */
  async preload(instance: string, onProgress?: (p: ProveProgress) => void): Promise<void> {
    await this.request({ type: "load", id: 0, keys: this.keysOf(instance) }, onProgress);
  }

  /**
   * Proves `input` with the keys of `instance` (the risk table's instance). The worker checks
   * every artifact's hash first and verifies the proof before returning it.
   */
  async prove(
    input: SolvencyInput,
    instance: string,
    onProgress?: (p: ProveProgress) => void,
  ): Promise<BrowserProof> {
    const res = await this.request(
      { type: "prove", id: 0, input, keys: this.keysOf(instance) },
      onProgress,
    );
    if (res.type !== "proof") throw new Error(`unexpected worker reply ${res.type}`);
    return { proof: res.proof, proveMs: res.proveMs };
  }

  /** This prover as the chain actions' {@link Prover} (renew, attestAndProve, withdraw). */
  asProver(onProgress?: (p: ProveProgress) => void): Prover {
    return async (input, instance) => (await this.prove(input, instance, onProgress)).proof;
  }

  /** Stops the worker; pending proofs are rejected. */
  terminate(): void {
    this.worker.terminate();
    this.broken = new Error("the prover was terminated");
    for (const p of this.pending.values()) p.reject(this.broken);
    this.pending.clear();
  }

  private request(
    req: WorkerRequest,
    onProgress?: (p: ProveProgress) => void,
  ): Promise<WorkerResponse> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...req, id });
    });
  }

  private onMessage(res: WorkerResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    if (res.type === "progress") {
      p.onProgress?.(res.progress);
      return;
    }
    this.pending.delete(res.id);
    if (res.type === "error") p.reject(reviveError(res.error.name, res.error.message));
    else p.resolve(res);
  }
}
