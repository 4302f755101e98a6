/**
 * The risk oracle's pure side without a chain: every validation rule of a feed round, two
 * sources, a vault's share price, the whole-round combination, the stress rule, the epoch
 * market, and oracle.json / fragment.json errors naming the file and the field path.
 */
import path from "node:path";
import { expect } from "chai";
import { InputError } from "../../../src/errors";
import {
  type FeedConfig,
  type FeedRound,
  type OracleConfig,
  buildEpochMarket,
  checkConfigMarket,
  checkSharePrice,
  combineSources,
  parseCalibrationFragment,
  parseOracleConfig,
  stressFires,
  stressMoves,
  validateReadings,
  validateRound,
} from "../../../src/oracle";
import { buildRiskTable } from "../../../src/risk-table";
import { parseMarket } from "../../../src/schema";
import { loadOracleSetup } from "../../../src/node/oracle/load";

const A = "0x1000000000000000000000000000000000000001";
const B = "0x1000000000000000000000000000000000000002";
const V = "0x1000000000000000000000000000000000000003";
const USDC = "0x2000000000000000000000000000000000000001";
const WBTC = "0x2000000000000000000000000000000000000002";
const NOW = 1_800_000_000n;
const feed: FeedConfig = { address: A, maxAge: 3600, min: 1000, max: 1_000_000 };
const round = (o: Partial<FeedRound> = {}): { round: FeedRound } => ({
  round: {
    roundId: 10n,
    answer: 86_500n * 10n ** 8n,
    startedAt: NOW - 10n,
    updatedAt: NOW - 10n,
    answeredInRound: 10n,
    decimals: 8,
    ...o,
  },
});
const codes = (r: { failures: Array<{ code: string }> }) => r.failures.map((f) => f.code);

