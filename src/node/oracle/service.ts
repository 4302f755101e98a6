/**
 * The risk oracle's loop (docs/ORACLE.md). Each round: reconcile the store with the engine
 * (a crash between sending an epoch and recording it is resolved here: the epoch is found
 * on the engine and recorded, never published twice nor skipped), read every feed and vault,
 * validate; on ANY failure refuse to publish, log which feed failed and why and keep the
 * previous epoch; otherwise build the market and risk table (epoch = engine's latest + 1,
 * timestamp = chain time), record it as pending, publish it with `publishRiskEpoch`, record
 * it, and declare a stress epoch when the stress rule fires. Nothing here throws: a failed
 * read, build or transaction is the round's report, and the loop retries (sooner, with
 * exponential backoff, after an RPC failure).
 */
import type { Provider } from "ethers";
import { ChainRevertError, type MarginEngineClient, publishRiskEpoch } from "../../chain";
import { decimalToRational, rationalToDouble } from "../../decimal";
import { CheckFailedError, InputError } from "../../errors";
import {
  type CalibrationFragment,
  type GroupMoveCheck,
  type OracleConfig,
  type OracleFailure,
  type ValidatedPrices,
  buildEpochMarket,
  stressFires,
  stressMoves,
  validateReadings,
} from "../../oracle";
import type { RiskTable } from "../../risk-table";
import type { Market } from "../../schema";
import { readError, readOracleInputs } from "./feeds";
import type { EpochSnapshot, OracleStore } from "./state";

/** One structured log event (a JSON line with --json). */
export type OracleEvent = { event: string } & Record<string, unknown>;

export interface OracleDeps {
  config: OracleConfig;
  template: Market;
  calibration?: CalibrationFragment;
  /** The engine, sending from the oracle's signer (RISK_ROLE). */
  engine: MarginEngineClient;
  /** Reads feeds and vaults. */
  provider: Provider;
  store: OracleStore;
  log?: (e: OracleEvent) => void;
  readTimeoutMs?: number;
}

export interface OracleRoundReport {
  /** published; refused (a feed failed validation); failed (could not build or publish). */
  status: "published" | "refused" | "failed";
  chainTime?: bigint;
  failures: OracleFailure[];
  error?: { code: string; detail: string };
  epoch?: number;
  riskRoot?: bigint;
  tx?: { hash: string; gasUsed: bigint };
  market?: Market;
  table?: RiskTable;
  prices?: ValidatedPrices;
  stress?: { moves: GroupMoveCheck[]; declared: boolean; error?: string };
  /** An epoch found on the engine, sent before a restart and recorded now. */
  recovered?: number;
  /** The round failed to reach the chain (the loop backs off). */
  rpc: boolean;
}

/** A round that may publish: the epoch to send. */
export interface PreparedEpoch {
  snapshot: EpochSnapshot;
  market: Market;
  table: RiskTable;
  prices: ValidatedPrices;
  chainTime: bigint;
}

const num = (d: { units: bigint; scale: number }) => rationalToDouble(decimalToRational(d));

/**
 * Resolves a pending epoch against the engine and returns the engine's latest epoch.
 * Throws on an RPC failure.
 */
