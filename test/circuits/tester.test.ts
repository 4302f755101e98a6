/**
 * The witness tester is typed over a template's signals: a misspelt or missing signal does
 * not compile (`tsc` checks the `@ts-expect-error` lines below: each must be an error) and,
 * should an untyped input reach it, fails at run time too.
 */
import { expect } from "chai";
import { WitnessTester, type CircuitInput } from "./tester";
import type { GreaterEqTester, SignedAbsTester } from "./signals";

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expected a rejection");
}

describe("the typed witness tester", () => {
  let abs: SignedAbsTester;
  let geq: GreaterEqTester;
  before(async () => {
    abs = await WitnessTester.compile({
      file: "range-check.circom",
      template: "SignedAbs",
      params: [64],
    });
    geq = await WitnessTester.compile({
      file: "range-check.circom",
      template: "GreaterEq",
      params: [20],
    });
  });

  it("a misspelt input signal does not compile, nor run", async () => {
    // circom's calculator names it: "Signal x not found" or "Too many values for input signal x".
    // @ts-expect-error "inn" is not an input signal of SignedAbs
    const misspelt: CircuitInput<"in"> = { inn: 5 };
    expect(await rejection(abs.expectPass(misspelt))).to.match(/[Ss]ignal inn\b/);
    // @ts-expect-error "bb" is not an input signal of GreaterEq
    expect(await rejection(geq.expectPass({ a: 2, bb: 1 }))).to.match(/[Ss]ignal bb\b/);
  });

  it("a missing input signal does not compile, nor run", async () => {
    // @ts-expect-error GreaterEq needs both a and b
    expect(await rejection(geq.expectPass({ a: 2 }))).to.match(/Not all inputs have been set/);
  });

  it("a misspelt output or signal name does not compile, nor run", async () => {
    const w = await abs.expectPass({ in: -5 }, { absValue: 5, isNonNeg: 0 });
    // @ts-expect-error "absValu" is not a signal of SignedAbs
    expect(() => abs.readSignal(w, "absValu")).to.throw(/no signal main\.absValu/);
    // @ts-expect-error "isNonNegative" is not a signal of SignedAbs
    const wrongOutput = abs.expectPass({ in: 5 }, { isNonNegative: 1 });
    expect(await rejection(wrongOutput)).to.match(/no signal main\.isNonNegative/);
    // @ts-expect-error GreaterEq declares no signal "out"
    expect(() => geq.readSignal(w, "out")).to.throw(/no signal main\.out/);
  });
});
