/**
 * The oracle's validation of one round of feed readings (docs/ORACLE.md): every rule of
 * issue 13 as a pure function of what was read, the configuration, what the oracle
 * remembers (the last accepted round of each feed, the share prices of the last epoch) and
 * the chain's time. A failure is data ({@link OracleFailure}); the oracle publishes only
 * when there is none.
 *
 * Rules, per feed: `rpc-error` (the read failed); `decimals-mismatch` (the feed's decimals()
 * is not the configured one); `non-positive` (answer <= 0); `stale` (now - updatedAt >
 * maxAge, or updatedAt in the future); `round-not-increasing` (round id below the last
 * accepted one, or the same round id with another answer; the same round unchanged is
 * accepted, still subject to staleness); `answered-in-round-behind` (answeredInRound <
 * roundId); `out-of-bounds` (price outside [min, max]). Per entry with two feeds:
 * `deviation` (|a - b| / min(a, b) > maxDeviation, i.e. relative to the LOWER price, the
 * stricter reading); the price is then their mean. Per vault: `rpc-error`, `non-positive`
 * (no assets per share) and `share-price-drop` (the share price fell by more than
 * maxShareDrop since the last published epoch).
 */
import { formatUnits } from "ethers";
import type { FeedConfig, OracleConfig } from "./config";

export type FailureCode =
  | "stale"
  | "non-positive"
  | "round-not-increasing"
  | "answered-in-round-behind"
  | "out-of-bounds"
  | "deviation"
  | "share-price-drop"
  | "rpc-error"
  | "decimals-mismatch";

/** Why a feed was refused. `feed`: `<group or symbol>/<source index>`, `<symbol>/vault`. */
export interface OracleFailure {
  feed: string;
  code: FailureCode;
  detail: string;
}

/** `latestRoundData()` of a feed and its `decimals()`. */
export interface FeedRound {
  roundId: bigint;
  answer: bigint;
  startedAt: bigint;
  updatedAt: bigint;
  answeredInRound: bigint;
  decimals: number;
}

/** A feed's reading, or why it could not be read. */
export type FeedReading = { round: FeedRound } | { error: string };

/** A vault's `convertToAssets(10^shareDecimals)` with the decimals, or why it failed. */
export type VaultReading =
  { assetsPerShare: bigint; shareDecimals: number; assetDecimals: number } | { error: string };

/** Everything one oracle round read. */
export interface OracleReadings {
  /** The chain's time (latest block), or undefined when it could not be read. */
  now?: bigint;
  /** Why the chain's time could not be read. */
  error?: string;
  /** By feed address, lower case. */
  feeds: Record<string, FeedReading>;
  /** By collateral symbol. */
  vaults: Record<string, VaultReading>;
}

/** The last accepted round of a feed. */
export interface AcceptedRound {
  roundId: bigint;
  answer: bigint;
}

/** What the oracle remembers between rounds (and restarts). */
export interface OracleMemory {
  /** By feed address, lower case. */
  rounds: Readonly<Record<string, AcceptedRound>>;
  /** Share prices (assets per share) of the last published epoch, by collateral symbol. */
  sharePrices: Readonly<Record<string, number>>;
}

/** The prices of a round that passed validation. */
export interface ValidatedPrices {
  groups: Record<string, number>;
  collateral: Record<string, number>;
  /** Assets per share, by vault collateral symbol. */
  sharePrices: Record<string, number>;
  /** The round of every feed read, by lower-case address (to remember on publication). */
  rounds: Record<string, AcceptedRound>;
}

export interface Validation {
  failures: OracleFailure[];
  prices: ValidatedPrices;
}

/** The feed's key in readings and memory. */
export const feedKey = (address: string): string => address.toLowerCase();

/** Checks one feed's reading; the price (USD) when it passed. */
export function validateRound(
  feed: string,
  cfg: FeedConfig,
  reading: FeedReading | undefined,
  now: bigint,
  last?: AcceptedRound,
): { price?: number; failures: OracleFailure[] } {
  if (!reading) return { failures: [{ feed, code: "rpc-error", detail: "not read" }] };
  if ("error" in reading) return { failures: [{ feed, code: "rpc-error", detail: reading.error }] };
  const r = reading.round;
  const failures: OracleFailure[] = [];
  const fail = (code: FailureCode, detail: string) => failures.push({ feed, code, detail });
  if (cfg.decimals !== undefined && cfg.decimals !== r.decimals)
    fail("decimals-mismatch", `decimals() is ${r.decimals}, oracle.json says ${cfg.decimals}`);
  if (r.answer <= 0n) fail("non-positive", `answer ${r.answer} in round ${r.roundId}`);
  if (r.updatedAt > now) fail("stale", `updatedAt ${r.updatedAt} is after the chain's time ${now}`);
  else if (now - r.updatedAt > BigInt(cfg.maxAge))
    fail("stale", `updated ${now - r.updatedAt} s ago (at ${r.updatedAt}), maxAge ${cfg.maxAge} s`);
  if (last && r.roundId < last.roundId)
    fail("round-not-increasing", `round ${r.roundId} is before the last accepted ${last.roundId}`);
  else if (last && r.roundId === last.roundId && r.answer !== last.answer)
    fail(
      "round-not-increasing",
      `round ${r.roundId} changed its answer from ${last.answer} to ${r.answer}`,
    );
  if (r.answeredInRound < r.roundId)
    fail(
      "answered-in-round-behind",
      `answeredInRound ${r.answeredInRound} is behind round ${r.roundId}`,
    );
  if (failures.length > 0) return { failures };
  const price = Number(formatUnits(r.answer, r.decimals));
  if ((cfg.min !== undefined && price < cfg.min) || (cfg.max !== undefined && price > cfg.max))
    fail("out-of-bounds", `price ${price} outside [${cfg.min ?? 0}, ${cfg.max ?? "inf"}]`);
  return failures.length > 0 ? { failures } : { price, failures };
}

