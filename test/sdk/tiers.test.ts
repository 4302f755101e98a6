/**
 * Tiered validity (SPEC 7.2, issue 15 point 3): parsing the engine's `validityTiers()`, the
 * highest tier a portfolio meets (the circuit's check, agreeing with computeMargin's
 * `solvent`), and the valid-until a renewal at a tier earns.
 */
import { expect } from "chai";
import { AbiCoder } from "ethers";
import {
  parseValidityTiers,
  pickTier,
  tierValidUntil,
  type ValidityTier,
} from "../../src/chain/tiers";
import { ArgumentError } from "../../src/errors";
import { computeMargin, solventAt } from "../../src/margin";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { buildRiskTable } from "../../src/risk-table";
import { parseBalances, parseMarket, parsePortfolio } from "../../src/schema";
import { tinyBalances, tinyMarket, tinyPortfolio, USD } from "./helpers";

const HOUR = 3600n;
/** 1.0x / 1h, 1.5x / 4h, 2.0x / 8h, 3.0x / 1 day. */
const TIERS: ValidityTier[] = [
  { multiplier: 10000n, ttl: HOUR },
  { multiplier: 15000n, ttl: 4n * HOUR },
  { multiplier: 20000n, ttl: 8n * HOUR },
  { multiplier: 30000n, ttl: 24n * HOUR },
];

/** What ethers v6 decodes `validityTiers()` into: a Result of [multiplier, ttl] Results. */
function engineResult(tiers: Array<[number, number]>): unknown {
  const type = "tuple(uint32 multiplier, uint32 ttl)[]";
  const coder = AbiCoder.defaultAbiCoder();
  return coder.decode([type], coder.encode([type], [tiers]))[0];
}

/** Runs `fn`, expecting an ArgumentError naming `argument`; returns it. */
function expectArgumentError(fn: () => unknown, argument: string): ArgumentError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected an ArgumentError").to.be.instanceOf(ArgumentError);
  const err = caught as ArgumentError;
  expect(err.argument).to.equal(argument);
  return err;
}

describe("tiers: parseValidityTiers", () => {
  it("reads the engine's Result (tuples with names) into bigints, tier 0 first", () => {
    const raw = engineResult([
      [10000, 3600],
      [20000, 28800],
    ]);
    expect(parseValidityTiers(raw)).to.deep.equal([
      { multiplier: 10000n, ttl: 3600n },
      { multiplier: 20000n, ttl: 28800n },
    ]);
  });

  it("reads plain tuples and objects", () => {
    expect(parseValidityTiers([[10000n, 3600n]])).to.deep.equal([TIERS[0]]);
    expect(parseValidityTiers(TIERS)).to.deep.equal(TIERS);
    expect(parseValidityTiers([{ multiplier: 12000, ttl: 60 }])).to.deep.equal([
      { multiplier: 12000n, ttl: 60n },
    ]);
  });

  it("accepts equal TTLs (non-decreasing)", () => {
    const equal = [TIERS[0], { multiplier: 15000n, ttl: HOUR }];
    expect(parseValidityTiers(equal)).to.deep.equal(equal);
  });

  it("refuses a missing tier 0 and too many tiers", () => {
    expectArgumentError(() => parseValidityTiers([]), "validityTiers");
    expectArgumentError(() => parseValidityTiers("tiers"), "validityTiers");
    const five = [...TIERS, { multiplier: 40000n, ttl: 48n * HOUR }];
    expectArgumentError(() => parseValidityTiers(five), "validityTiers");
  });

  it("refuses multipliers that do not strictly increase, naming the tier", () => {
    const equal = [TIERS[0], { multiplier: 10000n, ttl: 2n * HOUR }];
    const e = expectArgumentError(() => parseValidityTiers(equal), "validityTiers[1].multiplier");
    expect(e.rule).to.include("tier 0");
    const down = [TIERS[0], TIERS[2], { multiplier: 15000n, ttl: 24n * HOUR }];
    expectArgumentError(() => parseValidityTiers(down), "validityTiers[2].multiplier");
  });

  it("refuses a TTL below the tier below's, naming the tier", () => {
    const down = [TIERS[0], TIERS[1], { multiplier: 20000n, ttl: 2n * HOUR }];
    const e = expectArgumentError(() => parseValidityTiers(down), "validityTiers[2].ttl");
    expect(e.rule).to.include("tier 1");
    expectArgumentError(
      () =>
        parseValidityTiers(
          engineResult([
            [10000, 7200],
            [20000, 3600],
          ]),
        ),
      "validityTiers[1].ttl",
    );
  });

  it("refuses values outside the engine's bounds and malformed entries", () => {
    expectArgumentError(() => parseValidityTiers([[9999n, HOUR]]), "validityTiers[0].multiplier");
    expectArgumentError(
      () => parseValidityTiers([TIERS[0], [1000001n, HOUR]]),
      "validityTiers[1].multiplier",
    );
    expectArgumentError(() => parseValidityTiers([[10000n, 59n]]), "validityTiers[0].ttl");
    expectArgumentError(
      () => parseValidityTiers([[10000n, 30n * 86400n + 1n]]),
      "validityTiers[0].ttl",
    );
    expectArgumentError(() => parseValidityTiers([[10000n, -1n]]), "validityTiers[0].ttl");
    expectArgumentError(() => parseValidityTiers([[10000.5, 60]]), "validityTiers[0].multiplier");
    expectArgumentError(() => parseValidityTiers([["10000", 60]]), "validityTiers[0].multiplier");
    expectArgumentError(() => parseValidityTiers([TIERS[0], [20000n]]), "validityTiers[1]");
    expectArgumentError(() => parseValidityTiers([TIERS[0], null]), "validityTiers[1]");
  });
});

