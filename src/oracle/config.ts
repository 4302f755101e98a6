/**
 * oracle.json, the risk oracle's configuration (docs/ORACLE.md): the market template, the
 * calibration fragment, one or two AggregatorV3 price feeds per group and per collateral
 * token (or an ERC-4626 vault over an underlying's feeds), the validation limits, the stress
 * rule and the schedule. Validated by zod through the shared format layer: errors name the
 * file and the field path (`groups.BTC.feeds[1].maxAge`).
 */
import { z } from "zod";
import type { Decimal } from "../decimal";
import {
  address,
  decimal,
  identifier,
  instanceName,
  integer,
  missingOr,
  parseWith,
  positive,
  unitInterval,
  version,
} from "../format";
import { MAX_TOKEN_DECIMALS } from "../bounds";
import { InputError } from "../errors";

/** Default seconds between epochs. */
export const DEFAULT_ORACLE_INTERVAL = 60;
/** Default largest relative difference between two sources of one price (2 %). */
export const DEFAULT_MAX_DEVIATION = "0.02";
/** Default stress rule: a move of more than 1 x the group's PSR since the last epoch. */
export const DEFAULT_STRESS_MULTIPLE = "1";
/** Longest interval accepted (one day). */
export const MAX_ORACLE_INTERVAL = 86400;

const feedSchema = z
  .object({
    address,
    /** Decimals of the feed's answer; when given, the feed's `decimals()` must agree. */
    decimals: integer(0, MAX_TOKEN_DECIMALS).optional(),
    /** A round older than this (seconds, chain time) is stale. */
    maxAge: integer(1, MAX_ORACLE_INTERVAL * 7),
    /** USD bounds of the price (inclusive). */
    min: decimal(positive).optional(),
    max: decimal(positive).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.min && f.max && toNumber(f.min) > toNumber(f.max))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["max"],
        message: "must not be below min",
      });
  });

const feeds = z
  .array(feedSchema, { errorMap: missingOr("must be an array of one or two feeds") })
  .min(1, "must list one or two feeds")
  .max(2, "must list one or two feeds");

const priceEntry = z.object({ feeds }).strict();

const vaultEntry = z
  .object({
    /** The ERC-4626 vault, which is also the collateral token (its shares). */
    vault: address,
    /** Feeds of the vault's underlying asset (USD per whole asset). */
    underlyingFeeds: feeds,
    /** A share price that fell by more than this fraction since the last epoch is refused. */
    maxShareDrop: decimal(unitInterval),
  })
  .strict();

const collateralEntry = z.union([priceEntry, vaultEntry], {
  errorMap: (issue, ctx) =>
    issue.code === "invalid_union"
      ? {
          message:
            'must be { "feeds": [...] } or { "vault": ..., "underlyingFeeds": [...], "maxShareDrop": ... }',
        }
      : { message: ctx.defaultError },
});

const oracleSchema = z
  .object({
    version,
    /** Circuit instance of the risk table (the deployment's). */
    instance: instanceName,
    /** market.json template: a path (relative to oracle.json) or the market inline. */
    market: z.union([z.string().min(1), z.record(z.unknown())], {
      errorMap: missingOr("must be a path string or an inline market.json object"),
    }),
    /** The last calibration's fragment.json (path relative to oracle.json). */
    calibration: z
      .string({ errorMap: missingOr("must be a path string") })
      .min(1)
      .optional(),
    interval: integer(1, MAX_ORACLE_INTERVAL).default(DEFAULT_ORACLE_INTERVAL),
    maxDeviation: decimal(unitInterval).default(DEFAULT_MAX_DEVIATION),
    stressMultiple: decimal(positive).default(DEFAULT_STRESS_MULTIPLE),
    groups: z.record(identifier, priceEntry, { errorMap: missingOr("must be an object") }),
    collateral: z
      .record(identifier, collateralEntry, { errorMap: missingOr("must be an object") })
      .default({}),
  })
  .strict();

/** One AggregatorV3 source. */
export interface FeedConfig {
  address: string;
  decimals?: number;
  maxAge: number;
  min?: number;
  max?: number;
}

/** A price from one or two feeds. */
export interface PriceSource {
  kind: "feeds";
  feeds: FeedConfig[];
}

