/**
 * Property test, the SDK reference against the circuit, bit for bit (issue 14): random markets
 * of the small instance that use every SPEC 7.1 feature (correlations, concentration add-ons,
 * one or two collateral tiers, vsrTenor, options), random books and balances, built through the
 * SDK exactly as `zkmargin prove` does (parseMarket -> buildRiskTable -> buildCircuitInput).
 * For each case the cash is set to the exact solvency boundary the SDK computes,
 * ceil(M * MM / 10000) - (Equity without cash): the circuit must accept it, and refuse one V
 * less. A maintenance margin, equity or witness one V away from the circuit's in either
 * direction fails one of the two.
 */
import fc from "fast-check";
import { expect } from "chai";
import { WitnessTester } from "./tester";
import type { SolvencyTester } from "./signals";
import { buildCircuitInput } from "../../src/circuit-input";
import { computeMargin } from "../../src/margin";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { buildRiskTable } from "../../src/risk-table";
import { parseBalances, parseMarket, parsePortfolio } from "../../src/schema";

const ACCOUNT = "0x" + "ab".repeat(20);
const bps = (n: number): string => (n / 10000).toFixed(4);

/** A V amount (1e-30 USD) as an exact USD decimal. */
function usd(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const s = a.toString().padStart(31, "0");
  return `${neg ? "-" : ""}${s.slice(0, -30)}.${s.slice(-30)}`;
}

