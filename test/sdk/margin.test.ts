import { expect } from "chai";
import { parseMarket, parsePortfolio, parseBalances } from "../../src/schema";
import { buildRiskTable, RiskTable } from "../../src/risk-table";
import { toIntegerPortfolio, toIntegerBalances, IntegerPortfolio } from "../../src/portfolio";
import { computeMargin, parseMultiplier } from "../../src/margin";
import { marginReportJson, healthString } from "../../src/report";
import { formatScaled } from "../../src/decimal";
import { MARGIN_REPORT_KEYS, tinyMarket, tinyPortfolio, tinyBalances, USD } from "./helpers";

function setup(
  positions: Array<{ instrument: string; quantity: string; costBasis: string }>,
  balances: Record<string, string>,
  cash = "0",
) {
  const table = buildRiskTable(parseMarket(tinyMarket()), "small");
  const portfolio = toIntegerPortfolio(parsePortfolio(tinyPortfolio(positions, cash)), table);
  const amounts = toIntegerBalances(parseBalances(tinyBalances(balances)), table).amounts;
  return { table, portfolio, amounts };
}

describe("margin: hand-checked perpetual book", () => {
  // BTC at 60000, psr 0.1 => one PSR = 6000 USD per BTC. Long 2 BTC-PERP, 1 WBTC (haircut 10%), 10000 USDC.
  const { table, portfolio, amounts } = setup(
    [{ instrument: "BTC-PERP", quantity: "2", costBasis: "118000" }],
    { USDC: "10000", WBTC: "1" },
    "-50",
  );
  const r = computeMargin(table, portfolio, amounts, 10000n);
  const k = [0, 0, 1 / 3, 1 / 3, -1 / 3, -1 / 3, 2 / 3, 2 / 3, -2 / 3, -2 / 3, 1, 1, -1, -1, 3, -3];
  const c = [...new Array<number>(14).fill(1), 0.35, 0.35];

  it("computes HC_0, NLV and Equity", () => {
    // HC_0 = 10000 * 1 + 1 * 60000 * 0.9 = 64000; NLV = 2 * 60000 - 118000 - 50 = 1950
    expect(r.haircutCollateral).to.equal(64000n * USD);
    expect(r.netLiquidationValue).to.equal(1950n * USD);
    expect(r.equity).to.equal(65950n * USD);
  });
  it("computes every scenario loss by hand", () => {
    for (let s = 0; s < 16; s++) {
      // perp loss: -2 * 6000 * k * c ; WBTC loss: 54000 * 0.1 * k * c (the token falls with BTC)
      const lossUsd = -2 * 6000 * k[s] * c[s] - 54000 * 0.1 * k[s] * c[s];
      const got = Number(r.groups[0].req[s]) / 1e30;
      expect(got, `scenario ${s}`).to.be.closeTo(lossUsd, 1e-9);
    }
    // worst: s = 15 (-3 x 35%): 12000 * 1.05 + 5400 * 1.05 = 18270
    expect(r.groups[0].worstScenario).to.equal(15);
    expect(r.groups[0].requirement).to.equal(18270n * USD);
    expect(r.scan).to.equal(18270n * USD);
  });
  it("computes Floor, MM, health and solvency", () => {
    expect(r.floor).to.equal(200n * USD); // 2 contracts x 100 USD
    expect(r.maintenanceMargin).to.equal(18270n * USD);
    expect(healthString(r)).to.equal("3.6097"); // 65950 / 18270 = 3.60974...
    expect(r.solvent).to.equal(true);
    expect(r.witnesses).to.deep.equal([18270n * USD, 0n]);
  });
  it("reports the SPEC section 5 keys", () => {
    const j = marginReportJson(r) as Record<string, unknown>;
    expect(Object.keys(j)).to.include.members([...MARGIN_REPORT_KEYS]);
    expect(j.equity).to.equal("65950");
    expect(
      (j.scan as Record<string, { requirement: string; worstScenario: number }>).BTC,
    ).to.include({ requirement: "18270", worstScenario: 15 });
    expect((j.raw as Record<string, string>).equity).to.equal((65950n * USD).toString());
  });
  it("returns a null health when MM = 0", () => {
    const e = setup([], { USDC: "5" });
    const m = computeMargin(e.table, e.portfolio, e.amounts, 10000n);
    expect(m.maintenanceMargin).to.equal(0n);
    expect(healthString(m)).to.equal(null);
    expect(m.solvent).to.equal(true);
  });
});

