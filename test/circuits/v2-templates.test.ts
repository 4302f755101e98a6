// Witness tests of the margin model v2 templates alone (SPEC 7.1): tiers.circom
// (ExcessOver, FloorBps, TieredAmount), concentration.circom (ConcentrationAddOn) and
// correlation.circom (CorrelatedScan). Each honest input passes with the reference figure
// (fixtures-margin.ts, written from the SPEC's formulas), and each way to cheat fails where it
// should: an understated witness, an edited hint, a value near the modulus.
import { expect } from "chai";
import { WitnessTester, P, type CircuitInput } from "./tester";
import type {
  ConcentrationAddOnTester,
  CorrelatedScanTester,
  ExcessOverTester,
  TieredAmountTester,
} from "./signals";
import { effectiveAmount } from "./fixtures-margin";
import { floorBpsBits, offByOneEdits } from "./floor-bps-edits";
import type { Tier } from "./fixtures";

const NONE = 2n ** 100n;
const gapsOf = (tiers: Tier[]) => [0, 1].map((t) => NONE - (tiers[t]?.above ?? NONE));
const factorsOf = (tiers: Tier[]) => [0, 1].map((t) => tiers[t]?.factor ?? 0n);
const E18 = 10n ** 18n;
const TIERS: Tier[] = [
  { above: 10n * E18, factor: 9000n },
  { above: 15n * E18, factor: 7000n },
];