describe("oracle: validation of a feed round", () => {
  it("a good round passes with its price", () => {
    const r = validateRound("BTC/0", feed, round(), NOW);
    expect(r.failures).to.deep.equal([]);
    expect(r.price).to.equal(86500);
  });

  it("stale: older than maxAge, or updated in the future; exactly maxAge passes", () => {
    expect(
      codes(validateRound("BTC/0", feed, round({ updatedAt: NOW - 3601n }), NOW)),
    ).to.deep.equal(["stale"]);
    expect(
      codes(validateRound("BTC/0", feed, round({ updatedAt: NOW - 3600n }), NOW)),
    ).to.deep.equal([]);
    expect(codes(validateRound("BTC/0", feed, round({ updatedAt: NOW + 5n }), NOW))).to.deep.equal([
      "stale",
    ]);
    expect(codes(validateRound("BTC/0", feed, round({ updatedAt: 0n }), NOW))).to.deep.equal([
      "stale",
    ]);
  });

  it("non-positive: zero and negative answers", () => {
    expect(codes(validateRound("BTC/0", feed, round({ answer: 0n }), NOW))).to.deep.equal([
      "non-positive",
    ]);
    expect(codes(validateRound("BTC/0", feed, round({ answer: -5n }), NOW))).to.deep.equal([
      "non-positive",
    ]);
  });

  it("round-not-increasing: below the last accepted round, or the same round changed", () => {
    const last = { roundId: 10n, answer: 86_500n * 10n ** 8n };
    expect(
      codes(validateRound("BTC/0", feed, round({ roundId: 9n, answeredInRound: 9n }), NOW, last)),
    ).to.deep.equal(["round-not-increasing"]);
    expect(codes(validateRound("BTC/0", feed, round(), NOW, last))).to.deep.equal([]);
    expect(
      codes(validateRound("BTC/0", feed, round({ answer: 1n * 10n ** 12n }), NOW, last)),
    ).to.deep.equal(["round-not-increasing"]);
    expect(
      codes(validateRound("BTC/0", feed, round({ roundId: 11n, answeredInRound: 11n }), NOW, last)),
    ).to.deep.equal([]);
    // the same round is still checked for staleness
    expect(
      codes(validateRound("BTC/0", feed, round({ updatedAt: NOW - 4000n }), NOW, last)),
    ).to.deep.equal(["stale"]);
  });

  it("answered-in-round-behind", () => {
    const r = validateRound("BTC/0", feed, round({ answeredInRound: 9n }), NOW);
    expect(codes(r)).to.deep.equal(["answered-in-round-behind"]);
    expect(r.failures[0].detail).to.contain("answeredInRound 9");
  });

  it("out-of-bounds: below min or above max (bounds inclusive)", () => {
    expect(
      codes(validateRound("BTC/0", feed, round({ answer: 999n * 10n ** 8n }), NOW)),
    ).to.deep.equal(["out-of-bounds"]);
    expect(
      codes(validateRound("BTC/0", feed, round({ answer: 1_000_001n * 10n ** 8n }), NOW)),
    ).to.deep.equal(["out-of-bounds"]);
    expect(
      codes(validateRound("BTC/0", feed, round({ answer: 1000n * 10n ** 8n }), NOW)),
    ).to.deep.equal([]);
  });

  it("rpc-error and decimals-mismatch", () => {
    expect(
      validateRound("BTC/0", feed, { error: "connection refused" }, NOW).failures,
    ).to.deep.equal([{ feed: "BTC/0", code: "rpc-error", detail: "connection refused" }]);
    expect(codes(validateRound("BTC/0", { ...feed, decimals: 18 }, round(), NOW))).to.deep.equal([
      "decimals-mismatch",
    ]);
  });

  it("deviation of two sources, relative to the lower; the price is their mean", () => {
    expect(combineSources("BTC", [100, 102], 0.02)).to.deep.equal({ price: 101, failures: [] });
    const bad = combineSources("BTC", [100, 102.1], 0.02);
    expect(bad.price).to.equal(undefined);
    expect(bad.failures[0]).to.include({ feed: "BTC/0+1", code: "deviation" });
    expect(combineSources("BTC", [102.1, 100], 0.02).failures).to.have.length(1);
    expect(combineSources("BTC", [42], 0.02)).to.deep.equal({ price: 42, failures: [] });
  });

  it("share-price-drop: a vault share price that fell more than maxShareDrop since the last epoch", () => {
    const reading = (assets: bigint) => ({
      assetsPerShare: assets,
      shareDecimals: 6,
      assetDecimals: 6,
    });
    expect(checkSharePrice("sv", reading(1_050_000n), 0.01, 1.05)).to.deep.equal({
      sharePrice: 1.05,
      failures: [],
    });
    expect(checkSharePrice("sv", reading(1_040_000n), 0.01, 1.05).failures).to.deep.equal([]);
    expect(codes(checkSharePrice("sv", reading(1_030_000n), 0.01, 1.05))).to.deep.equal([
      "share-price-drop",
    ]);
    expect(checkSharePrice("sv", reading(1_030_000n), 0.01).failures).to.deep.equal([]);
    expect(codes(checkSharePrice("sv", reading(0n), 0.01))).to.deep.equal(["non-positive"]);
    expect(checkSharePrice("sv", { error: "reverted" }, 0.01).failures[0]).to.include({
      feed: "sv/vault",
      code: "rpc-error",
    });
  });
});

function config(): OracleConfig {
  return parseOracleConfig({
    version: 1,
    instance: "small",
    market: "market.json",
    maxDeviation: "0.01",
    groups: {
      BTC: {
        feeds: [
          { address: A, maxAge: 3600 },
          { address: B, maxAge: 3600 },
        ],
      },
    },
    collateral: {
      USDC: { feeds: [{ address: A.replace(/1$/, "9"), maxAge: 86400, min: "0.9", max: "1.1" }] },
      svUSDC: {
        vault: V,
        underlyingFeeds: [{ address: A.replace(/1$/, "9"), maxAge: 86400 }],
        maxShareDrop: "0.02",
      },
    },
  });
}