describe("margin: exactly on the solvency boundary", () => {
  function boundary(m: bigint) {
    const { table, portfolio, amounts } = setup(
      [{ instrument: "BTC-PERP", quantity: "-1.23456789", costBasis: "-74000.123" }],
      { USDC: "1000.5", WBTC: "0.0123" },
    );
    const base = computeMargin(table, portfolio, amounts, m);
    const equityWithoutCash = base.equity - portfolio.cash;
    // smallest Equity with 10000 * Equity >= M * MM
    const need = (m * base.maintenanceMargin + 9999n) / 10000n;
    const cashAt = need - equityWithoutCash;
    return { table, portfolio, amounts, cashAt };
  }
  for (const m of [10000n, 12500n, 10001n]) {
    it(`M = ${m}: solvent at equality, insolvent one V below (also through portfolio.json)`, () => {
      const { table, portfolio, amounts, cashAt } = boundary(m);
      const at: IntegerPortfolio = { ...portfolio, cash: cashAt };
      const below: IntegerPortfolio = { ...portfolio, cash: cashAt - 1n };
      const rAt = computeMargin(table, at, amounts, m);
      const rBelow = computeMargin(table, below, amounts, m);
      expect(rAt.solvent).to.equal(true);
      expect(rBelow.solvent).to.equal(false);
      const slack = 10000n * rAt.equity - m * rAt.maintenanceMargin;
      expect(slack >= 0n && slack < 10000n, `slack ${slack}`).to.equal(true);
      // the same through the human decimal string of cash (30 decimals = 1 V)
      const viaJson = toIntegerPortfolio(
        parsePortfolio(
          tinyPortfolio(
            [{ instrument: "BTC-PERP", quantity: "-1.23456789", costBasis: "-74000.123" }],
            formatScaled(cashAt - 1n, 30),
          ),
        ),
        table,
      );
      expect(viaJson.cash).to.equal(cashAt - 1n);
      expect(computeMargin(table, viaJson, amounts, m).solvent).to.equal(false);
    });
  }
  it("negative equity is insolvent even with MM = 0", () => {
    const e = setup([], {}, "-0.000000000000000000000000000001");
    const r = computeMargin(e.table, e.portfolio, e.amounts, 10000n);
    expect(r.maintenanceMargin).to.equal(0n);
    expect(r.solvent).to.equal(false);
  });
});

describe("margin multiplier", () => {
  it("parses basis points", () => {
    expect(parseMultiplier("1.0")).to.equal(10000n);
    expect(parseMultiplier("1.25")).to.equal(12500n);
    expect(parseMultiplier("100")).to.equal(1000000n);
    expect(parseMultiplier("1.0001")).to.equal(10001n);
  });
  for (const bad of ["0.9999", "100.0001", "1.00001", "1e0", "", "abc"]) {
    it(`refuses ${JSON.stringify(bad)}`, () =>
      expect(() => parseMultiplier(bad, "--multiplier")).to.throw(/--multiplier/));
  }
  it("names the value's source, not a command-line flag, by default", () =>
    expect(() => parseMultiplier("0.5")).to.throw(/^multiplier: 0\.5: must be in 1\.0\.\.100\.0$/));
});

