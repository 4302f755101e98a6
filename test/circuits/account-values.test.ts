import { expect } from "chai";
import { WitnessTester, P, type CircuitInput } from "./tester";
import type { AccountValuesIn, AccountValuesTester } from "./signals";
import { SMALL, DEMO_AMOUNTS, demoMarket, demoPortfolio, solvencyInput } from "./fixtures";

const fx = solvencyInput(demoMarket(), demoPortfolio(), DEMO_AMOUNTS, 10000n, SMALL);
const honest: CircuitInput<AccountValuesIn> = {
  quantity: fx.input.quantity,
  costBasis: fx.input.costBasis,
  mark: fx.input.mark,
  floor: fx.input.floor,
  cash: fx.input.cash,
  amount: fx.input.amount,
  effectiveAmount: fx.input.amount, // no tiers: e_j = a_j
  unitValue0: (fx.input.unitValue as bigint[][]).map((u) => u[0]),
};
const at = (xs: unknown, i: number, v: bigint) => (xs as bigint[]).map((x, k) => (k === i ? v : x));

describe("account-values.circom: AccountValues(4, 4)", () => {
  let c: AccountValuesTester;
  before(async () => {
    c = await WitnessTester.compile({
      file: "account-values.circom",
      template: "AccountValues",
      params: [SMALL.N, SMALL.K],
    });
  });

  it("computes Floor, NLV, HC_0 and Equity like the reference", async () => {
    const m = fx.margin;
    await c.expectPass(honest, {
      floorTotal: m.floor,
      netLiquidationValue: m.netLiquidationValue,
      haircutCollateral: m.haircutCollateral,
      equity: m.equity,
    });
  });

  it("uses abs(q) for the floor: a long and a short of the same size cost the same", async () => {
    const q = honest.quantity as bigint[];
    const w = await c.expectPass({ ...honest, quantity: at(q, 1, -q[1]) });
    expect(c.readSignal(w, "floorTotal")).to.equal(fx.margin.floor);
  });

  it("accepts the extreme in-range values", async () => {
    await c.expectPass({ ...honest, quantity: at(honest.quantity, 3, -(2n ** 64n - 1n)) });
    // cash - sum(c) = -(2^205 - 1): the extreme of the one check on cost bases and cash.
    const sumC = (honest.costBasis as bigint[]).reduce((x, y) => x + y, 0n);
    await c.expectPass({
      ...honest,
      cash: sumC - (2n ** 205n - 1n),
      amount: at(honest.amount, 3, 2n ** 100n - 1n),
    });
    await c.expectPass({ ...honest, cash: sumC + 2n ** 205n - 1n });
  });

  const SIGNED = "Num2Bits<SignedAbs<AccountValues";
  it("rejects a quantity with abs >= 2^64 or near the modulus", async () => {
    for (const v of [
      2n ** 64n,
      -(2n ** 64n),
      P - 2n ** 64n,
      2n ** 200n,
      (P - 1n) / 2n,
      (P + 1n) / 2n,
    ]) {
      await c.expectFail({ ...honest, quantity: at(honest.quantity, 0, v) }, SIGNED);
    }
  });
  it("rejects cash - sum(cost basis) with abs >= 2^205 or near the modulus", async () => {
    const sumC = (honest.costBasis as bigint[]).reduce((x, y) => x + y, 0n);
    const cash = honest.cash as bigint;
    for (const v of [2n ** 205n, -(2n ** 205n), P - 2n ** 205n, 2n ** 252n, (P - 1n) / 2n]) {
      // through the cash ...
      await c.expectFail({ ...honest, cash: sumC + v }, SIGNED);
      // ... and through one cost basis (cash - sum c = v)
      const c2 = (honest.costBasis as bigint[])[2] + (cash - sumC) - v;
      await c.expectFail({ ...honest, costBasis: at(honest.costBasis, 2, c2) }, SIGNED);
    }
  });
  it("checks cost bases and cash only through their sum, the only way they enter NLV", async () => {
    // A cost basis beyond the SDK's 2^200 bound offset by the cash gives the same NLV: the
    // circuit proves NLV exactly; each value's own bound is the SDK's, bound by the
    // venue-attested commitment (PROTOCOL section 4).
    const big = 2n ** 201n;
    const w = await c.expectPass({
      ...honest,
      costBasis: at(honest.costBasis, 2, (honest.costBasis as bigint[])[2] + big),
      cash: (honest.cash as bigint) + big,
    });
    expect(c.readSignal(w, "netLiquidationValue")).to.equal(fx.margin.netLiquidationValue);
  });
  it("rejects a negative amount or one >= 2^100", async () => {
    for (const v of [-1n, P - 1n, -(10n ** 6n), 2n ** 100n, P - 2n ** 100n]) {
      await c.expectFail(
        { ...honest, amount: at(honest.amount, 0, v) },
        "Num2Bits<RangeCheck<AccountValues",
      );
    }
  });
  it("values collateral at its effective amount and outputs abs(q)", async () => {
    const e = at(honest.amount, 1, (honest.amount as bigint[])[1] / 2n);
    const u0 = honest.unitValue0 as bigint[];
    const w = await c.expectPass({ ...honest, effectiveAmount: e });
    expect(c.readSignal(w, "haircutCollateral")).to.equal(
      fx.margin.haircutCollateral - ((honest.amount as bigint[])[1] - e[1]) * u0[1],
    );
    const q = honest.quantity as bigint[];
    const absQ = q.map((_, i) => c.readSignal(w, `absQuantity[${i}]`));
    expect(absQ).to.deep.equal(q.map((x) => (x < 0n ? -x : x)));
  });
  it("pins every sign hint of a non-zero value (edited witnesses)", async () => {
    const hints = c.signalNames(/SignedAbs.*\.isNonNeg$/);
    expect(hints.length).to.equal(SMALL.N + 1); // q per slot, and cash - sum(c)
    const w = await c.expectPass(honest);
    let pinned = 0;
    for (const name of hints) {
      if (/\[3\]\.isNonNeg$/.test(name)) continue; // the empty slot: q = 0, sign is free
      await c.expectFailWithEditedWitness(honest, { [name]: 1n - c.readSignal(w, name) });
      pinned++;
    }
    expect(pinned).to.equal(3 + 1);
  });
});
