/**
 * Property test: on random portfolios of the small instance, the circuit accepts the
 * honest input exactly when the reference margin maths says the account is solvent.
 */
import fc from "fast-check";
import { expect } from "chai";
import { WitnessTester } from "./tester";
import type { SolvencyTester } from "./signals";
import {
  SMALL,
  demoMarket,
  demoPortfolio,
  isSolvent,
  solvencyInput,
  type Portfolio,
} from "./fixtures";

describe("Solvency(4, 4, 2, 16, 4, 2) agrees with the reference margin maths (fast-check)", () => {
  let circuit: SolvencyTester;
  const market = demoMarket();
  const base = demoPortfolio();
  before(async () => {
    circuit = await WitnessTester.fromInstance("small");
  });

  it("passes iff solvent", async () => {
    const USD = 10n ** 30n;
    const position = fc.record({
      instrument: fc.constantFrom(...market.instruments.map((i) => i.id)),
      // up to 100 contracts either way, never 0: a position has a quantity (the SDK refuses
      // 0, PROTOCOL section 4), and a quantity-0 slot must be empty (id and cost basis 0),
      // which solvency.test.ts "an empty slot (quantity 0) carries nothing" covers
      quantity: fc.bigInt(-(10n ** 10n), 10n ** 10n).filter((q) => q !== 0n),
      costBasis: fc.bigInt(-(10n ** 7n), 10n ** 7n).map((x) => x * USD),
    });
    const arb = fc.record({
      positions: fc.array(position, { maxLength: SMALL.N }),
      cash: fc.bigInt(-(10n ** 6n), 10n ** 6n).map((x) => x * USD),
      amounts: fc.tuple(
        fc.bigInt(0n, 10n ** 12n),
        fc.bigInt(0n, 10n ** 9n),
        fc.bigInt(0n, 10n ** 20n),
      ),
      multiplier: fc.bigInt(10000n, 1000000n),
    });
    let solvent = 0;
    let insolvent = 0;
    await fc.assert(
      fc.asyncProperty(arb, async ({ positions, cash, amounts, multiplier }) => {
        const pf: Portfolio = { ...base, positions, cash };
        const fx = solvencyInput(market, pf, amounts, multiplier, SMALL);
        if (isSolvent(fx.margin, multiplier)) {
          solvent++;
          await circuit.expectPass(fx.input);
        } else {
          insolvent++;
          await circuit.expectFail(fx.input, "Num2Bits");
        }
      }),
      { numRuns: 60, seed: 20261123 },
    );
    expect(solvent).to.be.greaterThan(0);
    expect(insolvent).to.be.greaterThan(0);
  });
});