/**
 * One price from one or two valid source prices: two must not deviate by more than
 * `maxDeviation` relative to the lower one; the price is their mean.
 */
export function combineSources(
  label: string,
  prices: readonly number[],
  maxDeviation: number,
): { price?: number; failures: OracleFailure[] } {
  if (prices.length === 1) return { price: prices[0], failures: [] };
  const [a, b] = prices;
  const deviation = Math.abs(a - b) / Math.min(a, b);
  if (deviation > maxDeviation)
    return {
      failures: [
        {
          feed: `${label}/0+1`,
          code: "deviation",
          detail: `sources differ by ${fmtPct(deviation)} (${a} vs ${b}), maxDeviation ${fmtPct(maxDeviation)}`,
        },
      ],
    };
  return { price: (a + b) / 2, failures: [] };
}

/** A vault's share price (assets per share) checked against the last epoch's. */
export function checkSharePrice(
  label: string,
  reading: VaultReading | undefined,
  maxShareDrop: number,
  last?: number,
): { sharePrice?: number; failures: OracleFailure[] } {
  const feed = `${label}/vault`;
  if (!reading) return { failures: [{ feed, code: "rpc-error", detail: "not read" }] };
  if ("error" in reading) return { failures: [{ feed, code: "rpc-error", detail: reading.error }] };
  const sharePrice = Number(formatUnits(reading.assetsPerShare, reading.assetDecimals));
  if (!(sharePrice > 0))
    return {
      failures: [{ feed, code: "non-positive", detail: "convertToAssets(1 share) is 0" }],
    };
  if (last !== undefined && last > 0) {
    const drop = (last - sharePrice) / last;
    if (drop > maxShareDrop)
      return {
        failures: [
          {
            feed,
            code: "share-price-drop",
            detail: `share price fell ${fmtPct(drop)} since the last epoch (${last} -> ${sharePrice} assets per share), maxShareDrop ${fmtPct(maxShareDrop)}`,
          },
        ],
      };
  }
  return { sharePrice, failures: [] };
}

function fmtPct(x: number): string {
  return `${(x * 100).toPrecision(4)}%`;
}

/** Validates every group and collateral entry of `config` against one round of readings. */
export function validateReadings(
  config: OracleConfig,
  readings: OracleReadings,
  memory: OracleMemory,
): Validation {
  const prices: ValidatedPrices = { groups: {}, collateral: {}, sharePrices: {}, rounds: {} };
  const failures: OracleFailure[] = [];
  const now = readings.now;
  if (now === undefined) {
    failures.push({ feed: "chain", code: "rpc-error", detail: readings.error ?? "no block" });
    return { failures, prices };
  }
  const priceOf = (label: string, feeds: readonly FeedConfig[]): number | undefined => {
    const ok: number[] = [];
    feeds.forEach((f, i) => {
      const key = feedKey(f.address);
      const reading = readings.feeds[key];
      const r = validateRound(`${label}/${i}`, f, reading, now, memory.rounds[key]);
      failures.push(...r.failures);
      if (r.price !== undefined && reading && "round" in reading) {
        ok.push(r.price);
        prices.rounds[key] = { roundId: reading.round.roundId, answer: reading.round.answer };
      }
    });
    if (ok.length !== feeds.length) return undefined;
    const c = combineSources(label, ok, config.maxDeviation);
    failures.push(...c.failures);
    return c.price;
  };
  for (const [id, g] of Object.entries(config.groups)) {
    const p = priceOf(id, g.feeds);
    if (p !== undefined) prices.groups[id] = p;
  }
  for (const [symbol, c] of Object.entries(config.collateral)) {
    if (c.kind === "feeds") {
      const p = priceOf(symbol, c.feeds);
      if (p !== undefined) prices.collateral[symbol] = p;
      continue;
    }
    const share = checkSharePrice(
      symbol,
      readings.vaults[symbol],
      c.maxShareDrop,
      memory.sharePrices[symbol],
    );
    failures.push(...share.failures);
    const underlying = priceOf(symbol, c.underlyingFeeds);
    if (share.sharePrice !== undefined) prices.sharePrices[symbol] = share.sharePrice;
    if (share.sharePrice !== undefined && underlying !== undefined)
      prices.collateral[symbol] = share.sharePrice * underlying;
  }
  return { failures, prices };
}