describe("rounding directions (PROTOCOL section 3)", () => {
  function tableOf(market: Record<string, unknown>): RiskTable {
    return buildRiskTable(parseMarket(market), "small");
  }
  it("collateral unit values round down", () => {
    const m = tinyMarket();
    // 19 USD per token, 31 decimals: 19e30 / 1e31 = 1.9 V per base unit -> 1
    m.collateral = [
      { symbol: "ODD", token: "0x" + "33".repeat(20), decimals: 31, price: "19", haircut: "0" },
    ];
    expect(tableOf(m).collateral[0].unitValues[0]).to.equal(1n);
    // a group token: 1 + k psr with k = 1/3 => 54e25 * 31/30 exactly (integral) vs k = 2/3 psr 0.07
    const m2 = tinyMarket();
    (m2.groups as Array<Record<string, string>>)[0].psr = "0.07";
    m2.collateral = [
      {
        symbol: "W",
        token: "0x" + "44".repeat(20),
        decimals: 8,
        price: "1",
        haircut: "0",
        group: "BTC",
      },
    ];
    const u = tableOf(m2).collateral[0].unitValues;
    // U[2] = 1e22 * (1 + 0.07/3) = 1.0233...e22 -> floor
    expect(u[2]).to.equal(10233333333333333333333n);
    expect(u[4]).to.equal(9766666666666666666666n); // 0.97666...e22 -> floor
  });
  it("scenario losses and floors round up, marks to nearest (halves away from zero)", () => {
    const m = tinyMarket();
    (m.groups as Array<Record<string, string>>)[0].psr = "0.1";
    m.instruments = [
      {
        id: "A",
        group: "BTC",
        kind: "future",
        mark: "1",
        multiplier: "1",
        floor: "0.00000000000000000000001",
      },
      {
        id: "B",
        group: "BTC",
        kind: "future",
        mark: "0.00000000000000000000005",
        multiplier: "1",
        floor: "0",
      },
      {
        id: "C",
        group: "BTC",
        kind: "future",
        mark: "0.00000000000000000000004",
        multiplier: "1",
        floor: "0",
      },
      {
        id: "D",
        group: "BTC",
        kind: "future",
        mark: "0.000000000000000000000025",
        multiplier: "2",
        floor: "0",
      },
    ];
    const t = tableOf(m);
    // R[A][s] = -1 * k * 0.1 * 1e22 ; k = 1/3 => -3.33e20 -> ceil toward +inf ; k = -1/3 => +3.33e20 -> ceil
    expect(t.instruments[0].risk[2]).to.equal(-333333333333333333333n);
    expect(t.instruments[0].risk[4]).to.equal(333333333333333333334n);
    expect(t.instruments[0].floor).to.equal(1n); // 0.1 -> 1
    expect(t.instruments[1].mark).to.equal(1n); // 0.5 -> 1
    expect(t.instruments[2].mark).to.equal(0n); // 0.4 -> 0
    expect(t.instruments[3].mark).to.equal(1n); // 0.25 x 2 = 0.5 -> 1
  });
  it("expired options use the exact intrinsic value", () => {
    const m = tinyMarket();
    m.instruments = [
      {
        id: "X-C",
        group: "BTC",
        kind: "option",
        right: "call",
        strike: "59000",
        expiry: 1763900000,
        iv: "0.5",
        mark: "1000",
        multiplier: "1",
        floor: "0",
      },
    ];
    const t = tableOf(m);
    // s = 10: price 66000 -> intrinsic 7000, loss = 1000 - 7000 = -6000 USD per contract
    expect(t.instruments[0].risk[10]).to.equal(-6000n * 10n ** 22n);
    // s = 12: price 54000 -> intrinsic 0, loss = 1000
    expect(t.instruments[0].risk[12]).to.equal(1000n * 10n ** 22n);
    // s = 15: price 60000 * (1 - 0.3) = 42000, loss 1000 x 0.35
    expect(t.instruments[0].risk[15]).to.equal(350n * 10n ** 22n);
  });
});
