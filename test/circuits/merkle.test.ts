import { expect } from "chai";
import { WitnessTester, P, type CircuitInput } from "./tester";
import type {
  InstrumentInclusionIn,
  InstrumentInclusionTester,
  InstrumentLeafTester,
  MerkleCapRootTester,
  MerklePathNodeTester,
  MuxByBitsTester,
} from "./signals";
import { SMALL, demoMarket, instrumentLeaf, instrumentTree, merklePath, idField } from "./fixtures";

const market = demoMarket();
const levels = instrumentTree(market, SMALL.DEPTH);
const root = levels[SMALL.DEPTH][0];
const L = SMALL.PATH_LEVELS;
const cap = levels[L];
const bitsOf = (i: number, from: number, count: number): number[] =>
  Array.from({ length: count }, (_, d) => (i >> (from + d)) & 1);

describe("merkle-root.circom / instrument-inclusion.circom", () => {
  describe("MerklePathNode(2), MerkleCapRoot(2), MuxByBits(2)", () => {
    let path: MerklePathNodeTester;
    let capRoot: MerkleCapRootTester;
    let mux: MuxByBitsTester;
    before(async () => {
      path = await WitnessTester.compile({
        file: "merkle-root.circom",
        template: "MerklePathNode",
        params: [L],
      });
      capRoot = await WitnessTester.compile({
        file: "merkle-root.circom",
        template: "MerkleCapRoot",
        params: [SMALL.DEPTH - L],
      });
      mux = await WitnessTester.compile({
        file: "merkle-root.circom",
        template: "MuxByBits",
        params: [SMALL.DEPTH - L],
      });
    });
    it("hash every leaf up to its cap node (PROTOCOL section 6 path bits)", async () => {
      for (let i = 0; i < 1 << SMALL.DEPTH; i++) {
        await path.expectPass(
          {
            leaf: levels[0][i],
            indexBits: bitsOf(i, 0, L),
            pathElements: merklePath(levels, i).slice(0, L),
          },
          { node: cap[i >> L] },
        );
      }
    });
    it("hash the cap to the tree's root", async () => {
      await capRoot.expectPass({ nodes: cap }, { root });
      const w = await capRoot.expectPass({ nodes: cap.map((x, k) => (k === 3 ? x + 1n : x)) });
      expect(capRoot.readSignal(w, "root")).to.not.equal(root);
    });
    it("select exactly the addressed cap node", async () => {
      const values = [11n, 22n, 33n, P - 1n];
      for (let k = 0; k < 4; k++)
        await mux.expectPass({ values, bits: bitsOf(k, 0, 2) }, { out: values[k] });
    });
    it("a wrong leaf, path element or index bit gives another node", async () => {
      const sib = merklePath(levels, 2).slice(0, L);
      const w1 = await path.expectPass({
        leaf: levels[0][2] + 1n,
        indexBits: [0, 1],
        pathElements: sib,
      });
      expect(path.readSignal(w1, "node")).to.not.equal(cap[0]);
      const w2 = await path.expectPass({
        leaf: levels[0][2],
        indexBits: [1, 1],
        pathElements: sib,
      });
      expect(path.readSignal(w2, "node")).to.not.equal(cap[0]);
      const w3 = await path.expectPass({
        leaf: levels[0][2],
        indexBits: [0, 1],
        pathElements: [sib[0], sib[1] + 1n],
      });
      expect(path.readSignal(w3, "node")).to.not.equal(cap[0]);
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
            groupWord: inst.groupIndex,
            mark: inst.mark,
            floor: inst.floor,
            risk: inst.risk,
          },
          { leaf: instrumentLeaf(inst) },
        );
      }
    });
  });

  describe("InstrumentInclusion(16, 4, 2)", () => {
    let c: InstrumentInclusionTester;
    const honest = (i: number, enabled = 1) => {
      const inst = market.instruments[i];
      return {
        enabled,
        instrumentCap: cap,
        instrumentId: idField(inst.id),
        groupWord: inst.groupIndex,
        mark: inst.mark,
        floor: inst.floor,
        risk: inst.risk,
        leafIndex: i,
        pathElements: merklePath(levels, i).slice(0, L),
      };
    };
    before(async () => {
      c = await WitnessTester.compile({
        file: "instrument-inclusion.circom",
        template: "InstrumentInclusion",
        params: [SMALL.S, SMALL.DEPTH, L],
      });
    });
    it("accepts every listed instrument", async () => {
      for (let i = 0; i < market.instruments.length; i++) await c.expectPass(honest(i));
    });
    it("rejects a wrong leaf (id, group, mark, floor, risk), path, index or cap", async () => {
      const h = honest(2);
      const cheats: Partial<CircuitInput<InstrumentInclusionIn>>[] = [
        { instrumentId: idField("BTC-PERP") },
        { groupWord: 1 },
        { mark: h.mark + 1n },
        { floor: 0 },
        { risk: h.risk.map((r, s) => (s === 15 ? r - 1n : r)) },
        { pathElements: h.pathElements.map((x, d) => (d === 0 ? x + 1n : x)) },
        { leafIndex: 3 },
        // The same position in another cap subtree (high index bits select another node).
        { leafIndex: 2 + 4 },
        { instrumentCap: cap.map((x, k) => (k === 0 ? x + 1n : x)) },
      ];
      for (const cheat of cheats) await c.expectFail({ ...h, ...cheat }, "InstrumentInclusion");
      // An index past the tree aliases no path: the DEPTH-bit decomposition rejects it.
      for (const v of [2n + 16n, P - 1n, 2n ** 64n])
        await c.expectFail({ ...h, leafIndex: v }, "Num2Bits<InstrumentInclusion");
    });
    it("is switched off for an empty slot (enabled = 0): any leaf data passes", async () => {
      await c.expectPass({
        ...honest(0, 0),
        instrumentId: 0,
        groupWord: 0,
        mark: 0,
        floor: 0,
        risk: Array(16).fill(0),
        pathElements: Array(L).fill(0),
        leafIndex: 0,
      });
      await c.expectPass({ ...honest(1, 0), mark: 12345 });
    });
    it("still range-checks the leaf index when switched off", async () => {
      await c.expectFail({ ...honest(1, 0), leafIndex: 16 }, "Num2Bits<InstrumentInclusion");
    });
  });
});