export async function reconcile(deps: OracleDeps): Promise<{ latest: bigint; recovered?: number }> {
  const { engine, store, log } = deps;
  const latest = await engine.latestEpoch();
  const pending = store.pending();
  let recovered: number | undefined;
  if (pending) {
    if (latest >= BigInt(pending.epoch)) {
      const onChain = await engine.epoch(pending.epoch);
      if (onChain.riskRoot.toString() === pending.riskRoot) {
        store.commit(pending, {
          epoch: pending.epoch,
          riskRoot: pending.riskRoot,
          timestamp: pending.timestamp,
          recovered: true,
        });
        recovered = pending.epoch;
        log?.({ event: "recovered", epoch: pending.epoch, riskRoot: pending.riskRoot });
      } else {
        store.clearPending();
        log?.({
          event: "warning",
          detail: `epoch ${pending.epoch} on the engine has another root than the one this oracle sent: published by another publisher; not recorded`,
        });
      }
    } else {
      store.clearPending();
      log?.({ event: "warning", detail: `epoch ${pending.epoch} was sent but never mined` });
    }
  }
  const last = store.last();
  if (last && latest < BigInt(last.epoch))
    throw new CheckFailedError(
      `the engine's latest epoch ${latest} is before the state's last published epoch ${last.epoch}: this state folder belongs to another deployment or chain`,
    );
  const due = store.stressDue();
  if (due !== undefined && (await engine.stress()).epoch >= BigInt(due)) store.stressDeclared(due);
  return { latest, ...(recovered !== undefined ? { recovered } : {}) };
}

/** Reads and validates the feeds and builds the next epoch (refused: the failures). */
export async function prepareEpoch(
  deps: OracleDeps,
  latest: bigint,
): Promise<{ failures: OracleFailure[]; chainTime?: bigint; prepared?: PreparedEpoch }> {
  const readings = await readOracleInputs(deps.provider, deps.config, deps.readTimeoutMs);
  const { failures, prices } = validateReadings(deps.config, readings, deps.store.memory());
  if (failures.length > 0 || readings.now === undefined)
    return { failures, ...(readings.now !== undefined ? { chainTime: readings.now } : {}) };
  const epoch = Number(latest) + 1;
  const { market, table } = buildEpochMarket({
    template: deps.template,
    ...(deps.calibration ? { calibration: deps.calibration } : {}),
    prices,
    epoch,
    timestamp: Number(readings.now),
    instance: deps.config.instance,
  });
  const snapshot: EpochSnapshot = {
    epoch,
    riskRoot: table.riskRoot.toString(),
    timestamp: market.timestamp,
    groups: Object.fromEntries(
      market.groups.map((g) => [g.id, { price: num(g.price), psr: num(g.psr) }]),
    ),
    collateral: Object.fromEntries(market.collateral.map((c) => [c.symbol, num(c.price)])),
    sharePrices: prices.sharePrices,
    rounds: prices.rounds,
  };
  return {
    failures: [],
    chainTime: readings.now,
    prepared: { snapshot, market, table, prices, chainTime: readings.now },
  };
}

/** The code of an error of building or publishing (`rpc-error` when the chain did not answer). */
function errorInfo(e: unknown): { code: string; detail: string; rpc: boolean } {
  if (e instanceof ChainRevertError) return { code: e.errorName, detail: e.message, rpc: false };
  if (e instanceof CheckFailedError || e instanceof InputError)
    return { code: e.code, detail: e.message, rpc: false };
  return { code: "rpc-error", detail: readError(e), rpc: true };
}

