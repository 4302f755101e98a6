import { expect } from "chai";
import { black76, normCdf, erfc } from "../../src/black76";

describe("normal CDF (Cody erfc)", () => {
  // Reference values: Abramowitz & Stegun table 26.1 / high-precision evaluations (mpmath).
  const cases: Array<[number, number]> = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145705],
    [1.96, 0.9750021048517795],
    [-2.5, 0.006209665325776132],
    [3, 0.9986501019683699],
    [-5, 2.866515718791939e-7],
    [-10, 7.619853024160527e-24],
    [0.3, 0.6179114221889527],
  ];
  for (const [x, want] of cases) {
    it(`N(${x}) = ${want}`, () => {
      expect(Math.abs(normCdf(x) - want)).to.be.at.most(Math.max(2e-16, Math.abs(want) * 1e-14));
    });
  }
  it("is symmetric: N(x) + N(-x) = 1", () => {
    for (let x = -8; x <= 8; x += 0.37)
      expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).to.be.below(1e-15);
  });
  it("erfc(0.5) matches the tabulated value", () => {
    expect(Math.abs(erfc(0.5) - 0.4795001221869535)).to.be.below(1e-16);
  });
});

describe("Black-76 (zero rate)", () => {
  const disc = (r: number, t: number) => Math.exp(-r * t);
  it("Haug, Complete Guide to Option Pricing Formulas (2nd ed.), 1.1.3: F=19, K=19, T=0.75, r=0.10, sigma=0.28 -> c = p = 1.7011", () => {
    const t = 0.75;
    expect(disc(0.1, t) * black76("call", 19, 19, t, 0.28)).to.be.closeTo(1.7011, 5e-5);
    expect(disc(0.1, t) * black76("put", 19, 19, t, 0.28)).to.be.closeTo(1.7011, 5e-5);
  });
  it("Hull, Options, Futures and Other Derivatives, Black's model example: F=20, K=20, T=4/12, r=0.09, sigma=0.25 -> put = 1.12", () => {
    const t = 4 / 12;
    expect(disc(0.09, t) * black76("put", 20, 20, t, 0.25)).to.be.closeTo(1.1166, 5e-5);
  });
  it("satisfies put-call parity C - P = F - K", () => {
    for (const [f, k, t, s] of [
      [86500, 90000, 0.09, 0.52],
      [2850, 2600, 0.5, 0.7],
      [100, 150, 2, 0.3],
      [100, 60, 0.01, 1.2],
    ]) {
      const c = black76("call", f, k, t, s);
      const p = black76("put", f, k, t, s);
      expect(Math.abs(c - p - (f - k))).to.be.below(1e-10 * f);
    }
  });
  it("values an expired option at intrinsic", () => {
    expect(black76("call", 86500, 85000, 0, 0.5)).to.equal(1500);
    expect(black76("put", 86500, 85000, -1, 0.5)).to.equal(0);
    expect(black76("put", 80000, 85000, 0, 0.5)).to.equal(5000);
  });
  it("stays within no-arbitrage bounds", () => {
    const c = black76("call", 100, 100, 1, 0.2);
    expect(c).to.be.closeTo(7.965567455405804, 1e-12); // = 100 * (2 N(0.1) - 1)
    expect(black76("call", 100, 1e6, 0.1, 0.2)).to.equal(0);
  });
});
