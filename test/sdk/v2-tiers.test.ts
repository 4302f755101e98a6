// Tiered collateral haircuts (SPEC 7.1 `collateral[].tiers`): hand-computed effective amounts.
//
// ALT: 0 decimals (one base unit = one token), price 10, base haircut h_0 = 0.2, group ALT
// (psr 0.1). Tiers: above 100 -> haircut 0.5, above 1000 -> haircut 0.8.
//   f_1 = floor(10000 x 0.5 / 0.8) = 6250,  f_2 = floor(10000 x 0.2 / 0.8) = 2500
//   A_1 = 100, A_2 = 1000 (base units)
//   e(a) = min(a, 100) + floor(min(max(a - 100, 0), 900) x 6250 / 10000)
//                      + floor(max(a - 1000, 0) x 2500 / 10000)
// U[0] = 10 x 0.8 = 8 USD per token (v1's, base haircut).
import { expect } from "chai";
import { effectiveAmount } from "../../src/margin";
import { USD } from "./helpers";
import { v2Margin, v2Table } from "./v2-market";

const TIERS = {
  ALT: [
    { above: "100", haircut: "0.5" },
    { above: "1000", haircut: "0.8" },
  ],
};

describe("tiered haircuts: the effective amount e_j", () => {
  const table = v2Table({ tiers: TIERS });
  const alt = table.collateral[1];
  const e = (a: bigint) => effectiveAmount(a, alt.tiers);

  it("compiles A_t and f_t", () => {
    expect(alt.tiers.map((t) => [t.aboveUnits, t.factor])).to.deep.equal([
      [100n, 6250],
      [1000n, 2500],
    ]);
    expect(alt.haircut).to.equal("0.2");
  });

  it("is a_j below and at the first boundary, and one unit either side of it", () => {
    expect(e(0n)).to.equal(0n);
    expect(e(99n)).to.equal(99n); // all in tier 0
    expect(e(100n)).to.equal(100n); // boundary: part_1 = 0
    expect(e(101n)).to.equal(100n); // 100 + floor(1 x 0.625) = 100 + 0
    expect(e(102n)).to.equal(101n); // 100 + floor(2 x 0.625) = 100 + 1
  });

  it("rounds each tier's part down (floor per tier, not of the sum)", () => {
    // a = 1000: 100 + floor(900 x 0.625 = 562.5) = 662
    expect(e(1000n)).to.equal(662n);
    expect(e(999n)).to.equal(661n); // 100 + floor(899 x 0.625 = 561.875)
    expect(e(1001n)).to.equal(662n); // 662 + floor(1 x 0.25) = 662 + 0
    expect(e(1004n)).to.equal(663n); // 662 + floor(4 x 0.25) = 663
    // over both tiers: a = 5000: 100 + 562 + floor(4000 x 0.25) = 1662
    expect(e(5000n)).to.equal(1662n);
    // one tier only: with f = 6250 from 100 on, 5000 -> 100 + floor(4900 x 0.625 = 3062.5)
    expect(effectiveAmount(5000n, alt.tiers.slice(0, 1))).to.equal(3162n);
    // no tiers: e = a
    expect(effectiveAmount(5000n, [])).to.equal(5000n);
  });

  it("replaces a_j in HC_0, Equity and the wrong-way term; U stays v1's", () => {
    const r = v2Margin(table, [], { ALT: "5000" });
    // HC_0 = e U[0] = 1662 x 8 = 13296 USD (the tier reading 800 + 4500 + 8000 = 13300 less
    // the half token the floor of part_1 drops: 0.5 x 8 = 4)
    expect(r.effectiveAmounts.slice(0, 2)).to.deep.equal([0n, 1662n]);
    expect(r.haircutCollateral).to.equal(13296n * USD);
    expect(r.equity).to.equal(13296n * USD);
    // wrong way, s = 15 (-3 x 35%): e x (U[0] - U[15]) = 1662 x 8 x 0.105 = 1396.08 USD
    expect(r.groups[2].worstScenario).to.equal(15);
    expect(r.groups[2].requirement).to.equal((139608n * USD) / 100n);
    expect(r.scan).to.equal((139608n * USD) / 100n);
    expect(r.collateral[1]).to.include({ amount: 5000n, effectiveAmount: 1662n, tiered: true });
    expect(r.features).to.deep.equal({ correlation: false, concentration: false, tiers: true });
  });

  it("a token whose tier haircut equals its own has f = 10000 and e = a", () => {
    const t = v2Table({ tiers: { ALT: [{ above: "100", haircut: "0.2" }] } });
    expect(t.collateral[1].tiers[0].factor).to.equal(10000);
    expect(effectiveAmount(12345n, t.collateral[1].tiers)).to.equal(12345n);
  });

  it("floors f_t: haircut 0.3 over base 0.2 gives floor(10000 x 0.7 / 0.8) = 8750; 0.33 gives 8375", () => {
    const t = v2Table({
      tiers: {
        ALT: [
          { above: "10", haircut: "0.3" },
          { above: "20", haircut: "0.33" },
        ],
      },
    });
    expect(t.collateral[1].tiers.map((x) => x.factor)).to.deep.equal([8750, 8375]);
    // 0.67 / 0.8 = 0.8375 exactly; a haircut of 0.3333 gives 6667/8000 = 0.833375 -> 8333
    const u = v2Table({ tiers: { ALT: [{ above: "10", haircut: "0.3333" }] } });
    expect(u.collateral[1].tiers[0].factor).to.equal(8333);
  });
});
