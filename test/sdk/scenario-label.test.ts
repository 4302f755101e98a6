/**
 * Scenario labels in words and prices (src/report/scenario-label.ts, issue 17 point 7): every
 * scenario of examples/market.json's groups, by hand (P_g (1 + k_s PSR_g), BTC 86500 psr 0.08,
 * ETH 2850 psr 0.10), a caller's group price, the price format, the joint labels and errors.
 */
import { expect } from "chai";
import { ArgumentError } from "../../src/errors";
import { buildRiskTable } from "../../src/risk-table";
import { parseMarket } from "../../src/schema";
import { rat } from "../../src/decimal";
import {
  describeScenario,
  formatPercent,
  formatPrice,
  jointScenarioLabels,
  scenarioLabel,
  scenarioShortLabel,
} from "../../src/report";
import { example } from "./helpers";

const table = buildRiskTable(parseMarket(example("market.json"), "market.json"));

// [move, price] per k: 0, 1/3, -1/3, 2/3, -2/3, 1, -1 (each vol up then down), +3, -3.
const MOVES: Record<string, Array<[string, string]>> = {
  BTC: [
    ["0%", "86,500"],
    ["+2.67%", "88,807"],
    ["-2.67%", "84,193"],
    ["+5.33%", "91,113"],
    ["-5.33%", "81,887"],
    ["+8%", "93,420"],
    ["-8%", "79,580"],
    ["+24%", "107,260"],
    ["-24%", "65,740"],
  ],
  ETH: [
    ["0%", "2,850"],
    ["+3.33%", "2,945"],
    ["-3.33%", "2,755"],
    ["+6.67%", "3,040"],
    ["-6.67%", "2,660"],
    ["+10%", "3,135"],
    ["-10%", "2,565"],
    ["+30%", "3,705"],
    ["-30%", "1,995"],
  ],
};

function expected(group: string, s: number): { long: string; short: string } {
  const [move, price] = MOVES[group][s < 14 ? Math.floor(s / 2) : s - 7];
  const where = move === "0%" ? `unchanged at ${price}` : `${move} to ${price}`;
  if (s >= 14)
    return {
      long: `${group} ${where}, vol unchanged, 35% weight`,
      short: `${move} vol flat (35%)`,
    };
  const vol = s % 2 === 0 ? "up" : "down";
  return { long: `${group} ${where}, vol ${vol}`, short: `${move} vol ${vol}` };
}

describe("scenario labels in words and prices", () => {
  it("names every scenario of the example market's groups", () => {
    expect(table.scenarios.length).to.equal(16);
    for (const g of table.groups)
      for (let s = 0; s < table.scenarios.length; s++) {
        const e = expected(g.id, s);
        expect(scenarioLabel(table, g.id, s), `${g.id} s=${s}`).to.equal(e.long);
        expect(scenarioShortLabel(table, g.index, s), `${g.id} s=${s}`).to.equal(e.short);
      }
    expect(scenarioLabel(table, "BTC", 15)).to.equal(
      "BTC -24% to 65,740, vol unchanged, 35% weight",
    );
    expect(scenarioLabel(table, "ETH", 12)).to.equal("ETH -10% to 2,565, vol up");
  });

  it("keeps the exact figures: move, price, weight, vol", () => {
    const d = describeScenario(table, "BTC", 2);
    expect(d.move).to.deep.equal(rat(2n, 75n)); // 1/3 x 0.08
    expect(d.price).to.deep.equal(rat(266420n, 3n)); // 86500 x 77/75
    expect(d.groupPrice).to.deep.equal(rat(86500n));
    expect(d.vol).to.equal("up");
    expect(d.weight).to.deep.equal(rat(1n));
    expect(d.weightText).to.equal(null);
    const x = describeScenario(table, "ETH", 14);
    expect([x.vol, x.weightText, x.moveText, x.priceText]).to.deep.equal([
      "unchanged",
      "35%",
      "+30%",
      "3,705",
    ]);
  });

  it("takes another group price (the issue's example: BTC at 61000)", () => {
    expect(scenarioLabel(table, "BTC", 15, "61000")).to.equal(
      "BTC -24% to 46,360, vol unchanged, 35% weight",
    );
    expect(scenarioLabel(table, "BTC", 0, "61000.5")).to.equal("BTC unchanged at 61,001, vol up");
  });

  it("formats prices and percentages for people", () => {
    expect(formatPrice(rat(266420n, 3n))).to.equal("88,807");
    expect(formatPrice(rat(624n, 100n))).to.equal("6.24");
    expect(formatPrice(rat(65n, 10n))).to.equal("6.5");
    expect(formatPrice(rat(1n, 3n))).to.equal("0.333333");
    expect(formatPrice(rat(99999n, 100n))).to.equal("999.99");
    expect(formatPercent(rat(-6n, 25n), true)).to.equal("-24%");
    expect(formatPercent(rat(1n, 300n), true)).to.equal("+0.33%");
    expect(formatPercent(rat(0n), true)).to.equal("0%");
    expect(formatPercent(rat(7n, 20n))).to.equal("35%");
  });

  it("names a joint scenario across the groups", () => {
    expect(jointScenarioLabels(table, 15)).to.deep.equal({
      long: "every group -3 PSR (BTC -24% to 65,740, ETH -30% to 1,995), vol unchanged, 35% weight",
      short: "-3 PSR vol flat (35%)",
    });
    expect(jointScenarioLabels(table, 3)).to.deep.equal({
      long: "every group +1/3 PSR (BTC +2.67% to 88,807, ETH +3.33% to 2,945), vol down",
      short: "+1/3 PSR vol down",
    });
    expect(jointScenarioLabels(table, 0).long).to.equal(
      "every group 0 PSR (BTC at 86,500, ETH at 2,850), vol up",
    );
  });

  it("refuses an unknown group or scenario with an ArgumentError", () => {
    expect(() => scenarioLabel(table, "SOL", 0)).to.throw(ArgumentError, /no group "SOL"/);
    expect(() => scenarioLabel(table, 5, 0)).to.throw(ArgumentError, /no group 5/);
    expect(() => scenarioLabel(table, "BTC", 16)).to.throw(ArgumentError, /0\.\.15/);
    expect(() => scenarioLabel(table, "BTC", 0, "abc")).to.throw(ArgumentError, /BTC\.price/);
  });
});