describe("oracle: a whole round", () => {
  const usdcFeed = A.replace(/1$/, "9").toLowerCase();
  const readings = () => ({
    now: NOW,
    feeds: {
      [A.toLowerCase()]: round(),
      [B.toLowerCase()]: round({ answer: 86_600n * 10n ** 8n }),
      [usdcFeed]: round({ answer: 100_000_000n }),
    },
    vaults: { svUSDC: { assetsPerShare: 1_100_000n, shareDecimals: 6, assetDecimals: 6 } },
  });

  it("prices every group and token; a vault share is convertToAssets(1 share) x the underlying", () => {
    const v = validateReadings(config(), readings(), { rounds: {}, sharePrices: {} });
    expect(v.failures).to.deep.equal([]);
    expect(v.prices.groups.BTC).to.equal(86550);
    expect(v.prices.collateral).to.deep.equal({ USDC: 1, svUSDC: 1.1 });
    expect(v.prices.sharePrices).to.deep.equal({ svUSDC: 1.1 });
    expect(Object.keys(v.prices.rounds)).to.have.length(3);
  });

  it("any failure is reported with its feed label; an unread chain time refuses the round", () => {
    const r = readings();
    r.feeds[B.toLowerCase()] = round({ answeredInRound: 3n });
    const v = validateReadings(config(), r, { rounds: {}, sharePrices: { svUSDC: 1.2 } });
    expect(v.failures.map((f) => `${f.feed} ${f.code}`)).to.deep.equal([
      "BTC/1 answered-in-round-behind",
      "svUSDC/vault share-price-drop",
    ]);
    expect(v.prices.groups.BTC).to.equal(undefined);
    const down = validateReadings(
      config(),
      { error: "ECONNREFUSED", feeds: {}, vaults: {} },
      { rounds: {}, sharePrices: {} },
    );
    expect(down.failures).to.deep.equal([
      { feed: "chain", code: "rpc-error", detail: "ECONNREFUSED" },
    ]);
  });
});

describe("oracle: stress rule", () => {
  it("fires when |price / last - 1| > stressMultiple x PSR of the last epoch", () => {
    const last = { BTC: { price: 100, psr: 0.08 }, ETH: { price: 10, psr: 0.1 } };
    const moves = stressMoves(last, { BTC: 107, ETH: 8.9 }, 1);
    expect(moves.map((m) => [m.group, m.fired])).to.deep.equal([
      ["BTC", false],
      ["ETH", true],
    ]);
    expect(stressFires(moves)).to.equal(true);
    expect(stressFires(stressMoves(last, { BTC: 115, ETH: 11 }, 2))).to.equal(false);
    expect(stressMoves({}, { BTC: 1 }, 1)).to.deep.equal([]);
  });
});

