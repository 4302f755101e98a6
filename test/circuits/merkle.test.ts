import { expect } from "chai";
import { WitnessTester, P, type CircuitInput } from "./tester";
import type {
  InstrumentInclusionIn,
  InstrumentInclusionTester,
  InstrumentLeafTester,
  MerkleRootTester,
} from "./signals";
import { SMALL, demoMarket, instrumentLeaf, instrumentTree, merklePath, idField } from "./fixtures";

const market = demoMarket();
const levels = instrumentTree(market, SMALL.DEPTH);
const root = levels[SMALL.DEPTH][0];

describe("merkle-root.circom / instrument-inclusion.circom", () => {
  describe("MerkleRoot(4)", () => {
    let c: MerkleRootTester;
    before(async () => {
      c = await WitnessTester.compile({
        file: "merkle-root.circom",
        template: "MerkleRoot",
        params: [SMALL.DEPTH],
      });
    });
    it("computes the root of every leaf position (PROTOCOL section 6 path bits)", async () => {
      for (let i = 0; i < 1 << SMALL.DEPTH; i++) {
        await c.expectPass(
          { leaf: levels[0][i], leafIndex: i, pathElements: merklePath(levels, i) },
          { root },
        );
      }
    });
    it("a wrong leaf, path element or index gives another root", async () => {
      const path = merklePath(levels, 2);
      const w1 = await c.expectPass({ leaf: levels[0][2] + 1n, leafIndex: 2, pathElements: path });
      expect(c.readSignal(w1, "root")).to.not.equal(root);
      const w2 = await c.expectPass({ leaf: levels[0][2], leafIndex: 3, pathElements: path });
      expect(c.readSignal(w2, "root")).to.not.equal(root);
      const w3 = await c.expectPass({
        leaf: levels[0][2],
        leafIndex: 2,
        pathElements: path.map((x, d) => (d === 3 ? x + 1n : x)),
      });
      expect(c.readSignal(w3, "root")).to.not.equal(root);
    });
    it("rejects a leaf index >= 2^DEPTH (also p - 1), which could alias a path", async () => {
      for (const v of [16n, 18n, P - 1n, 2n ** 64n]) {
        await c.expectFail(
          { leaf: levels[0][2], leafIndex: v, pathElements: merklePath(levels, 2) },
          "Num2Bits<MerkleRoot",
        );
      }
    });
  });

  describe("InstrumentLeaf(16)", () => {
    it("matches the reference leaf hash", async () => {
      const c: InstrumentLeafTester = await WitnessTester.compile({
        file: "instrument-inclusion.circom",
        template: "InstrumentLeaf",
        params: [SMALL.S],
      });
      for (const inst of market.instruments) {
        await c.expectPass(
          {
            instrumentId: idField(inst.id),
            groupIndex: inst.groupIndex,
            mark: inst.mark,
            floor: inst.floor,
            risk: inst.risk,
          },
          { leaf: instrumentLeaf(inst) },
        );
      }
    });
  });

  describe("InstrumentInclusion(16, 4)", () => {
    let c: InstrumentInclusionTester;
    const honest = (i: number, enabled = 1) => {
      const inst = market.instruments[i];
      return {
        enabled,
        instrumentRoot: root,
        instrumentId: idField(inst.id),
        groupIndex: inst.groupIndex,
        mark: inst.mark,
        floor: inst.floor,
        risk: inst.risk,
        leafIndex: i,
        pathElements: merklePath(levels, i),
      };
    };
    before(async () => {
      c = await WitnessTester.compile({
        file: "instrument-inclusion.circom",
        template: "InstrumentInclusion",
        params: [SMALL.S, SMALL.DEPTH],
      });
    });
    it("accepts every listed instrument", async () => {
      for (let i = 0; i < market.instruments.length; i++) await c.expectPass(honest(i));
    });
    it("rejects a wrong leaf (id, group, mark, floor, risk), path, index or root", async () => {
      const h = honest(2);
      const cheats: Partial<CircuitInput<InstrumentInclusionIn>>[] = [
        { instrumentId: idField("BTC-PERP") },
        { groupIndex: 1 },
        { mark: h.mark + 1n },
        { floor: 0 },
        { risk: h.risk.map((r, s) => (s === 15 ? r - 1n : r)) },
        { pathElements: h.pathElements.map((x, d) => (d === 0 ? x + 1n : x)) },
        { leafIndex: 3 },
        { instrumentRoot: root + 1n },
      ];
      for (const cheat of cheats) await c.expectFail({ ...h, ...cheat }, "InstrumentInclusion");
      // An index past the tree aliases no path: the DEPTH-bit decomposition rejects it.
      await c.expectFail({ ...h, leafIndex: 2 + 16 }, "Num2Bits<MerkleRoot<InstrumentInclusion");
    });
    it("is switched off for an empty slot (enabled = 0): any leaf data passes", async () => {
      await c.expectPass({
        ...honest(0, 0),
        instrumentId: 0,
        groupIndex: 0,
        mark: 0,
        floor: 0,
        risk: Array(16).fill(0),
        pathElements: Array(4).fill(0),
        leafIndex: 0,
      });
      await c.expectPass({ ...honest(1, 0), mark: 12345 });
    });
    it("still range-checks the leaf index when switched off", async () => {
      await c.expectFail(
        { ...honest(1, 0), leafIndex: 16 },
        "Num2Bits<MerkleRoot<InstrumentInclusion",
      );
    });
  });
});