describe("tiers: pickTier", () => {
  const mm = 1000n * USD;

  it("picks the highest tier met", () => {
    expect(pickTier({ equity: 5000n * USD, maintenanceMargin: mm }, TIERS)).to.equal(3);
    expect(pickTier({ equity: 2500n * USD, maintenanceMargin: mm }, TIERS)).to.equal(2);
    expect(pickTier({ equity: 1600n * USD, maintenanceMargin: mm }, TIERS)).to.equal(1);
    expect(pickTier({ equity: 1200n * USD, maintenanceMargin: mm }, TIERS)).to.equal(0);
    expect(pickTier({ equity: 999n * USD, maintenanceMargin: mm }, TIERS)).to.equal(null);
  });

  it("meets a tier at the exact boundary, not one unit below", () => {
    // 10000 * 3 == 15000 * 2: tier 1 met exactly
    expect(solventAt({ equity: 3n, maintenanceMargin: 2n }, 15000n)).to.equal(true);
    expect(pickTier({ equity: 3n, maintenanceMargin: 2n }, TIERS)).to.equal(1);
    // one unit of equity less: 10000 * 2 < 15000 * 2, and below tier 0 too
    expect(pickTier({ equity: 2n, maintenanceMargin: 2n }, TIERS)).to.equal(0);
    // equity exactly 2.0x of a large MM, then one V less
    const big = 123456789n * USD + 7n;
    expect(pickTier({ equity: 2n * big, maintenanceMargin: big }, TIERS)).to.equal(2);
    expect(pickTier({ equity: 2n * big - 1n, maintenanceMargin: big }, TIERS)).to.equal(1);
    // one bps above the multiplier the portfolio meets exactly
    const justAbove = [TIERS[0], { multiplier: 20001n, ttl: 8n * HOUR }];
    expect(pickTier({ equity: 2n * big, maintenanceMargin: big }, justAbove)).to.equal(0);
  });

  it("returns null for negative equity, even with zero MM", () => {
    expect(pickTier({ equity: -1n, maintenanceMargin: mm }, TIERS)).to.equal(null);
    expect(pickTier({ equity: -1n, maintenanceMargin: 0n }, TIERS)).to.equal(null);
  });

  it("picks the highest tier when the MM is zero", () => {
    expect(pickTier({ equity: 0n, maintenanceMargin: 0n }, TIERS)).to.equal(3);
    expect(pickTier({ equity: 1n, maintenanceMargin: 0n }, TIERS.slice(0, 2))).to.equal(1);
  });

  it("returns null for no tiers", () => {
    expect(pickTier({ equity: USD, maintenanceMargin: 0n }, [])).to.equal(null);
  });

  it("agrees with computeMargin's solvent on a real book", () => {
    // the hand-checked book of margin.test.ts: Equity 65950 USD, MM 18270 USD, health 3.6097...
    const table = buildRiskTable(parseMarket(tinyMarket()), "small");
    const portfolio = toIntegerPortfolio(
      parsePortfolio(
        tinyPortfolio([{ instrument: "BTC-PERP", quantity: "2", costBasis: "118000" }], "-50"),
      ),
      table,
    );
    const amounts = toIntegerBalances(
      parseBalances(tinyBalances({ USDC: "10000", WBTC: "1" })),
      table,
    ).amounts;
    const tiers = [TIERS[0], TIERS[2], { multiplier: 36097n, ttl: 12n * HOUR }];
    const r = computeMargin(table, portfolio, amounts, 10000n);
    expect(pickTier(r, tiers)).to.equal(2);
    expect(pickTier(r, [...tiers, { multiplier: 36098n, ttl: 12n * HOUR }])).to.equal(2);
    for (const m of [10000n, 20000n, 36096n, 36097n, 36098n, 40000n]) {
      const at = computeMargin(table, portfolio, amounts, m);
      expect(solventAt(at, m), `M = ${m}`).to.equal(at.solvent);
    }
    expect(computeMargin(table, portfolio, amounts, 36097n).solvent).to.equal(true);
    expect(computeMargin(table, portfolio, amounts, 36098n).solvent).to.equal(false);
  });
});

describe("tiers: tierValidUntil", () => {
  const epoch = { timestamp: 1_000_000n, expiry: 1_000_000n + HOUR };

  it("is epoch timestamp + the tier's TTL", () => {
    expect(tierValidUntil(TIERS[2], epoch, 0n)).to.equal(1_000_000n + 8n * HOUR);
  });

  it("is never below the epoch's expiry (proofTtl lowered after publication)", () => {
    const late = { timestamp: 1_000_000n, expiry: 1_000_000n + 10n * HOUR };
    expect(tierValidUntil(TIERS[0], late, 0n)).to.equal(late.expiry);
    expect(tierValidUntil(TIERS[2], late, 0n)).to.equal(late.expiry);
    expect(tierValidUntil(TIERS[3], late, 0n)).to.equal(1_000_000n + 24n * HOUR);
  });

  it("never shortens the account's current validity", () => {
    const current = 1_000_000n + 30n * HOUR;
    expect(tierValidUntil(TIERS[3], epoch, current)).to.equal(current);
    expect(tierValidUntil(TIERS[3], epoch, current - 6n * HOUR)).to.equal(1_000_000n + 24n * HOUR);
  });

  it("tier 0 gives the epoch's expiry when it is timestamp + proofTtl", () => {
    expect(tierValidUntil(TIERS[0], epoch, 0n)).to.equal(epoch.expiry);
  });
});
