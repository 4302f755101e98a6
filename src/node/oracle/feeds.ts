/**
 * Reading the oracle's inputs over JSON-RPC (ethers v6): every configured AggregatorV3 feed's
 * `latestRoundData()` and `decimals()`, every ERC-4626 vault's `convertToAssets(1 share)` with
 * the share and asset decimals, and the chain's time. A read that fails (no answer, a revert,
 * a timeout) becomes that input's `error` — an `rpc-error` failure of the round, never a
 * thrown exception. Each feed is read once per round even when several entries use it.
 */
import { BaseContract, type Provider } from "ethers";
import type { AggregatorV3Interface } from "../../../typechain-types/contracts/test/MockAggregatorV3.sol/AggregatorV3Interface";
import type { IERC4626 } from "../../../typechain-types/@openzeppelin/contracts/interfaces/IERC4626";
import { blockTime, erc20 } from "../../chain";
import type { OracleConfig } from "../../oracle/config";
import {
  type FeedReading,
  type OracleReadings,
  type VaultReading,
  feedKey,
} from "../../oracle/validate";

/** The AggregatorV3 functions the oracle calls. */
export const AGGREGATOR_V3_ABI = [
  "function decimals() view returns (uint8)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
];

/** The ERC-4626 functions the oracle calls. */
export const ERC4626_ABI = [
  "function decimals() view returns (uint8)",
  "function asset() view returns (address)",
  "function convertToAssets(uint256 shares) view returns (uint256)",
];

/** Default limit of one read (ms): a hanging endpoint fails the round instead of stalling it. */
export const DEFAULT_READ_TIMEOUT_MS = 10000;

/** `p`, or a rejection after `ms`. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A short reason for a failed read (ethers' shortMessage when it has one). */
export function readError(e: unknown): string {
  const o = e as { shortMessage?: unknown; message?: unknown } | null;
  const s = typeof o?.shortMessage === "string" ? o.shortMessage : String(o?.message ?? e);
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

/** One feed's latest round and decimals. */
export async function readFeed(
  provider: Provider,
  address: string,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<FeedReading> {
  const feed = BaseContract.from<AggregatorV3Interface>(address, AGGREGATOR_V3_ABI, provider);
  try {
    const [r, decimals] = await withTimeout(
      Promise.all([feed.latestRoundData(), feed.decimals()]),
      timeoutMs,
    );
    return {
      round: {
        roundId: r[0],
        answer: r[1],
        startedAt: r[2],
        updatedAt: r[3],
        answeredInRound: r[4],
        decimals: Number(decimals),
      },
    };
  } catch (e) {
    return { error: `latestRoundData() of ${address}: ${readError(e)}` };
  }
}

/** A vault's assets per whole share, with its share and asset decimals. */
export async function readVault(
  provider: Provider,
  vault: string,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<VaultReading> {
  const v = BaseContract.from<IERC4626>(vault, ERC4626_ABI, provider);
  try {
    return await withTimeout(
      (async () => {
        const [shareDecimals, asset] = await Promise.all([v.decimals(), v.asset()]);
        const [assetsPerShare, assetDecimals] = await Promise.all([
          v.convertToAssets(10n ** shareDecimals),
          erc20(asset, provider).decimals(),
        ]);
        return {
          assetsPerShare,
          shareDecimals: Number(shareDecimals),
          assetDecimals: Number(assetDecimals),
        };
      })(),
      timeoutMs,
    );
  } catch (e) {
    return { error: `convertToAssets of vault ${vault}: ${readError(e)}` };
  }
}

/** Reads the chain's time, every feed and every vault of `config`. */
export async function readOracleInputs(
  provider: Provider,
  config: OracleConfig,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<OracleReadings> {
  const addresses = new Set<string>();
  for (const g of Object.values(config.groups)) for (const f of g.feeds) addresses.add(f.address);
  const vaults: Array<[string, string]> = [];
  for (const [symbol, c] of Object.entries(config.collateral)) {
    const feeds = c.kind === "feeds" ? c.feeds : c.underlyingFeeds;
    for (const f of feeds) addresses.add(f.address);
    if (c.kind === "vault") vaults.push([symbol, c.vault]);
  }
  let now: bigint;
  try {
    now = await withTimeout(blockTime(provider), timeoutMs);
  } catch (e) {
    return { error: `the chain's latest block: ${readError(e)}`, feeds: {}, vaults: {} };
  }
  const readings: OracleReadings = { now, feeds: {}, vaults: {} };
  const unique = [...new Map([...addresses].map((a) => [feedKey(a), a])).entries()];
  const feedReads = await Promise.all(unique.map(([, a]) => readFeed(provider, a, timeoutMs)));
  unique.forEach(([key], i) => (readings.feeds[key] = feedReads[i]));
  const vaultReads = await Promise.all(vaults.map(([, v]) => readVault(provider, v, timeoutMs)));
  vaults.forEach(([symbol], i) => (readings.vaults[symbol] = vaultReads[i]));
  return readings;
}