const caseArb = fc.record({
  rho: fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 })),
  power: fc.integer({ min: 0, max: 10 }),
  conc: fc.array(
    fc.option(
      fc.record({
        threshold: fc.integer({ min: 0, max: 40 }),
        charge: fc.integer({ min: 0, max: 900 }),
      }),
    ),
    { minLength: 4, maxLength: 4 },
  ),
  tiers: fc.record({
    above1: fc.integer({ min: 1, max: 30 }),
    step: fc.integer({ min: 1, max: 30 }),
    two: fc.boolean(),
    h1: fc.integer({ min: 0, max: 3000 }),
    h2: fc.integer({ min: 0, max: 3000 }),
  }),
  positions: fc.uniqueArray(
    fc.record({
      instrument: fc.integer({ min: 0, max: 3 }),
      contracts: fc.integer({ min: -60, max: 60 }).filter((q) => q !== 0),
    }),
    { maxLength: 4, selector: (p) => p.instrument },
  ),
  amounts: fc.tuple(
    fc.integer({ min: 0, max: 2_000_000 }),
    fc.integer({ min: 0, max: 80 }),
    fc.integer({ min: 0, max: 900 }),
  ),
  multiplier: fc.integer({ min: 10000, max: 30000 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const IDS = ["BTC-PERP", "ETH-PERP", "BTC-C-90000", "ETH-P-2800"];

function marketOf(c: Case): Record<string, unknown> {
  const base = 0.05; // WETH's own haircut
  const h1 = base + c.tiers.h1 / 10000;
  const h2 = h1 + c.tiers.h2 / 10000;
  const tiers = [{ above: String(c.tiers.above1), haircut: h1.toFixed(4) }];
  if (c.tiers.two)
    tiers.push({ above: String(c.tiers.above1 + c.tiers.step), haircut: h2.toFixed(4) });
  const conc = (i: number) => {
    const x = c.conc[i];
    return x ? { concentration: { threshold: String(x.threshold), charge: String(x.charge) } } : {};
  };
  return {
    version: 1,
    epoch: 7,
    timestamp: 1764000000,
    groups: [
      {
        id: "BTC",
        price: "86500",
        psr: "0.08",
        vsr: "0.25",
        correlation: bps(c.rho[0]),
        vsrTenor: { days: "30", power: (c.power / 10).toFixed(1) },
      },
      { id: "ETH", price: "2850", psr: "0.1", vsr: "0.3", correlation: bps(c.rho[1]) },
    ],
    collateral: [
      { symbol: "USDC", token: "0x" + "11".repeat(20), decimals: 6, price: "1", haircut: "0.02" },
      {
        symbol: "WBTC",
        token: "0x" + "22".repeat(20),
        decimals: 8,
        price: "86500",
        haircut: "0.1",
        group: "BTC",
      },
      {
        symbol: "WETH",
        token: "0x" + "33".repeat(20),
        decimals: 18,
        price: "2850",
        haircut: base.toFixed(2),
        group: "ETH",
        tiers,
      },
    ],
    instruments: [
      {
        id: IDS[0],
        group: "BTC",
        kind: "perpetual",
        mark: "86500",
        multiplier: "1",
        floor: "865",
        ...conc(0),
      },
      {
        id: IDS[1],
        group: "ETH",
        kind: "perpetual",
        mark: "2850",
        multiplier: "1",
        floor: "28.5",
        ...conc(1),
      },
      {
        id: IDS[2],
        group: "BTC",
        kind: "option",
        right: "call",
        strike: "90000",
        expiry: 1764000000 + 5 * 86400,
        iv: "0.52",
        mark: "1500",
        multiplier: "1",
        floor: "432.5",
        ...conc(2),
      },
      {
        id: IDS[3],
        group: "ETH",
        kind: "option",
        right: "put",
        strike: "2800",
        expiry: 1764000000 + 40 * 86400,
        iv: "0.6",
        mark: "160",
        multiplier: "1",
        floor: "28",
        ...conc(3),
      },
    ],
  };
}

describe("Solvency(4, 4, 2, 16, 4, 2) agrees with the SDK on random v2 markets, at the boundary (fast-check)", () => {
  let circuit: SolvencyTester;
  before(async () => {
    circuit = await WitnessTester.fromInstance("small");
  });

  it("accepts the SDK's exact solvency boundary and refuses one V less (300 cases)", async () => {
    const seen = { joint: 0, liquidity: 0, tiered: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const table = buildRiskTable(parseMarket(marketOf(c)), "small");
        const book = (cash: bigint) =>
          toIntegerPortfolio(
            parsePortfolio({
              version: 1,
              account: ACCOUNT,
              positions: c.positions.map((p) => ({
                instrument: IDS[p.instrument],
                quantity: String(p.contracts),
                costBasis: "0",
              })),
              cash: usd(cash),
              nonce: 1,
              salt: "0x01",
            }),
            table,
          );
        const balances = toIntegerBalances(
          parseBalances({
            version: 1,
            account: ACCOUNT,
            balances: {
              USDC: String(c.amounts[0]),
              WBTC: String(c.amounts[1]),
              WETH: String(c.amounts[2]),
            },
          }),
          table,
        );
        const M = BigInt(c.multiplier);
        const zero = computeMargin(table, book(0n), balances.amounts, M);
        const mm = zero.maintenanceMargin;
        const need = (M * mm + 9999n) / 10000n; // smallest Equity with 10000 E >= M MM
        const cash = need - zero.equity;
        const at = book(cash);
        const m = computeMargin(table, at, balances.amounts, M);
        expect(m.solvent).to.equal(true);
        if (m.jointWitness > 0n) seen.joint++;
        if (m.liquidity > 0n) seen.liquidity++;
        if (m.effectiveAmounts[2] < balances.amounts[2]) seen.tiered++;
        await circuit.expectPass(buildCircuitInput(table, at, balances, M, m));
        const below = book(cash - 1n);
        const mb = computeMargin(table, below, balances.amounts, M);
        expect(mb.solvent).to.equal(false);
        await circuit.expectFail(
          buildCircuitInput(table, below, balances, M, mb),
          "Num2Bits<GreaterEq<SolvencyInequality",
        );
      }),
      { numRuns: 300, seed: 20261207 },
    );
    // the generator reaches every feature
    expect(seen.joint).to.be.greaterThan(30);
    expect(seen.liquidity).to.be.greaterThan(30);
    expect(seen.tiered).to.be.greaterThan(30);
  });
});