describe("margin model v2 templates", () => {
  describe("ExcessOver(100)", () => {
    let c: ExcessOverTester;
    before(async () => {
      c = await WitnessTester.compile({
        file: "tiers.circom",
        template: "ExcessOver",
        params: [100],
      });
    });
    it("gives max(0, x - y) and [x >= y] at, around and far from the boundary", async () => {
      for (const [x, y] of [
        [5n, 5n],
        [6n, 5n],
        [4n, 5n],
        [0n, NONE],
        [NONE - 1n, 1n],
        [0n, 0n],
      ]) {
        await c.expectPass({ x, y }, { excess: x > y ? x - y : 0n, above: x >= y ? 1n : 0n });
      }
    });
    it("pins the comparison bit: a flipped hint fails", async () => {
      for (const [x, y] of [
        [6n, 5n],
        [4n, 5n],
        [5n, 5n],
      ]) {
        const w = await c.expectPass({ x, y });
        await c.expectFailWithEditedWitness({ x, y }, { above: 1n - c.readSignal(w, "above") });
      }
    });
    it("rejects a difference beyond 2^100 (it bounds the tier gap of the packing)", async () => {
      await c.expectFail({ x: 0n, y: NONE + 2n }, "Num2Bits<ExcessOver");
      await c.expectFail({ x: 2n ** 101n, y: 0n }, "Num2Bits<ExcessOver");
      await c.expectFail({ x: 0n, y: 2n ** 101n }, "Num2Bits<ExcessOver");
    });
  });

  describe("TieredAmount()", () => {
    let c: TieredAmountTester;
    const input = (
      amount: bigint,
      tiers: Tier[] = TIERS,
    ): CircuitInput<"amount" | "gap" | "factor"> => ({
      amount,
      gap: gapsOf(tiers),
      factor: factorsOf(tiers),
    });
    before(async () => {
      c = await WitnessTester.compile({ file: "tiers.circom", template: "TieredAmount" });
    });
    it("computes e_j exactly at and around both tier starts, and over both tiers", async () => {
      const amounts = [
        0n,
        1n,
        10n * E18 - 1n,
        10n * E18,
        10n * E18 + 1n,
        12345678901234567891n,
        15n * E18 - 1n,
        15n * E18,
        15n * E18 + 1n,
        20n * E18,
        20n * E18 + 7n,
        NONE - 1n,
      ];
      for (const a of amounts) {
        const e = effectiveAmount({ token: 1n, groupTag: 0, unitValue: [], tiers: TIERS }, a);
        await c.expectPass(input(a), { effective: e });
      }
      // 20 ETH: 10 + floor(5e18 * 0.9) + floor(5e18 * 0.7) = 10 + 4.5 + 3.5 = 18 ETH
      await c.expectPass(input(20n * E18), { effective: 18n * E18 });
      // 15 ETH + 7 wei: the 7 wei at 70% floor to 4 (7 * 7000 / 10000 = 4.9)
      await c.expectPass(input(15n * E18 + 7n), { effective: 145n * 10n ** 17n + 4n });
    });
    it("is the amount itself without tiers, and with one tier", async () => {
      await c.expectPass(input(NONE - 1n, []), { effective: NONE - 1n });
      const one = [TIERS[0]];
      const e = effectiveAmount({ token: 1n, groupTag: 0, unitValue: [], tiers: one }, 30n * E18);
      await c.expectPass(input(30n * E18, one), { effective: e });
      expect(e).to.equal(10n * E18 + 18n * E18);
    });
    it("an e_j one off either way fails: the floor quotient edited by +-1 (remainder by -+10000)", async () => {
      const inp = input(15n * E18 + 7n);
      await c.expectPass(inp);
      const all = floorBpsBits(c, "");
      expect(all.length).to.equal(2);
      // part_1 = 5e18 at 90%: remainder 0 (e - 1 is tried too); part_2 = 7 at 70%: 49000
      const products = [5n * E18 * 9000n, 7n * 7000n];
      let tried = 0;
      for (let k = 0; k < 2; k++)
        for (const e of offByOneEdits(all[k], products[k])) {
          await c.expectFailWithEditedWitness(inp, e);
          tried++;
        }
      expect(tried).to.be.at.least(3);
    });
    it("pins both comparison bits", async () => {
      const inp = input(12n * E18);
      const w = await c.expectPass(inp);
      for (const name of c.signalNames(/ExcessOver_\d+_\d+\.above$/))
        await c.expectFailWithEditedWitness(inp, { [name]: 1n - c.readSignal(w, name) });
    });
    it("rejects a factor of 2^14 or more (it fixes the tag word's packing), and a wrapped gap", async () => {
      await c.expectFail(
        { ...input(20n * E18), factor: [2n ** 14n, 7000n] },
        "Num2Bits<RangeCheck<TieredAmount",
      );
      await c.expectFail(
        { ...input(20n * E18), factor: [9000n, P - 1n] },
        "Num2Bits<RangeCheck<TieredAmount",
      );
      await c.expectFail(
        { ...input(20n * E18), gap: [NONE - 10n * E18 + 2n ** 102n, 0n] },
        "Num2Bits<ExcessOver<TieredAmount",
      );
    });
  });

  describe("ConcentrationAddOn(4)", () => {
    let c: ConcentrationAddOnTester;
    const T = 500000000n; // 5 contracts
    const L = 50n * 10n ** 22n; // 50 USD per contract
    const honest = {
      absQuantity: [1000000000n, 400000000n, 500000000n, 0n],
      isEmpty: [0n, 0n, 0n, 1n],
      threshold: [T, T, T, 0n],
      charge: [L, L, L, 0n],
      excessWitness: [500000000n, 0n, 0n, 0n],
    };
    const at = (xs: bigint[], i: number, v: bigint) => xs.map((x, k) => (k === i ? v : x));
    before(async () => {
      c = await WitnessTester.compile({
        file: "concentration.circom",
        template: "ConcentrationAddOn",
        params: [4],
      });
    });
    it("charges max(0, abs(q) - T) * L per slot: over, under and at the threshold", async () => {
      await c.expectPass(honest, { liquidity: 500000000n * L });
    });
    it("accepts an overstated excess (it only raises the add-on)", async () => {
      await c.expectPass(
        { ...honest, excessWitness: at(honest.excessWitness, 1, 7n) },
        { liquidity: (500000000n + 7n) * L },
      );
    });
    it("rejects an understated excess, by one and to zero", async () => {
      for (const x of [499999999n, 0n])
        await c.expectFail(
          { ...honest, excessWitness: at(honest.excessWitness, 0, x) },
          "Num2Bits<GreaterEq<ConcentrationAddOn",
        );
    });
    it("rejects a negative or oversized excess", async () => {
      for (const x of [-1n, P - 500000000n, 2n ** 64n])
        await c.expectFail(
          { ...honest, excessWitness: at(honest.excessWitness, 1, x) },
          "Num2Bits<RangeCheck<ConcentrationAddOn",
        );
    });
    it("rejects an excess on an empty slot", async () => {
      await c.expectFail(
        { ...honest, excessWitness: at(honest.excessWitness, 3, 1n) },
        "ConcentrationAddOn",
      );
    });
    it("rejects a charge of 2^100 or more, or near p (it fixes the group word's packing)", async () => {
      for (const l of [2n ** 100n, P - 1n])
        await c.expectFail(
          { ...honest, charge: at(honest.charge, 0, l) },
          "Num2Bits<RangeCheck<ConcentrationAddOn",
        );
    });
    it("bounds the threshold through the slack: T + 2^66 with x = 0 fails", async () => {
      await c.expectFail(
        {
          ...honest,
          threshold: at(honest.threshold, 0, T + 2n ** 66n),
          excessWitness: at(honest.excessWitness, 0, 0n),
        },
        "Num2Bits<GreaterEq<ConcentrationAddOn",
      );
    });
  });

  describe("CorrelatedScan(2, 16)", () => {
    let c: CorrelatedScanTester;
    const U = 10n ** 30n;
    // Group 0 loses 100 USD where group 1 gains 80 (scenario 2) and the reverse (scenario 4).
    const req = [
      Array.from({ length: 16 }, (_, s) => (s === 2 ? 100n * U : s === 4 ? -80n * U : 0n)),
      Array.from({ length: 16 }, (_, s) => (s === 2 ? -80n * U : s === 4 ? 90n * U : 0n)),
    ];
    const w = [100n * U, 90n * U];
    const r = [8000n, 7000n];
    // joint_2 = 0.8*100 - 0.7*80 = 24; joint_4 = -0.8*80 + 0.7*90 = -1 -> J = 24 USD
    const J = 24n * U * 10000n;
    // Scan = (0.2*100 + 0.3*90) + 24 = 20 + 27 + 24 = 71 USD
    const scan = 71n * U;
    const honest = { req, groupWitness: w, correlation: r, jointWitness: J, scanWitness: scan };
    before(async () => {
      c = await WitnessTester.compile({
        file: "correlation.circom",
        template: "CorrelatedScan",
        params: [2, 16],
      });
    });
    it("accepts the joint scenarios' witness and the correlated Scan (71 USD against v1's 190)", async () => {
      await c.expectPass(honest);
    });
    it("rejects an understated joint witness or Scan, by one", async () => {
      await c.expectFail({ ...honest, jointWitness: J - 1n }, "Num2Bits<GreaterEq<CorrelatedScan");
      await c.expectFail(
        { ...honest, scanWitness: scan - 1n },
        "Num2Bits<GreaterEq<CorrelatedScan",
      );
      await c.expectFail({ ...honest, jointWitness: -1n }, "Num2Bits<RangeCheck<CorrelatedScan");
    });
    it("accepts overstated witnesses (they only raise Scan)", async () => {
      await c.expectPass({ ...honest, jointWitness: J + 10000n, scanWitness: scan + 1n });
    });
    it("rounds Scan up: a numerator one above a multiple of 10000 needs Scan + 1", async () => {
      const odd = { ...honest, jointWitness: J + 1n };
      await c.expectFail(odd, "Num2Bits<GreaterEq<CorrelatedScan");
      await c.expectPass({ ...odd, scanWitness: scan + 1n });
    });
    it("without correlations Scan is sum_g w_g and j may be 0", async () => {
      await c.expectPass({
        ...honest,
        correlation: [0n, 0n],
        jointWitness: 0n,
        scanWitness: 190n * U,
      });
      await c.expectFail(
        { ...honest, correlation: [0n, 0n], jointWitness: 0n, scanWitness: 190n * U - 1n },
        "Num2Bits<GreaterEq<CorrelatedScan",
      );
    });
    it("rejects a correlation above 10000 or negative", async () => {
      for (const rg of [10001n, 2n ** 14n, -1n, P - 10000n])
        await c.expectFail(
          { ...honest, correlation: [rg, 7000n] },
          "Num2Bits<RangeCheck<CorrelatedScan",
        );
    });
    it("rejects a Scan at or beyond 2^152 (a non-integer field element cannot pass either)", async () => {
      await c.expectFail(
        { ...honest, scanWitness: 2n ** 152n },
        "Num2Bits<RangeCheck<CorrelatedScan",
      );
    });
  });
});