/** One oracle round. Never throws. */
export async function oracleRound(deps: OracleDeps): Promise<OracleRoundReport> {
  const { store, engine, log } = deps;
  let latest: bigint;
  let recovered: number | undefined;
  try {
    ({ latest, recovered } = await reconcile(deps));
  } catch (e) {
    const info = errorInfo(e);
    const failure: OracleFailure = { feed: "engine", code: "rpc-error", detail: info.detail };
    if (!info.rpc) {
      log?.({ event: "state-failed", code: info.code, detail: info.detail });
      return { status: "failed", failures: [], error: info, rpc: false };
    }
    log?.({ event: "failure", ...failure });
    return { status: "refused", failures: [failure], rpc: true };
  }
  const base = recovered !== undefined ? { recovered } : {};
  let prep: Awaited<ReturnType<typeof prepareEpoch>>;
  try {
    prep = await prepareEpoch(deps, latest);
  } catch (e) {
    const error = errorInfo(e);
    log?.({ event: "build-failed", code: error.code, detail: error.detail });
    return { ...base, status: "failed", failures: [], error, rpc: error.rpc };
  }
  const chainTime = prep.chainTime !== undefined ? { chainTime: prep.chainTime } : {};
  if (!prep.prepared) {
    for (const f of prep.failures) log?.({ event: "failure", ...f });
    const rpc = prep.failures.some((f) => f.code === "rpc-error");
    log?.({ event: "refused", epoch: Number(latest), failures: prep.failures.length });
    return { ...base, ...chainTime, status: "refused", failures: prep.failures, rpc };
  }
  const { snapshot, table, market, prices } = prep.prepared;
  const built = { epoch: snapshot.epoch, riskRoot: table.riskRoot, market, table, prices };
  store.setPending(snapshot);
  let tx: { hash: string; gasUsed: bigint };
  try {
    const published = await publishRiskEpoch(engine, table);
    tx = { hash: published.tx.hash, gasUsed: published.tx.gasUsed };
  } catch (e) {
    const error = errorInfo(e);
    // a refusal (check or revert) published nothing; an unanswered send may have: keep pending
    if (!error.rpc) store.clearPending();
    log?.({
      event: "publish-failed",
      epoch: snapshot.epoch,
      code: error.code,
      detail: error.detail,
    });
    return {
      ...base,
      ...chainTime,
      ...built,
      status: "failed",
      failures: [],
      error,
      rpc: error.rpc,
    };
  }
  const last = store.last();
  const moves = stressMoves(
    last?.groups ?? {},
    Object.fromEntries(Object.entries(snapshot.groups).map(([id, g]) => [id, g.price])),
    deps.config.stressMultiple,
  );
  const fires = stressFires(moves);
  const record = {
    epoch: snapshot.epoch,
    riskRoot: snapshot.riskRoot,
    timestamp: snapshot.timestamp,
    tx: tx.hash,
  };
  store.commit(snapshot, record, fires ? snapshot.epoch : undefined);
  log?.({ event: "published", ...record, gasUsed: tx.gasUsed.toString() });
  const report: OracleRoundReport = {
    ...base,
    ...chainTime,
    ...built,
    status: "published",
    failures: [],
    tx,
    rpc: false,
    stress: { moves, declared: false },
  };
  if (fires || store.stressDue() !== undefined) {
    const stress = report.stress as NonNullable<OracleRoundReport["stress"]>;
    try {
      await engine.declareStress(snapshot.epoch);
      store.stressDeclared(snapshot.epoch);
      stress.declared = true;
      log?.({ event: "stress", epoch: snapshot.epoch, moves: moves.filter((m) => m.fired) });
    } catch (e) {
      stress.error = errorInfo(e).detail;
      log?.({ event: "stress-failed", epoch: snapshot.epoch, detail: stress.error });
    }
  }
  return report;
}

export interface RunOptions {
  /** Seconds between rounds. */
  interval: number;
  /** Stop after this many rounds (default: until `signal` aborts). */
  maxRounds?: number;
  signal?: AbortSignal;
  onRound?: (round: number, report: OracleRoundReport) => void;
}

/** Delay before the next round: `interval`, or after RPC failures min(interval, 2^(k-1) s). */
export function nextDelay(interval: number, rpcFailuresInARow: number): number {
  return rpcFailuresInARow > 0 ? Math.min(interval, 2 ** (rpcFailuresInARow - 1)) : interval;
}

function sleep(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, seconds * 1000);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });
}

/** Runs rounds until `maxRounds` or `signal`; returns the last round's report. */
export async function runOracle(deps: OracleDeps, o: RunOptions): Promise<OracleRoundReport> {
  let rpcInARow = 0;
  let report: OracleRoundReport | undefined;
  for (let round = 1; ; round++) {
    report = await oracleRound(deps);
    o.onRound?.(round, report);
    if (round >= (o.maxRounds ?? Infinity) || o.signal?.aborted) return report;
    rpcInARow = report.rpc ? rpcInARow + 1 : 0;
    await sleep(nextDelay(o.interval, rpcInARow), o.signal);
    if (o.signal?.aborted) return report;
  }
}
