// Properties of the margin model v2 (SPEC 7.1) over random integer risk tables:
// - without correlation, tiers or concentration, computeMargin equals a few-line v1 reference
//   (SPEC section 4) on every figure;
// - with random features: Scan <= v1 Scan, Scan is the ceiling of the SPEC 7.1 numerator,
//   e_j <= a_j and e_j is a_j's tiered sum, MM = max(Scan, Floor) + Liquidity.
import { expect } from "chai";
import fc from "fast-check";
import { computeMargin } from "../../src/margin";
import { getInstance } from "../../src/instances";
import {
  buildScenarios,
  DEFAULT_EXTREME_COVERAGE,
  DEFAULT_EXTREME_MULTIPLE,
} from "../../src/scenarios";
import type { RiskTableFields } from "../../src/risk-table";
import type { IntegerPortfolio } from "../../src/portfolio";

const instance = getInstance("standard");
const S = instance.S;
const scenarios = buildScenarios(DEFAULT_EXTREME_MULTIPLE, DEFAULT_EXTREME_COVERAGE).map((s) => ({
  index: s.index,
  label: s.label,
  k: "0",
  vol: s.vol,
  coverage: "1",
}));

const big = (bits: number) => fc.bigInt(-(1n << BigInt(bits)), 1n << BigInt(bits));
const nat = (bits: number) => fc.bigInt(0n, (1n << BigInt(bits)) - 1n);

interface Case {
  table: RiskTableFields;
  portfolio: IntegerPortfolio;
  amounts: bigint[];
  m: bigint;
}

