import { expect } from "chai";
import { WitnessTester, P, field, type CircuitInput } from "./tester";
import type { ScenarioRequirementsIn, ScenarioRequirementsTester } from "./signals";
import {
  SMALL,
  DEMO_AMOUNTS,
  demoMarket,
  demoPortfolio,
  solvencyInput,
  type Params,
} from "./fixtures";

const at = (xs: unknown, i: number, v: bigint) => (xs as bigint[]).map((x, k) => (k === i ? v : x));

for (const G of [2, 4]) {
  const p: Params = { ...SMALL, G };
  describe(`scenario-requirements.circom: ScenarioRequirements(4, 4, ${G}, 16)`, () => {
    const fx = solvencyInput(demoMarket(), demoPortfolio(), DEMO_AMOUNTS, 10000n, p);
    const honest: CircuitInput<ScenarioRequirementsIn> = {
      quantity: fx.input.quantity,
      groupIndex: fx.input.groupIndex,
      risk: fx.input.risk,
      amount: fx.input.amount,
      groupTag: fx.input.groupTag,
      unitValue: fx.input.unitValue,
    };
    let c: ScenarioRequirementsTester;
    before(async () => {
      c = await WitnessTester.compile({
        file: "scenario-requirements.circom",
        template: "ScenarioRequirements",
        params: [p.N, p.K, G, p.S],
      });
    });

    it("computes req[g][s] like the reference (positions by group, collateral by tag, tag 0 ignored)", async () => {
      const expected: Record<`req[${number}][${number}]`, bigint> = {};
      fx.margin.req.forEach((row, g) => row.forEach((r, s) => (expected[`req[${g}][${s}]`] = r)));
      await c.expectPass(honest, expected);
      if (G === 4)
        expect(fx.margin.req[2].concat(fx.margin.req[3]).every((r) => r === 0n)).to.equal(true);
    });

    it("moves a position's requirement to the group it selects", async () => {
      // ETH-PERP (slot 2) moved from group 1 to group 0: not bound here (the leaf binds it).
      const w = await c.expectPass({ ...honest, groupIndex: at(honest.groupIndex, 2, 0n) });
      const q = (honest.quantity as bigint[])[2];
      const r = (honest.risk as bigint[][])[2];
      for (let s = 0; s < p.S; s++) {
        expect(c.readSignal(w, `req[0][${s}]`)).to.equal(field(fx.margin.req[0][s] + q * r[s]));
        expect(c.readSignal(w, `req[1][${s}]`)).to.equal(field(fx.margin.req[1][s] - q * r[s]));
      }
    });

    it("rejects a position that selects no group (index >= G, p - 1), also in an empty slot", async () => {
      for (const v of [BigInt(G), BigInt(G + 1), P - 1n, 2n ** 64n]) {
        await c.expectFail(
          { ...honest, groupIndex: at(honest.groupIndex, 3, v) },
          "OneHot<ScenarioRequirements",
        );
        await c.expectFail(
          { ...honest, groupIndex: at(honest.groupIndex, 0, v) },
          "OneHot<ScenarioRequirements",
        );
      }
    });

    it("rejects a collateral group tag > G", async () => {
      await c.expectFail(
        { ...honest, groupTag: at(honest.groupTag, 1, BigInt(G + 1)) },
        "OneHot<ScenarioRequirements",
      );
    });
  });
}
