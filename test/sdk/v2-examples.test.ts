// examples/v2/: the v1 example market with every SPEC 7.1 feature, and one book per feature.
import { expect } from "chai";
import { parseMarket, parseBalances, parsePortfolio } from "../../src/schema";
import { buildRiskTable, RiskTable } from "../../src/risk-table";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { computeMargin, MarginResult } from "../../src/margin";
import { example, USD } from "./helpers";

const market = () => example("v2/market.json");

function margin(table: RiskTable, book: string): MarginResult {
  const p = toIntegerPortfolio(parsePortfolio(example(`v2/portfolio-${book}.json`)), table);
  const b = toIntegerBalances(parseBalances(example(`v2/balances-${book}.json`)), table);
  return computeMargin(table, p, b.amounts, 10000n);
}

describe("examples/v2: one book per SPEC 7.1 feature", () => {
  const table = buildRiskTable(parseMarket(market()));

  it("pairs: long 5 BTC-PERP / short 150 ETH-PERP gets a diversification credit", () => {
    const r = margin(table, "pairs");
    expect(r.diversificationCredit > 0n).to.equal(true);
    expect(r.scan < r.uncorrelatedScan).to.equal(true);
    expect(r.solvent).to.equal(true);
    // without the credit (v1's Scan 81,217.50 USD) the 58,800 USD of equity would not do
    expect(r.equity < r.uncorrelatedScan).to.equal(true);
  });

  it("concentrated: short 120 BTC-PERP pays (120 - 50) x 200 = 14,000 USD of add-on", () => {
    const r = margin(table, "concentrated");
    expect(r.liquidity).to.equal(14000n * USD);
    expect(r.maintenanceMargin).to.equal(r.scan + 14000n * USD);
  });

  it("altcoin: 2,000,000 UNI count as 1,353,300 (tiers 0.40 above 100k, 0.60 above 1M)", () => {
    // f_1 = floor(10000 x 0.60 / 0.75) = 8000, f_2 = floor(10000 x 0.40 / 0.75) = 5333
    // e = 100,000 + 900,000 x 0.8 + 1,000,000 x 0.5333 = 1,353,300 UNI
    const r = margin(table, "altcoin");
    const uni = r.collateral.find((c) => c.symbol === "UNI")!;
    expect(uni.effectiveAmount).to.equal(1_353_300n * 10n ** 18n);
    expect(r.liquidity).to.equal(40000n * USD); // UNI-PERP: 200,000 above 200,000 x 0.2
  });

  it("short-dated: the tenor-scaled vol shock raises the scan of a 5-day long strangle (worst: 0 vol down)", () => {
    const flat = market() as { groups: Array<Record<string, unknown>> };
    flat.groups.forEach((g) => delete g.vsrTenor);
    const without = margin(buildRiskTable(parseMarket(flat)), "short-dated");
    const withTenor = margin(table, "short-dated");
    // VSR of a 4.8-day option: 0.25 x (30 / 4.82)^0.3 = 0.43 instead of 0.25
    expect(withTenor.groups[0].worstScenarioLabel).to.equal("0 vol down");
    expect(withTenor.groups[0].requirement > without.groups[0].requirement).to.equal(true);
  });
});
