import { expect } from "chai";
import { buildRiskTable, compileRiskFields } from "../../src/risk-table";
import {
  computeMargin,
  distancesToInsolvency,
  shiftMarket,
  ShiftedTables,
  type Crossing,
  type DistanceReport,
} from "../../src/margin";
import { ArgumentError } from "../../src/errors";
import { BOOKS, type Book, loadBook } from "./whatif-helpers";

/** Solvency at a move, by the independent path: the full shifted market, compiled whole. */
function solventFull(b: Book, groups: string[], bps: number, m: bigint): boolean {
  const shifted = shiftMarket(b.market, Object.fromEntries(groups.map((g) => [g, bps])));
  const t = compileRiskFields(shifted, "standard");
  return computeMargin(t, b.portfolio, b.balances.amounts, m).solvent;
}

describe("what-if: shifted markets and distance to insolvency", function () {
  this.timeout(120000);
  const books = BOOKS.map(loadBook);

  it("shiftMarket of 0 is the identity (same risk root)", () => {
    for (const b of books) {
      const root = buildRiskTable(b.market).riskRoot;
      const zero = Object.fromEntries(b.market.groups.map((g) => [g.id, 0]));
      expect(buildRiskTable(shiftMarket(b.market, {})).riskRoot).to.equal(root);
      expect(buildRiskTable(shiftMarket(b.market, zero)).riskRoot).to.equal(root);
    }
  });

  it("moves prices exactly: group, linear marks and tied collateral x (1 + m); options re-marked", () => {
    const b = books[0];
    const s = shiftMarket(b.market, { BTC: -1654 });
    const btc = s.groups.find((g) => g.id === "BTC");
    expect(btc?.price).to.deep.equal({ units: 721929n, scale: 1 }); // 86500 x 0.8346
    expect(s.groups.find((g) => g.id === "ETH")).to.equal(b.market.groups[1]);
    const perp = s.instruments.find((i) => i.id === "BTC-PERP");
    expect(perp?.mark).to.deep.equal({ units: 721929n, scale: 1 });
    expect(s.collateral.find((c) => c.symbol === "WBTC")?.price).to.deep.equal({
      units: 721929n,
      scale: 1,
    });
    const call = s.instruments.find((i) => i.id === "BTC-26DEC25-90000-C");
    const put = s.instruments.find((i) => i.id === "BTC-26DEC25-80000-P");
    const num = (d: { units: bigint; scale: number }) => Number(d.units) / 10 ** d.scale;
    expect(num(call!.mark)).to.be.below(3910.5);
    expect(num(put!.mark)).to.be.above(2822.5);
    // expired call: intrinsic, 1500 + (72192.9 - 85000)^+ - 1500 -> 0
    expect(s.instruments.find((i) => i.id === "BTC-21NOV25-85000-C")?.mark.units).to.equal(0n);
    expect(s.epoch).to.equal(b.market.epoch);
    expect(s.timestamp).to.equal(b.market.timestamp);
    expect(() => shiftMarket(b.market, { XRP: 10 })).to.throw(ArgumentError, /moves\.XRP/);
    expect(() => shiftMarket(b.market, { BTC: -10000 })).to.throw(ArgumentError, /moves\.BTC/);
  });

  it("the spliced tables give the margin of a full rebuild", () => {
    for (const b of books) {
      const tables = new ShiftedTables(
        b.market,
        "standard",
        b.portfolio.positions.map((p) => p.index),
      );
      const ids = b.market.groups.map((g) => g.id);
      for (const bps of [-5000, -777, 333, 12000]) {
        for (const groups of [...ids.map((g) => [g]), ids]) {
          const moves = Object.fromEntries(groups.map((g) => [g, bps]));
          const full = compileRiskFields(shiftMarket(b.market, moves), "standard");
          const r1 = computeMargin(tables.at(moves), b.portfolio, b.balances.amounts, 10000n);
          const r2 = computeMargin(full, b.portfolio, b.balances.amounts, 10000n);
          expect(r1, `${b.name} ${groups.join(",")} ${bps}`).to.deep.equal(r2);
        }
      }
    }
  });

  it("distances agree with a brute-force scan of fully rebuilt shifted markets", () => {
    let crossed = 0;
    for (const b of books) {
      const reports: DistanceReport[] = distancesToInsolvency(
        b.market,
        "standard",
        b.portfolio,
        b.balances,
        [10000n, 15000n],
      );
      for (const r of reports) {
        for (const row of r.rows) {
          for (const c of [row.down, row.up] as Crossing[]) {
            const what = `${b.name} x${r.multiplier} ${row.set} ${c.direction}`;
            const solvent = (bps: number) => solventFull(b, row.groups, bps, r.multiplier);
            if (c.status === "insolvent-now") {
              expect(solvent(0), what).to.equal(false);
              continue;
            }
            expect(solvent(0), what).to.equal(true);
            if (c.status === "none") {
              const sign = c.direction === "down" ? -1 : 1;
              for (let m = 500; m <= Math.abs(c.limitBps as number); m += 500)
                expect(solvent(sign * m), `${what} at ${sign * m}`).to.equal(true);
              expect(solvent(c.limitBps as number), what).to.equal(true);
              continue;
            }
            expect(c.status, what).to.equal("crossed");
            crossed++;
            const at = c.moveBps as number;
            const last = c.lastSolventBps as number;
            expect(Math.abs(at - last), what).to.equal(1);
            expect(solvent(at), `${what}: insolvent at ${at}`).to.equal(false);
            expect(solvent(last), `${what}: solvent at ${last}`).to.equal(true);
            // solvent everywhere inside: every 25 bp from 0, every bp over the last 60
            const sign = Math.sign(at);
            for (let m = 25; m < Math.abs(last); m += 25)
              expect(solvent(sign * m), `${what}: solvent at ${sign * m}`).to.equal(true);
            for (let m = Math.max(1, Math.abs(last) - 60); m <= Math.abs(last); m++)
              expect(solvent(sign * m), `${what}: solvent at ${sign * m}`).to.equal(true);
            // the price reported is the group's price moved by `at`
            const shifted = shiftMarket(
              b.market,
              Object.fromEntries(row.groups.map((g) => [g, at])),
            );
            for (const g of row.groups) {
              const p = shifted.groups.find((x) => x.id === g)!.price;
              expect(c.prices?.[g], what).to.equal(
                buildRiskTable(shifted).groups.find((x) => x.id === g)!.price,
              );
              expect(p.units > 0n).to.equal(true);
            }
          }
        }
      }
    }
    expect(crossed).to.be.greaterThan(5);
  });

  it("options out of range are argument errors", () => {
    const b = books[0];
    const run = (o: object) =>
      distancesToInsolvency(b.market, "standard", b.portfolio, b.balances, [10000n], o);
    expect(() => run({ stepBps: 0 })).to.throw(ArgumentError, /options\.stepBps/);
    expect(() => run({ maxDownBps: 10000 })).to.throw(ArgumentError, /options\.maxDownBps/);
    expect(() =>
      distancesToInsolvency(b.market, "standard", b.portfolio, b.balances, [9999n]),
    ).to.throw(ArgumentError, /multipliers\[0\]/);
  });
});