describe("oracle: configuration files", () => {
  interface Cfg extends Record<string, unknown> {
    groups: { BTC: { feeds: Array<Record<string, unknown>> } };
  }
  const base = (): Cfg => ({
    version: 1,
    instance: "small",
    market: "market.json",
    groups: { BTC: { feeds: [{ address: A, maxAge: 3600 }] } },
  });
  const err = (json: unknown, file = "oracle.json"): InputError => {
    try {
      parseOracleConfig(json, file);
    } catch (e) {
      expect(e).to.be.instanceOf(InputError);
      return e as InputError;
    }
    throw new Error("accepted");
  };

  it("defaults: interval 60 s, maxDeviation 2 %, stressMultiple 1", () => {
    const c = parseOracleConfig(base());
    expect([c.interval, c.maxDeviation, c.stressMultiple]).to.deep.equal([60, 0.02, 1]);
  });

  it("errors name the file and the field path", () => {
    let c = base();
    c.groups.BTC.feeds[0].maxAge = 0;
    expect(err(c, "conf/oracle.json")).to.include({
      file: "conf/oracle.json",
      path: "groups.BTC.feeds[0].maxAge",
    });
    c = base();
    c.groups.BTC.feeds.push({ address: B, maxAge: 1 }, { address: B, maxAge: 1 });
    expect(err(c).path).to.equal("groups.BTC.feeds");
    c = base();
    c.groups.BTC.feeds[0].address = "0x12";
    expect(err(c).path).to.equal("groups.BTC.feeds[0].address");
    c = base();
    c.groups.BTC.feeds[0].min = "5";
    c.groups.BTC.feeds[0].max = "4";
    expect(err(c).path).to.equal("groups.BTC.feeds[0].max");
    c = base();
    c.maxDeviation = "1.5";
    expect(err(c).path).to.equal("maxDeviation");
    c = base();
    c.collateral = { svUSDC: { vault: V, underlyingFeeds: [], maxShareDrop: "0.01" } };
    expect(err(c).path).to.equal("collateral.svUSDC.underlyingFeeds");
    c = base();
    c.extra = 1;
    expect(err(c)).to.include({ path: "extra", rule: "unknown field" });
    expect(err({ ...base(), instance: undefined })).to.include({
      path: "instance",
      rule: "missing field",
    });
  });

  const market = () =>
    parseMarket({
      version: 1,
      epoch: 1,
      timestamp: 1_800_000_000,
      groups: [{ id: "BTC", price: "86500", psr: "0.08", vsr: "0.25" }],
      collateral: [
        { symbol: "USDC", token: USDC, decimals: 6, price: "1", haircut: "0.02" },
        { symbol: "WBTC", token: WBTC, decimals: 8, price: "86500", haircut: "0.1", group: "BTC" },
      ],
      instruments: [
        {
          id: "BTC-PERP",
          group: "BTC",
          kind: "perpetual",
          mark: "86500",
          multiplier: "1",
          floor: "865",
        },
      ],
    });

  it("the configuration must price every part of the template", () => {
    const c = parseOracleConfig(base());
    const fail = (cfg: OracleConfig) => {
      try {
        checkConfigMarket(cfg, market(), "oracle.json");
      } catch (e) {
        return (e as InputError).path;
      }
      return "accepted";
    };
    expect(fail(c)).to.equal("collateral.USDC");
    const usdc = { kind: "feeds" as const, feeds: [{ address: B, maxAge: 60 }] };
    expect(fail({ ...c, collateral: { USDC: usdc } })).to.equal("accepted");
    expect(fail({ ...c, collateral: { USDC: usdc, DAI: usdc } })).to.equal("collateral.DAI");
    expect(fail({ ...c, groups: {}, collateral: { USDC: usdc } })).to.equal("groups.BTC");
    const vault = {
      kind: "vault" as const,
      vault: V,
      underlyingFeeds: usdc.feeds,
      maxShareDrop: 0.01,
    };
    expect(fail({ ...c, collateral: { USDC: vault } })).to.equal("collateral.USDC.vault");
  });

  it("fragment.json: errors name the field; the epoch market applies it at the feed prices", () => {
    expect(() =>
      parseCalibrationFragment(
        { version: 1, groups: [{ id: "BTC", psr: "1.2", vsr: "0.3" }] },
        "f.json",
      ),
    ).to.throw(InputError, "f.json: groups[0].psr");
    const cal = parseCalibrationFragment({
      version: 1,
      groups: [{ id: "BTC", psr: "0.09", vsr: "0.3" }],
      collateral: [{ symbol: "USDC", haircut: "0.03" }],
    });
    const { market: m, table } = buildEpochMarket({
      template: market(),
      calibration: cal,
      prices: { groups: { BTC: 90000 }, collateral: { USDC: 0.999 } },
      epoch: 7,
      timestamp: 1_800_000_100,
      instance: "small",
    });
    expect([m.epoch, m.timestamp]).to.deep.equal([7, 1_800_000_100]);
    expect(m.groups[0]).to.deep.include({ id: "BTC" });
    const json = (d: { units: bigint; scale: number }) => Number(d.units) / 10 ** d.scale;
    expect([json(m.groups[0].price), json(m.groups[0].psr), json(m.groups[0].vsr)]).to.deep.equal([
      90000, 0.09, 0.3,
    ]);
    expect(json(m.collateral[0].price)).to.equal(0.999);
    expect(json(m.collateral[0].haircut)).to.equal(0.03);
    expect(json(m.collateral[1].price)).to.equal(90000);
    expect(json(m.instruments[0].mark)).to.equal(90000);
    expect(table.riskRoot).to.equal(buildRiskTable(m, "small").riskRoot);
  });
});

describe("oracle: examples/oracle.json", () => {
  it("loads with examples/market.json and prices every group and token", () => {
    const setup = loadOracleSetup(
      path.join(__dirname, "..", "..", "..", "examples", "oracle.json"),
    );
    expect(Object.keys(setup.config.groups)).to.deep.equal(["BTC", "ETH"]);
    expect(setup.template.collateral.map((c) => c.symbol)).to.deep.equal(["USDC", "WBTC", "WETH"]);
  });
});
