/**
 * The relayer service: the store (./store.ts), the off-chain checks (./check.ts), the batcher
 * (./batcher.ts) and the HTTP API (./server.ts). On start it reconciles the batches a crash
 * left `sending`, then listens (loopback by default) and ticks the batcher; an RPC failure is
 * logged and retried with exponential backoff (never a crash). `stop()` closes the server,
 * lets a batch in flight finish and closes the store.
 */
import type { AddressInfo } from "node:net";
import type { Provider } from "ethers";
import type { MarginEngineClient } from "../../chain";
import { Batcher, type RelayerEvent } from "./batcher";
import { RateLimiter } from "./rate-limit";
import { createRelayerServer } from "./server";
import { type RelayerStore, openRelayerStore } from "./store";

export const DEFAULT_RELAYER_PORT = 8547;
export const DEFAULT_BATCH = 16;
export const DEFAULT_MAX_WAIT = 30;
export const MAX_BODY_BYTES = 64 * 1024;

export interface RelayerOptions {
  /** The engine, sending from the relayer's signer. */
  engine: MarginEngineClient;
  provider: Provider;
  sender: string;
  /** The deployment's circuit instance and its verification key. */
  instance: string;
  vkey: unknown;
  /** State folder (LMDB). */
  stateDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0: any free port. */
  port: number;
  batchSize: number;
  maxWaitSeconds: number;
  maxBodyBytes?: number;
  /** Proofs per account per window (default 10 per 60 s). */
  rate?: { max: number; windowMs: number };
  /** Batcher tick, ms (default 250). */
  tickMs?: number;
  log?: (e: RelayerEvent) => void;
  pause?: { at: "sending" | "sent"; ms: number };
}

export interface RunningRelayer {
  url: string;
  port: number;
  store: RelayerStore;
  /** Stops serving and ticking, waits for a batch in flight, closes the store. */
  stop(): Promise<void>;
}

/** Starts the relayer; resolves once it listens. */
export async function startRelayer(o: RelayerOptions): Promise<RunningRelayer> {
  const store = openRelayerStore(o.stateDir);
  const log = o.log ?? (() => undefined);
  const check = { engine: o.engine, instance: o.instance, vkey: o.vkey };
  const batcher = new Batcher({
    store,
    engine: o.engine,
    provider: o.provider,
    sender: o.sender,
    check,
    batchSize: o.batchSize,
    maxWaitMs: o.maxWaitSeconds * 1000,
    log,
    ...(o.pause ? { pause: o.pause } : {}),
  });
  const tickMs = o.tickMs ?? 250;
  let stopped = false;
  let failures = 0;
  let lastError: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await batcher.tick();
        if (failures > 0) log({ event: "rpc-restored", after: failures });
        failures = 0;
        lastError = null;
      } catch (e) {
        failures++;
        lastError = e instanceof Error ? e.message : String(e);
        log({ event: "rpc-error", failures, detail: lastError });
      }
    });
    return running;
  };
  const loop = () => {
    if (stopped) return;
    const delay = failures > 0 ? Math.min(30_000, tickMs * 2 ** failures) : tickMs;
    timer = setTimeout(() => void tick().then(loop), delay);
  };

  await tick(); // reconciles batches left `sending` by a crash
  const server = createRelayerServer({
    store,
    check,
    maxBodyBytes: o.maxBodyBytes ?? MAX_BODY_BYTES,
    limiter: new RateLimiter(o.rate?.max ?? 10, o.rate?.windowMs ?? 60_000),
    onQueued: (p) => {
      log({ event: "queued", id: p.id, account: p.account, epoch: p.epoch, tier: p.tier });
      if (store.queued(o.batchSize).length >= o.batchSize) void tick();
    },
    health: () => ({
      sender: o.sender,
      engine: o.engine.address,
      batchSize: o.batchSize,
      maxWait: o.maxWaitSeconds,
      sending: store.sending().length,
      lastError,
    }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host ?? "127.0.0.1"}:${port}`;
  log({ event: "listening", url, batch: o.batchSize, maxWait: o.maxWaitSeconds });
  loop();
  return {
    url,
    port,
    store,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await running;
      await store.close();
    },
  };
}
