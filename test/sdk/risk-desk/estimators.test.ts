// Reference tests of the risk desk's estimators (src/risk-desk/estimators): each against a
// value computed by hand (the arithmetic is in the comments).
import { expect } from "chai";
import { ArgumentError } from "../../../src/errors";
import {
  averageDailyVolume,
  concentrationFor,
  equalWeightFactor,
  ewmaVolatility,
  expectedShortfall,
  factorCorrelations,
  filteredHistoricalSimulation,
  haircutFromReturns,
  lossesOf,
  pearson,
  roundDown4,
  roundUp4,
  tailRisk,
  tierExtraBars,
  tiersFromVolume,
  volatilityChanges,
  volatilityScanRange,
} from "../../../src/risk-desk/estimators";

const close = (a: number, b: number, tol = 1e-12) => expect(a).to.be.closeTo(b, tol);

describe("risk desk estimators (hand-computed references)", () => {
  it("EWMA: a 5-return series, seeded with the mean square of the first 2", () => {
    // seed v0 = (0.01^2 + 0.02^2) / 2 = 0.00025
    // v1 = 0.94 v0 + 0.06 (0.01)^2 = 0.000241
    // v2 = 0.94 v1 + 0.06 (0.02)^2 = 0.00025054
    // v3 = 0.94 v2 + 0.06 (0.03)^2 = 0.0002895076
    // v4 = 0.94 v3 + 0.06 (0)^2    = 0.000272137144
    // v5 = 0.94 v4 + 0.06 (0.01)^2 = 0.00026180891536   (the forecast)
    const e = ewmaVolatility([0.01, -0.02, 0.03, 0, -0.01], 0.94, 2);
    close(e.seedVariance, 0.00025);
    const v = [0.00025, 0.000241, 0.00025054, 0.0002895076, 0.000272137144];
    e.sigma.forEach((s, t) => close(s, Math.sqrt(v[t]), 1e-15));
    close(e.forecast, Math.sqrt(0.00026180891536), 1e-15);
    // the default seed window (30) covers all 5: (1 + 4 + 9 + 0 + 1) e-4 / 5 = 0.0003
    close(ewmaVolatility([0.01, -0.02, 0.03, 0, -0.01]).seedVariance, 0.0003);
  });

  it("EWMA refuses a lambda outside (0, 1) and non-finite returns", () => {
    expect(() => ewmaVolatility([0.01], 1)).to.throw(ArgumentError, /lambda/);
    expect(() => ewmaVolatility([0.01, NaN])).to.throw(ArgumentError, /returns\[1\]/);
  });

  it("ES and VaR of the losses 1..100 at 0.95 and 0.99, and a fractional tail", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    // w = 5: ES = (100 + 99 + 98 + 97 + 96) / 5 = 98, VaR = L_(6) = 95
    expect(tailRisk(xs, 0.95)).to.deep.equal({ var: 95, es: 98 });
    // w = 1: ES = 100, VaR = L_(2) = 99
    expect(tailRisk(xs, 0.99)).to.deep.equal({ var: 99, es: 100 });
    // 1..10 at 0.75: w = 2.5, ES = (10 + 9 + 0.5 x 8) / 2.5 = 9.2, VaR = 8
    const t = tailRisk([3, 1, 4, 10, 5, 9, 2, 6, 8, 7], 0.75);
    close(t.es, 9.2);
    expect(t.var).to.equal(8);
    // fewer than 1/alpha observations: the largest loss
    expect(expectedShortfall([1, 2, 3], 0.99)).to.equal(3);
    expect(() => expectedShortfall([], 0.99)).to.throw(ArgumentError);
    expect(() => expectedShortfall([1], 1)).to.throw(ArgumentError, /confidence/);
  });

  it("Pearson and factor correlations of a known pair", () => {
    // x = 1..5, y = 2,4,5,4,5: sxy = 6, sxx = 10, syy = 6 -> r = 6 / sqrt(60) = 0.774596...
    const x = [1, 2, 3, 4, 5];
    const y = [2, 4, 5, 4, 5];
    close(pearson(x, y), 6 / Math.sqrt(60));
    // factor f = (x + y) / 2 = 1.5,3,4,4,5: sxf = 8, sff = 7 -> corr(x,f) = 8 / sqrt(70) = 0.95618
    // corr(y,f) = 6 / sqrt(42) = 0.92582; rounded DOWN to 4 decimals
    expect(equalWeightFactor([x, y])).to.deep.equal([1.5, 3, 4, 4, 5]);
    expect(factorCorrelations([x, y]).map((c) => c.rho)).to.deep.equal(["0.9561", "0.9258"]);
    // a named factor: x itself -> 1 for x; a negative correlation is clamped to 0
    const neg = x.map((v) => -v);
    expect(factorCorrelations([x, neg], 0).map((c) => c.rho)).to.deep.equal(["1.0000", "0.0000"]);
    expect(pearson([1, 1, 1], [1, 2, 3])).to.equal(0);
  });

  it("FHS, one bar or less: today's sigma times each residual, scaled by sqrt(n)", () => {
    // constant |r| = 0.01: sigma stays 0.01, residuals +-1
    const r = Array.from({ length: 40 }, (_, t) => (t % 2 ? -0.01 : 0.01));
    const f = filteredHistoricalSimulation(r, [0.25, 1]);
    close(f.ewma.forecast, 0.01);
    expect(f.samples[0].length).to.equal(f.residuals.length);
    f.samples[0].forEach((R, i) => close(R, Math.expm1(0.5 * 0.01 * f.residuals[i])));
    f.samples[1].forEach((R, i) => close(R, Math.expm1(0.01 * f.residuals[i])));
  });

  it("FHS, n > 1: bootstrap paths with a fractional last bar, deterministic by seed", () => {
    // all returns +0.01: sigma 0.01, every residual 1, the EWMA stays at 0.01 along the path,
    // so every 2.5-bar path is 0.01 + 0.01 + sqrt(0.5) 0.01
    const up = new Array<number>(50).fill(0.01);
    const f = filteredHistoricalSimulation(up, [2.5], { paths: 100 });
    expect(f.samples[0].length).to.equal(100);
    for (const R of f.samples[0]) close(R, Math.expm1(0.02 + Math.sqrt(0.5) * 0.01), 1e-15);
    // +-0.01: two-bar sums 0.02, 0, -0.02 with probabilities 1/4, 1/2, 1/4
    const pm = Array.from({ length: 40 }, (_, t) => (t % 2 ? -0.01 : 0.01));
    const g = filteredHistoricalSimulation(pm, [2], { paths: 10_000, seed: 7 });
    const zero = g.samples[0].filter((R) => Math.abs(R) < 1e-12).length / 10_000;
    expect(zero).to.be.closeTo(0.5, 0.02);
    const again = filteredHistoricalSimulation(pm, [2], { paths: 10_000, seed: 7 });
    expect(again.samples[0]).to.deep.equal(g.samples[0]);
    const other = filteredHistoricalSimulation(pm, [2], { paths: 10_000, seed: 8 });
    expect(other.samples[0]).not.to.deep.equal(g.samples[0]);
  });

  it("VSR: ES of |sigma_{t+m} / sigma_t - 1|, sqrt(n) below one bar, capped at 0.99", () => {
    const sigma = [1, 1.1, 0.99, 1.2];
    // changes: 0.1, 0.1, 0.21212...; at c = 0.5 w = 1.5: (0.212121 + 0.5 x 0.1) / 1.5
    const x = volatilityChanges(sigma, 1);
    x.forEach((v, i) => close(v, [0.1, 0.1, 1.2 / 0.99 - 1][i]));
    close(volatilityScanRange(sigma, 1, 0.5), (1.2 / 0.99 - 1 + 0.05) / 1.5);
    // n = 0.25: the one-bar changes times sqrt(0.25)
    volatilityChanges(sigma, 0.25).forEach((v, i) => close(v, x[i] / 2));
    // n = 1.5: two-bar windows |0.99/1 - 1|, |1.2/1.1 - 1|
    const two = volatilityChanges(sigma, 1.5);
    close(two[0], 0.01);
    close(two[1], 1.2 / 1.1 - 1);
    expect(volatilityScanRange([1, 3], 1, 0.99)).to.equal(0.99);
    expect(() => volatilityScanRange([1], 1, 0.99)).to.throw(ArgumentError);
  });

  it("haircut: ES of the long loss, rounded up, floored at 0.0001, capped at 0.99", () => {
    const R = [-0.1, -0.05, 0, 0.05, 0.1];
    expect(haircutFromReturns(R, 0.8).haircut).to.equal("0.1000"); // w = 1: 0.1
    expect(haircutFromReturns(R, 0.6).haircut).to.equal("0.0750"); // (0.1 + 0.05) / 2
    expect(haircutFromReturns([-0.012341, 0.01], 0.9).haircut).to.equal("0.0124");
    expect(haircutFromReturns([0, 0, 0], 0.99).haircut).to.equal("0.0001");
    expect(haircutFromReturns([-1], 0.99).haircut).to.equal("0.9900");
  });

  it("ADV and tiers: 0.1 and 0.5 x ADV, 1 and 5 days longer, haircuts non-decreasing", () => {
    // 48 hourly bars of 10: 480 tokens over 2 days -> ADV 240
    const adv = averageDailyVolume(new Array<number>(48).fill(10), 3600);
    close(adv, 240);
    // 0.1 ADV at 10% of ADV a day: 1 day = 24 bars; 0.5 ADV: 5 days = 120 bars
    tierExtraBars([0.1, 0.5], 0.1, 3600).forEach((b, i) => close(b, [24, 120][i], 1e-9));
    // base haircut 0.05 (500 units); tier ES 0.04 (below the base: kept at 0.05) and 0.12
    expect(tiersFromVolume(adv, [0.1, 0.5], 500, [0.04, 0.12], 8)).to.deep.equal([
      { above: "24", haircut: "0.0500" },
      { above: "120", haircut: "0.1200" },
    ]);
    // amounts rounded down to the token's decimals; no volume, no tiers
    expect(tiersFromVolume(247, [0.1], 0, [0.2], 0)).to.deep.equal([
      { above: "24", haircut: "0.2000" },
    ]);
    expect(tiersFromVolume(0, [0.1], 0, [0.2], 8)).to.deep.equal([]);
    expect(() => tierExtraBars([0.5, 0.1], 0.1, 3600)).to.throw(ArgumentError, /tierMultiples/);
  });

  it("concentration: threshold = f ADV / multiplier, charge = notional x extra ES", () => {
    // 0.1 x 1000 / 0.5 = 200 contracts; 25000 x (0.05 - 0.02) = 750 USD per contract
    expect(concentrationFor(1000, 0.1, 0.5, 25000, 0.02, 0.05)).to.deep.equal({
      threshold: "200.0000",
      charge: "750.0000",
    });
    expect(concentrationFor(0, 0.1, 1, 25000, 0.02, 0.05)).to.equal(undefined);
  });

  it("rounding toward safety to 4 decimals", () => {
    expect(roundUp4(0.0812)).to.equal("0.0812");
    expect(roundUp4(0.08121)).to.equal("0.0813");
    expect(roundDown4(0.77459)).to.equal("0.7745");
    expect(roundUp4(0)).to.equal("0.0000");
    expect(Array.from(lossesOf([1, -2], (r) => -r))).to.deep.equal([-1, 2]);
  });
});
