import { expect } from "chai";
import { ArgumentError } from "../../../src/errors";
import { gamma, mulberry32, normal, studentT } from "../../../src/risk-desk/simulate/prng";
import { garchPath, garchVariance } from "../../../src/risk-desk/simulate/garch";
import { logReturns } from "../../../src/risk-desk/history";

const N = 100_000;
function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}
const draws = (f: () => number, n = N) => Array.from({ length: n }, f);

describe("risk desk: seeded simulation", () => {
  describe("prng", () => {
    it("mulberry32 is deterministic per seed, uniform on [0, 1)", () => {
      const a = draws(mulberry32(42), 1000);
      expect(draws(mulberry32(42), 1000)).to.deep.equal(a);
      expect(draws(mulberry32(43), 1000)).to.not.deep.equal(a);
      // pinned to the reference mulberry32 (seed 1 -> 0.6270739405881613, ...): a change of the
      // generator would change every simulated history and example file
      const r1 = mulberry32(1);
      expect([r1(), r1(), r1()].map((x) => x * 2 ** 32)).to.deep.equal([
        2693262067, 11749833, 2265367787,
      ]);
      expect(draws(mulberry32(1 + 2 ** 32), 3)).to.deep.equal(draws(mulberry32(1), 3)); // low 32 bits
      const u = draws(mulberry32(7));
      expect(Math.min(...u)).to.be.at.least(0);
      expect(Math.max(...u)).to.be.below(1);
      const m = moments(u);
      expect(m.mean).to.be.closeTo(0.5, 0.005); // sd of the mean 0.0009
      expect(m.variance).to.be.closeTo(1 / 12, 0.002);
    });

    it("normal: mean 0 and variance 1 on 1e5 draws (tolerances ~4.5 standard errors)", () => {
      const r = mulberry32(11);
      const m = moments(draws(() => normal(r)));
      expect(m.mean).to.be.closeTo(0, 0.015); // se 0.0032
      expect(m.variance).to.be.closeTo(1, 0.02); // se 0.0045
    });

    it("studentT(nu) has unit variance; gamma has mean = shape", () => {
      const r = mulberry32(12);
      const t = moments(draws(() => studentT(r, 6)));
      expect(t.mean).to.be.closeTo(0, 0.015);
      expect(t.variance).to.be.closeTo(1, 0.05); // se ~0.0063 (kurtosis 6)
      const g = moments(draws(() => gamma(r, 0.5), 50_000));
      expect(g.mean).to.be.closeTo(0.5, 0.02);
      expect(() => studentT(r, 2)).to.throw(ArgumentError);
    });
  });

  describe("garch", () => {
    const base = {
      seed: 5,
      n: 100_001,
      omega: 5e-7,
      alpha: 0.05,
      beta: 0.9,
      start: 100,
      startTime: 1735689600,
      interval: 3600,
    };

    it("sample variance of returns within 5% of omega / (1 - alpha - beta), normal and t(6)", () => {
      const target = garchVariance(base.omega, base.alpha, base.beta);
      expect(target).to.be.closeTo(1e-5, 1e-18);
      for (const innovations of ["normal", { studentT: 6 }] as const) {
        const r = logReturns(garchPath({ ...base, innovations }).history.closes);
        const v = r.reduce((s, x) => s + x * x, 0) / r.length;
        expect(v / target).to.be.closeTo(1, 0.05); // seeds 1-8 stay within 1.6%
      }
    });

    it("path shape: times, closes from exp(cumsum), sigma follows the recursion, deterministic", () => {
      const o = { ...base, n: 500, mu: 0.0001, volume: 10 };
      const g = garchPath(o);
      const h = g.history;
      expect(h).to.include({ id: "SIM", format: "csv", interval: 3600 });
      expect(h.times.length).to.equal(500);
      expect(h.times[499]).to.equal(o.startTime + 499 * 3600);
      expect(h.closes[0]).to.equal(100);
      expect(g.sigma.length).to.equal(499);
      expect(g.sigma[0] ** 2).to.be.closeTo(garchVariance(o.omega, o.alpha, o.beta), 1e-18);
      const r = logReturns(h.closes);
      for (let t = 1; t < r.length; t++) {
        const eps = r[t - 1] - o.mu;
        const v = o.omega + o.alpha * eps * eps + o.beta * g.sigma[t - 1] ** 2;
        expect(g.sigma[t] ** 2).to.be.closeTo(v, 1e-12);
        expect(r[t]).to.be.closeTo(o.mu + g.sigma[t] * g.z[t], 1e-12);
      }
      const v = moments(h.volumes ?? []);
      expect(v.mean).to.be.closeTo(10, 1.5);
      expect(garchPath(o)).to.deep.equal(g);
      const noVol = garchPath({ ...o, volume: undefined });
      expect(noVol.history.closes).to.deep.equal(h.closes); // volumes use their own stream
      expect(noVol.history.volumes).to.equal(undefined);
    });

    it("innovationsFrom gives the stated correlation", () => {
      const a = garchPath({ ...base, n: 50_001 });
      const b = garchPath({ ...base, n: 50_001, seed: 9, innovationsFrom: { z: a.z, rho: 0.7 } });
      const ma = moments(a.z);
      const mb = moments(b.z);
      let c = 0;
      for (let i = 0; i < a.z.length; i++) c += (a.z[i] - ma.mean) * (b.z[i] - mb.mean);
      const rho = c / (a.z.length - 1) / Math.sqrt(ma.variance * mb.variance);
      expect(rho).to.be.closeTo(0.7, 0.01); // se ~0.0023
      expect(mb.variance).to.be.closeTo(1, 0.03);
    });

    it("refuses bad parameters", () => {
      expect(() => garchPath({ ...base, alpha: 0.2, beta: 0.8 })).to.throw(
        ArgumentError,
        /alpha \+ beta/,
      );
      expect(() => garchPath({ ...base, omega: 0 })).to.throw(ArgumentError, /omega/);
      expect(() => garchPath({ ...base, n: 1 })).to.throw(ArgumentError, /^n:/);
      expect(() => garchPath({ ...base, innovationsFrom: { z: [1], rho: 0.5 } })).to.throw(
        ArgumentError,
      );
    });
  });
});
