import { expect } from "chai";
import { WitnessTester, P, field, type SymName } from "./tester";
import type { GreaterEqTester, OneHotTester, RangeCheckTester, SignedAbsTester } from "./signals";

const bitsOf = (v: bigint, n: number): bigint[] =>
  Array.from({ length: n }, (_, i) => (v >> BigInt(i)) & 1n);

describe("range-check.circom", () => {
  describe("RangeCheck(64)", () => {
    let c: RangeCheckTester;
    before(async () => {
      c = await WitnessTester.compile({
        file: "range-check.circom",
        template: "RangeCheck",
        params: [64],
      });
    });
    it("accepts 0, 1, 2^64 - 1 and outputs the bits", async () => {
      await c.expectPass({ in: 0 });
      await c.expectPass({ in: 1 }, { "bits[0]": 1, "bits[1]": 0 });
      await c.expectPass({ in: 2n ** 64n - 1n }, { "bits[63]": 1 });
    });
    it("rejects 2^64, 2^200, -1 (p - 1), p - 2^64", async () => {
      for (const v of [2n ** 64n, 2n ** 200n, -1n, P - 2n ** 64n, (P - 1n) / 2n])
        await c.expectFail({ in: v }, "Num2Bits<RangeCheck");
    });
  });

  describe("GreaterEq(20)", () => {
    let c: GreaterEqTester;
    before(async () => {
      c = await WitnessTester.compile({
        file: "range-check.circom",
        template: "GreaterEq",
        params: [20],
      });
    });
    it("accepts a >= b with a - b < 2^20", async () => {
      await c.expectPass({ a: 10000, b: 10000 });
      await c.expectPass({ a: 1000000, b: 10000 });
      await c.expectPass({ a: 2n ** 20n - 1n, b: 0 });
    });
    it("rejects a < b (wraps near p) and a - b >= 2^20", async () => {
      await c.expectFail({ a: 9999, b: 10000 }, "Num2Bits<GreaterEq");
      await c.expectFail({ a: 0, b: 1 }, "Num2Bits<GreaterEq");
      await c.expectFail({ a: 2n ** 20n, b: 0 }, "Num2Bits<GreaterEq");
      await c.expectFail({ a: P - 1n, b: 0 }, "Num2Bits<GreaterEq");
    });
  });

  for (const B of [64, 200]) {
    describe(`SignedAbs(${B})`, () => {
      let c: SignedAbsTester;
      const max = 2n ** BigInt(B) - 1n;
      before(async () => {
        c = await WitnessTester.compile({
          file: "range-check.circom",
          template: "SignedAbs",
          params: [B],
        });
      });
      it("accepts abs(x) < 2^B with the right abs and sign", async () => {
        await c.expectPass({ in: 0 }, { absValue: 0 });
        await c.expectPass({ in: 5 }, { absValue: 5, isNonNeg: 1 });
        await c.expectPass({ in: -5 }, { absValue: 5, isNonNeg: 0 });
        await c.expectPass({ in: max }, { absValue: max, isNonNeg: 1 });
        await c.expectPass({ in: -max }, { absValue: max, isNonNeg: 0 });
        await c.expectPass({ in: P - 1n }, { absValue: 1, isNonNeg: 0 }); // p - 1 is -1
      });
      it("rejects abs(x) >= 2^B and values near the middle of the field", async () => {
        for (const v of [
          max + 1n,
          -(max + 1n),
          P - 2n ** BigInt(B),
          2n ** 252n,
          (P - 1n) / 2n,
          (P + 1n) / 2n,
          P - 2n ** 252n,
        ]) {
          await c.expectFail({ in: v }, "Num2Bits<SignedAbs");
        }
      });
      it("pins the sign hint: a lying hint fails even with abs and bits rewritten", async () => {
        const bitNames = c.signalNames(/Num2Bits.*\.out\[\d+\]$/);
        for (const x of [5n, -5n, max, -max, 1n, -1n]) {
          const w = await c.expectPass({ in: x });
          const sign = c.readSignal(w, "isNonNeg");
          // Lie: flip the sign; abs must then be -x (mod p) to satisfy abs = (2s - 1) x.
          const lie = field(sign === 1n ? -x : x);
          const edits: Record<"isNonNeg" | "absValue" | SymName, bigint> = {
            isNonNeg: 1n - sign,
            absValue: lie,
          };
          const bits = bitsOf(lie, B);
          for (const n of bitNames) edits[n] = bits[Number(/\[(\d+)\]$/.exec(n)![1])];
          await c.expectFailWithEditedWitness({ in: x }, { isNonNeg: 1n - sign });
          await c.expectFailWithEditedWitness({ in: x }, edits);
        }
      });
      it("the hint of 0 is free and harmless (abs(0) = 0 either way)", async () => {
        const w = await c.expectPass({ in: 0 });
        const edited = w.slice();
        edited[c.signalIndex("isNonNeg")] = 1n - w[c.signalIndex("isNonNeg")];
        expect(c.firstFailingConstraint(edited)).to.equal(-1);
      });
    });
  }

  for (const COUNT of [2, 4, 5]) {
    describe(`OneHot(${COUNT})`, () => {
      let c: OneHotTester;
      before(async () => {
        c = await WitnessTester.compile({
          file: "range-check.circom",
          template: "OneHot",
          params: [COUNT],
        });
      });
      it("decodes every index in range", async () => {
        for (let k = 0; k < COUNT; k++) {
          const expected: Record<`sel[${number}]`, number> = {};
          for (let j = 0; j < COUNT; j++) expected[`sel[${j}]`] = j === k ? 1 : 0;
          await c.expectPass({ index: k }, expected);
        }
      });
      it("rejects an index that selects no group (COUNT, p - 1, 2^64)", async () => {
        for (const v of [BigInt(COUNT), P - 1n, 2n ** 64n])
          await c.expectFail({ index: v }, "OneHot");
      });
      it("pins the selector hints (edited witnesses)", async () => {
        expect(c.signalNames(/^main\.index$/)).to.deep.equal([]); // eliminated by --O2, see below
        const kept = c.signalNames(/^main\.sel\[\d+\]$/);
        expect(kept.length).to.equal(COUNT); // outputs of main are never optimised away
        for (let k = 0; k < COUNT; k++) {
          const other = (k + 1) % COUNT;
          // no group selected
          await c.expectFailWithEditedWitness({ index: k }, { [`sel[${k}]`]: 0 });
          // two groups selected
          await c.expectFailWithEditedWitness({ index: k }, { [`sel[${other}]`]: 1 });
          // (Moving the one to another selector is not a cheat here: --O2 replaces the
          // private input index by sum_k k * sel[k], so that witness is the honest one of
          // another index. In Solvency the index is pinned by the instrument leaf.)
          // a non-boolean split
          await c.expectFailWithEditedWitness(
            { index: k },
            { [`sel[${k}]`]: 2, [`sel[${other}]`]: -1 },
          );
        }
      });
    });
  }
});