/** A random table (1..4 groups, 1..6 instruments, 0..4 tokens), a book and balances. */
function caseArb(features: boolean): fc.Arbitrary<Case> {
  return fc
    .record({
      G: fc.integer({ min: 1, max: instance.G }),
      insts: fc.array(
        fc.record({
          g: fc.nat(),
          risk: fc.array(big(60), { minLength: S, maxLength: S }),
          mark: nat(60),
          floor: nat(40),
          T: nat(40),
          L: nat(60),
          conc: fc.boolean(),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      tokens: fc.array(
        fc.record({
          tag: fc.nat(),
          u: fc.array(nat(80), { minLength: S, maxLength: S }),
          tiers: fc.array(
            fc.record({ gap: fc.bigInt(1n, 1n << 50n), f: fc.integer({ min: 0, max: 10000 }) }),
            {
              maxLength: 2,
            },
          ),
        }),
        { maxLength: 4 },
      ),
      rho: fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 4, maxLength: 4 }),
      held: fc.array(fc.record({ q: big(50).filter((q) => q !== 0n), c: big(150) }), {
        maxLength: 6,
      }),
      cash: big(150),
      amounts: fc.array(nat(60), { minLength: instance.K, maxLength: instance.K }),
      m: fc.bigInt(10000n, 1000000n),
    })
    .map((x): Case => {
      const table: RiskTableFields = {
        version: 1,
        instance,
        epoch: 1,
        timestamp: 1,
        groups: Array.from({ length: x.G }, (_, i) => ({
          id: `G${i}`,
          index: i,
          price: "1",
          psr: "0.1",
          vsr: "0.1",
          ...(features ? { correlation: "x" } : {}),
          correlationBps: features ? x.rho[i] : 0,
        })),
        scenarios,
        instruments: x.insts.map((s, i) => ({
          index: i,
          id: `I${i}`,
          idField: BigInt(i + 1),
          group: `G${s.g % x.G}`,
          groupIndex: s.g % x.G,
          kind: "perpetual",
          multiplier: "1",
          mark: s.mark,
          floor: s.floor,
          risk: s.risk,
          liquidityThreshold: features && s.conc ? s.T : 0n,
          liquidityCharge: features && s.conc ? s.L : 0n,
        })),
        collateral: x.tokens.map((t, j) => {
          let above = 0n;
          let f = 10000;
          const tiers = features
            ? t.tiers.map((tier) => {
                above += tier.gap;
                f = Math.min(f, tier.f);
                return { above: "x", haircut: "x", aboveUnits: above, factor: f };
              })
            : [];
          return {
            slot: j,
            symbol: `T${j}`,
            token: "0x",
            tokenField: BigInt(j + 1),
            decimals: 0,
            group: null,
            groupTag: t.tag % (x.G + 1),
            unitValues: t.u,
            tiers,
          };
        }),
      };
      const positions = x.held.slice(0, x.insts.length).map((p, i) => ({
        instrument: `I${i}`,
        instrumentId: BigInt(i + 1),
        index: i,
        q: p.q,
        c: p.c,
      }));
      const portfolio: IntegerPortfolio = {
        accountAddress: "0x",
        account: 1n,
        positions,
        cash: x.cash,
        nonce: 0n,
        salt: 0n,
      };
      const amounts = x.amounts.map((a, j) => (j < x.tokens.length ? a : 0n));
      return { table, portfolio, amounts, m: x.m };
    });
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** SPEC section 4 (v1), written out once more. */
function v1Reference({ table, portfolio, amounts, m }: Case) {
  let hc = 0n;
  let nlv = portfolio.cash;
  let floor = 0n;
  const req = table.groups.map(() => new Array<bigint>(S).fill(0n));
  for (const c of table.collateral) hc += amounts[c.slot] * c.unitValues[0];
  for (const p of portfolio.positions) {
    const i = table.instruments[p.index];
    nlv += p.q * i.mark - p.c;
    floor += abs(p.q) * i.floor;
    for (let s = 0; s < S; s++) req[i.groupIndex][s] += p.q * i.risk[s];
  }
  for (const c of table.collateral)
    if (c.groupTag > 0)
      for (let s = 0; s < S; s++)
        req[c.groupTag - 1][s] += amounts[c.slot] * (c.unitValues[0] - c.unitValues[s]);
  const w = req.map((r) => r.reduce(max, 0n));
  const scan = w.reduce((a, b) => a + b, 0n);
  const mm = max(scan, floor);
  const equity = hc + nlv;
  return {
    hc,
    nlv,
    equity,
    w,
    scan,
    floor,
    mm,
    solvent: equity >= 0n && 10000n * equity >= m * mm,
  };
}

describe("margin model v2: properties over random tables", () => {
  it("without the v2 data, every figure equals the v1 reference (300 cases)", () => {
    fc.assert(
      fc.property(caseArb(false), (c) => {
        const r = computeMargin(c.table, c.portfolio, c.amounts, c.m);
        const v1 = v1Reference(c);
        expect(r.haircutCollateral).to.equal(v1.hc);
        expect(r.netLiquidationValue).to.equal(v1.nlv);
        expect(r.equity).to.equal(v1.equity);
        expect(r.groups.map((g) => g.requirement)).to.deep.equal(v1.w);
        expect(r.scan).to.equal(v1.scan);
        expect(r.floor).to.equal(v1.floor);
        expect(r.maintenanceMargin).to.equal(v1.mm);
        expect(r.solvent).to.equal(v1.solvent);
        expect([r.joint, r.liquidity, r.diversificationCredit]).to.deep.equal([0n, 0n, 0n]);
        expect(r.effectiveAmounts).to.deep.equal(c.amounts);
      }),
      { numRuns: 300 },
    );
  });

  it("with random correlations, tiers and add-ons: the SPEC 7.1 identities (300 cases)", () => {
    fc.assert(
      fc.property(caseArb(true), (c) => {
        const r = computeMargin(c.table, c.portfolio, c.amounts, c.m);
        // e_j <= a_j, and e_j = sum over tiers of floor(part x f / 10000)
        c.table.collateral.forEach((col) => {
          const a = c.amounts[col.slot];
          const starts = [0n, ...col.tiers.map((t) => t.aboveUnits), 1n << 200n];
          const fs = [10000n, ...col.tiers.map((t) => BigInt(t.factor))];
          let e = 0n;
          fs.forEach((f, t) => {
            const lo = starts[t];
            const hi = starts[t + 1];
            const part = a <= lo ? 0n : a >= hi ? hi - lo : a - lo;
            e += (part * f) / 10000n;
          });
          expect(r.effectiveAmounts[col.slot]).to.equal(e);
          expect(e <= a).to.equal(true);
        });
        // Scan: ceil((sum (10000 - r_g) w_g + J) / 10000), never above v1's sum w_g
        const rs = c.table.groups.map((g) => BigInt(g.correlationBps));
        let J = 0n;
        for (let s = 0; s < S; s++)
          J = max(
            J,
            r.groups.reduce((acc, g, i) => acc + rs[i] * g.req[s], 0n),
          );
        const num = r.groups.reduce((acc, g, i) => acc + (10000n - rs[i]) * g.requirement, J);
        expect(r.joint).to.equal(J);
        expect(10000n * r.scan >= num && 10000n * (r.scan - 1n) < num).to.equal(true);
        expect(r.scan <= r.uncorrelatedScan).to.equal(true);
        expect(r.diversificationCredit).to.equal(r.uncorrelatedScan - r.scan);
        // Liquidity and MM
        let liq = 0n;
        c.portfolio.positions.forEach((p, i) => {
          const inst = c.table.instruments[p.index];
          const x = max(0n, abs(p.q) - inst.liquidityThreshold);
          expect(r.excessWitnesses[i]).to.equal(x);
          liq += x * inst.liquidityCharge;
        });
        expect(r.liquidity).to.equal(liq);
        expect(r.maintenanceMargin).to.equal(max(r.scan, r.floor) + liq);
        expect(r.solvent).to.equal(
          r.equity >= 0n && 10000n * r.equity >= c.m * r.maintenanceMargin,
        );
      }),
      { numRuns: 300 },
    );
  });
});