/** An ERC-4626 share: `convertToAssets(1 share)` x the underlying's price. */
export interface VaultSource {
  kind: "vault";
  vault: string;
  underlyingFeeds: FeedConfig[];
  maxShareDrop: number;
}

/** A validated oracle.json. */
export interface OracleConfig {
  version: 1;
  instance: string;
  /** A path to market.json (relative to oracle.json) or the parsed template itself. */
  market: string | Record<string, unknown>;
  calibration?: string;
  interval: number;
  maxDeviation: number;
  stressMultiple: number;
  groups: Record<string, PriceSource>;
  collateral: Record<string, PriceSource | VaultSource>;
}

/** A decimal as a double (limits and fractions; never a market.json value). */
export function toNumber(d: Decimal): number {
  return Number(d.units) / 10 ** d.scale;
}

type ParsedFeed = z.infer<typeof feedSchema>;
const feed = (f: ParsedFeed): FeedConfig => ({
  address: f.address,
  maxAge: f.maxAge,
  ...(f.decimals !== undefined ? { decimals: f.decimals } : {}),
  ...(f.min ? { min: toNumber(f.min) } : {}),
  ...(f.max ? { max: toNumber(f.max) } : {}),
});

/** Validates a parsed oracle.json; throws {@link InputError} naming `file` and the field. */
export function parseOracleConfig(json: unknown, file = "oracle.json"): OracleConfig {
  const c = parseWith(oracleSchema, json, file);
  const collateral: OracleConfig["collateral"] = {};
  for (const [symbol, e] of Object.entries(c.collateral))
    collateral[symbol] =
      "vault" in e
        ? {
            kind: "vault",
            vault: e.vault,
            underlyingFeeds: e.underlyingFeeds.map(feed),
            maxShareDrop: toNumber(e.maxShareDrop),
          }
        : { kind: "feeds", feeds: e.feeds.map(feed) };
  const groups: OracleConfig["groups"] = {};
  for (const [id, e] of Object.entries(c.groups))
    groups[id] = { kind: "feeds", feeds: e.feeds.map(feed) };
  return {
    version: 1,
    instance: c.instance,
    market: c.market,
    ...(c.calibration !== undefined ? { calibration: c.calibration } : {}),
    interval: c.interval,
    maxDeviation: toNumber(c.maxDeviation),
    stressMultiple: toNumber(c.stressMultiple),
    groups,
    collateral,
  };
}

/** A market template's groups and collateral as the cross-check needs them. */
export interface TemplateShape {
  groups: ReadonlyArray<{ id: string }>;
  collateral: ReadonlyArray<{ symbol: string; token: string; group?: string }>;
}

/**
 * Checks that `config` prices every part of the market template: a source for every group,
 * for every collateral token without a group (one with a group moves with it unless it has
 * its own source), only known ids and symbols, and a vault that is the template's token.
 * Throws {@link InputError} naming `file` (oracle.json) and the field.
 */
export function checkConfigMarket(config: OracleConfig, market: TemplateShape, file: string): void {
  const fail = (path: string, rule: string): never => {
    throw new InputError(file, path, rule);
  };
  const groupIds = new Set(market.groups.map((g) => g.id));
  for (const id of Object.keys(config.groups))
    if (!groupIds.has(id)) fail(`groups.${id}`, "not a group of the market template");
  for (const g of market.groups)
    if (!config.groups[g.id]) fail(`groups.${g.id}`, "missing field (every group needs a feed)");
  const bySymbol = new Map(market.collateral.map((c) => [c.symbol, c]));
  for (const [symbol, c] of Object.entries(config.collateral)) {
    const t = bySymbol.get(symbol);
    if (!t) return fail(`collateral.${symbol}`, "not a collateral symbol of the market template");
    if (c.kind === "vault" && c.vault.toLowerCase() !== t.token.toLowerCase())
      fail(
        `collateral.${symbol}.vault`,
        `must be the template's token for ${symbol} (${t.token}): the vault's shares are the collateral`,
      );
  }
  for (const c of market.collateral)
    if (c.group === undefined && !config.collateral[c.symbol])
      fail(
        `collateral.${c.symbol}`,
        "missing field (a collateral token without a group needs its own feed or vault)",
      );
}
