// The full circuit (small instance) on a market that uses every SPEC 7.1 feature: correlation
// offsets, the concentration add-on, tiered haircuts. The honest input passes and its figures
// are the reference's (fixtures-margin.ts); each way to cheat fails: understated w_g, j, Scan
// or excess; an effective amount one off either way (edited hints); correlation, threshold,
// charge or tier data that differ from the risk root; and the same words split into other
// parts (the packing of PROTOCOL section 6).
import { expect } from "chai";
import { WitnessTester, P, lineOf, type CircuitInput } from "./tester";
import type { SolvencyIn, SolvencyTester } from "./signals";
import { floorBpsBits, offByOneEdits } from "./floor-bps-edits";
import {
  SMALL,
  DEMO_AMOUNTS,
  boundaryCash,
  demoPortfolio,
  isSolvent,
  solvencyInput,
  v2Market,
} from "./fixtures";

describe("Solvency(4, 4, 2, 16, 4, 2) — margin model v2 (SPEC 7.1)", () => {
  let circuit: SolvencyTester;
  const market = v2Market();
  const portfolio = { ...demoPortfolio(), cash: 20000n * 10n ** 30n };
  const honest = solvencyInput(market, portfolio, DEMO_AMOUNTS, 10000n, SMALL);
  const m = honest.margin;
  const edit = (patch: Partial<CircuitInput<SolvencyIn>>): CircuitInput<SolvencyIn> => ({
    ...honest.input,
    ...patch,
  });
  const at = <T>(xs: T[], i: number, v: T): T[] => xs.map((x, k) => (k === i ? v : x));
  const big = (xs: unknown) => xs as bigint[];
  const RISK = `Solvency:${lineOf("solvency.circom", "computedRiskRoot === riskRoot")}`;
  const INCLUSION = "InstrumentInclusion";
  const FINAL = "Num2Bits<GreaterEq<SolvencyInequality";
  const JOINT = "Num2Bits<GreaterEq<CorrelatedScan";

  before(async () => {
    circuit = await WitnessTester.fromInstance("small");
  });

  it("the fixture uses every feature: a joint offset, a liquidity add-on, a tiered token", () => {
    expect(m.joint > 0n).to.equal(true);
    expect(m.scan < m.groupWitness.reduce((x, y) => x + y, 0n)).to.equal(true); // a credit
    expect(m.liquidity).to.equal(500000000n * 50n * 10n ** 22n); // 5 contracts over, 50 USD each
    expect(m.effective[2]).to.equal(18n * 10n ** 18n); // 10 + 5 x 0.9 + 5 x 0.7 ETH
    expect(isSolvent(m, 10000n)).to.equal(true);
  });

  it("accepts the honest input", async () => {
    await circuit.expectPass(honest.input);
  });

  it("passes exactly at the solvency boundary and fails one unit below (MM with the add-on)", async () => {
    const cash = boundaryCash(market, portfolio, DEMO_AMOUNTS, 10000n, SMALL);
    const at0 = solvencyInput(market, { ...portfolio, cash }, DEMO_AMOUNTS, 10000n, SMALL);
    await circuit.expectPass(at0.input);
    const below = solvencyInput(
      market,
      { ...portfolio, cash: cash - 1n },
      DEMO_AMOUNTS,
      10000n,
      SMALL,
    );
    expect(isSolvent(below.margin, 10000n)).to.equal(false);
    await circuit.expectFail(below.input, FINAL);
  });

  describe("understated witnesses fail", () => {
    it("a group witness one below its worst scenario", async () => {
      const w = m.groupWitness;
      await circuit.expectFail(edit({ groupWitness: at(w, 0, w[0] - 1n) }), FINAL);
    });
    it("the joint witness one below J, or 0", async () => {
      await circuit.expectFail(edit({ jointWitness: m.joint - 1n }), JOINT);
      await circuit.expectFail(edit({ jointWitness: 0n }), JOINT);
    });
    it("the Scan witness one below the ceiling", async () => {
      await circuit.expectFail(edit({ scanWitness: m.scan - 1n }), JOINT);
    });
    it("an excess one below max(0, abs(q) - T), or 0", async () => {
      const x = big(honest.input.excessWitness);
      const i = x.findIndex((v) => v > 0n);
      for (const v of [x[i] - 1n, 0n])
        await circuit.expectFail(
          edit({ excessWitness: at(x, i, v) }),
          "Num2Bits<GreaterEq<ConcentrationAddOn",
        );
    });
    it("overstated witnesses pass while solvent (they only raise the margin)", async () => {
      await circuit.expectPass(
        edit({
          jointWitness: m.joint + 10000n,
          scanWitness: m.scan + 1n,
          // every used slot over (an empty slot must keep 0)
          excessWitness: big(honest.input.excessWitness).map((v, i) =>
            big(honest.input.quantity)[i] === 0n ? v : v + 1n,
          ),
        }),
      );
    });
  });

  describe("the effective amount is exact", () => {
    it("e_j one off either way (a floor quotient edited, its remainder moved by 10000) fails", async () => {
      const all = floorBpsBits(circuit, "TieredAmount_\\d+_\\d+\\[2\\]\\.");
      expect(all.length).to.equal(2);
      // 20 WETH: 5 ETH at 90% and 5 ETH at 70%, both remainders 0 (e - 1 is tried too)
      const products = [5n * 10n ** 18n * 9000n, 5n * 10n ** 18n * 7000n];
      let tried = 0;
      for (let k = 0; k < 2; k++)
        for (const e of offByOneEdits(all[k], products[k])) {
          await circuit.expectFailWithEditedWitness(honest.input, e);
          tried++;
        }
      expect(tried).to.equal(4);
    });
    it("a flipped tier comparison bit fails", async () => {
      const w = await circuit.expectPass(honest.input);
      for (const name of circuit.signalNames(
        /TieredAmount_\d+_\d+\[2\]\.ExcessOver_\d+_\d+\[?\d*\]?\.above$/,
      ))
        await circuit.expectFailWithEditedWitness(honest.input, {
          [name]: 1n - circuit.readSignal(w, name),
        });
    });
  });

  describe("feature data must be the risk root's", () => {
    it("a correlation edited (lower gives more credit) fails the risk root", async () => {
      const r = big(honest.input.correlation);
      await circuit.expectFail(edit({ correlation: at(r, 0, r[0] + 1n) }), RISK);
      await circuit.expectFail(edit({ correlation: [0n, 0n] }), RISK);
    });
    it("a threshold raised or a charge lowered fails the instrument inclusion", async () => {
      const t = big(honest.input.liquidityThreshold);
      const l = big(honest.input.liquidityCharge);
      const i = l.findIndex((v) => v > 0n);
      await circuit.expectFail(edit({ liquidityThreshold: at(t, i, t[i] + 1n) }), INCLUSION);
      await circuit.expectFail(edit({ liquidityCharge: at(l, i, l[i] - 1n) }), INCLUSION);
      await circuit.expectFail(
        edit({
          liquidityCharge: at(l, i, 0n),
          excessWitness: at(big(honest.input.excessWitness), i, 0n),
        }),
        INCLUSION,
      );
    });
    it("a tier factor raised or a tier start moved fails the risk root", async () => {
      const f = (honest.input.tierFactor as bigint[][]).map((r) => r.slice());
      f[2][1] += 1n;
      await circuit.expectFail(edit({ tierFactor: f }), RISK);
      const g = (honest.input.tierGap as bigint[][]).map((r) => r.slice());
      g[2][0] -= 1n; // tier 1 starts one unit later
      await circuit.expectFail(edit({ tierGap: g }), RISK);
      const none = (honest.input.tierGap as bigint[][]).map((r) => r.slice());
      none[2] = [0n, 0n];
      await circuit.expectFail(
        edit({ tierGap: none, tierFactor: f.map((r, j) => (j === 2 ? [0n, 0n] : r)) }),
        RISK,
      );
    });
  });

  describe("the packed words have one split (PROTOCOL section 6)", () => {
    it("groupWord: T + 2^66 against L - 1 is the same word but fails the threshold's slack", async () => {
      const t = big(honest.input.liquidityThreshold);
      const l = big(honest.input.liquidityCharge);
      const i = l.findIndex((v) => v > 0n);
      await circuit.expectFail(
        edit({
          liquidityThreshold: at(t, i, t[i] + 2n ** 66n),
          liquidityCharge: at(l, i, l[i] - 1n),
          excessWitness: at(big(honest.input.excessWitness), i, 0n),
        }),
        "Num2Bits<GreaterEq<ConcentrationAddOn",
      );
    });
    it("groupWord: T + 1 against a non-integer L = L - 2^-66 (mod p) fails the charge's range", async () => {
      const t = big(honest.input.liquidityThreshold);
      const l = big(honest.input.liquidityCharge);
      const i = l.findIndex((v) => v > 0n);
      const inv66 = modInverse(2n ** 66n);
      await circuit.expectFail(
        edit({
          liquidityThreshold: at(t, i, t[i] + 1n),
          liquidityCharge: at(l, i, (l[i] - inv66 + P) % P),
        }),
        "Num2Bits<RangeCheck<ConcentrationAddOn",
      );
    });
    it("tagWord: f_1 + 2^14 against f_2 - 1, and D_1 + 2^102 against D_2 - 1, fail", async () => {
      const f = (honest.input.tierFactor as bigint[][]).map((r) => r.slice());
      f[2] = [f[2][0] + 2n ** 14n, f[2][1] - 1n];
      await circuit.expectFail(edit({ tierFactor: f }), "Num2Bits<RangeCheck<TieredAmount");
      const g = (honest.input.tierGap as bigint[][]).map((r) => r.slice());
      g[2] = [g[2][0] + 2n ** 102n, g[2][1] - 1n];
      await circuit.expectFail(edit({ tierGap: g }), "Num2Bits<ExcessOver<TieredAmount");
    });
    it("epochWord: r_0 + 1 against epoch - 2^64, and r_0 + 2^14 against r_1 - 1, fail", async () => {
      const r = big(honest.input.correlation);
      await circuit.expectFail(
        edit({
          correlation: at(r, 0, r[0] + 1n),
          epoch: (honest.input.epoch as bigint) - 2n ** 64n + P,
        }),
        "Num2Bits<RangeCheck<Solvency",
      );
      await circuit.expectFail(
        edit({ correlation: [r[0] + 2n ** 14n, r[1] - 1n] }),
        "Num2Bits<RangeCheck<CorrelatedScan",
      );
    });
  });
});

function modInverse(a: bigint): bigint {
  // Fermat: a^(p-2) mod p.
  let result = 1n;
  let base = a % P;
  let e = P - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
    e >>= 1n;
  }
  return result;
}
