import { WitnessTester, P, type CircuitInput } from "./tester";
import type { SolvencyInequalityIn, SolvencyInequalityTester } from "./signals";
import { SMALL, DEMO_AMOUNTS, demoMarket, demoPortfolio, solvencyInput } from "./fixtures";

const fx = solvencyInput(demoMarket(), demoPortfolio(), DEMO_AMOUNTS, 10000n, SMALL);
const m = fx.margin;
const honest: CircuitInput<SolvencyInequalityIn> = {
  req: m.req,
  groupWitness: m.groupWitness,
  correlation: [0n, 0n], // v1: Scan = sum_g w_g, no joint offset
  jointWitness: 0n,
  scanWitness: m.scan,
  liquidity: 0n,
  equity: m.equity,
  floorTotal: m.floor,
  multiplier: 10000n,
};
const at = (xs: bigint[], i: number, v: bigint) => xs.map((x, k) => (k === i ? v : x));
/** Group witnesses with the Scan witness they give without correlations (Scan = sum_g w_g). */
const ws = (w: bigint[]) => ({ groupWitness: w, scanWitness: w.reduce((x, y) => x + y, 0n) });
const INEQ = "Num2Bits<GreaterEq<SolvencyInequality";
const RANGE = "Num2Bits<RangeCheck<SolvencyInequality";

describe("solvency-inequality.circom: SolvencyInequality(2, 16)", () => {
  let c: SolvencyInequalityTester;
  before(async () => {
    c = await WitnessTester.compile({
      file: "solvency-inequality.circom",
      template: "SolvencyInequality",
      params: [SMALL.G, SMALL.S],
    });
  });

  it("accepts honest witnesses w_g = max(0, max_s req) and solvent equity", async () => {
    await c.expectPass(honest);
  });
  it("accepts the boundary 10000 * Equity = M * MM, for the scan and for the floor", async () => {
    await c.expectPass({ ...honest, equity: m.scan }); // M = 1, MM = scan
    await c.expectPass({
      ...honest,
      equity: (m.floor * 3n) / 2n,
      floorTotal: m.floor,
      ...ws([0n, 0n]),
      req: m.req.map((r) => r.map(() => 0n)),
      multiplier: 15000n,
    });
  });
  it("accepts a group whose requirements are all negative with w_g = 0", async () => {
    await c.expectPass({
      ...honest,
      req: [m.req[0], m.req[1].map(() => -(10n ** 40n))],
      ...ws([m.groupWitness[0], 0n]),
    });
  });

  it("rejects a witness one unit below a scenario requirement (each group)", async () => {
    await c.expectFail({ ...honest, ...ws(at(m.groupWitness, 0, m.groupWitness[0] - 1n)) }, INEQ);
    await c.expectFail({ ...honest, ...ws(at(m.groupWitness, 1, m.groupWitness[1] - 1n)) }, INEQ);
  });
  it("rejects a negative or oversized witness (-1, p - 2^150, 2^150)", async () => {
    const zeroReq = { ...honest, req: m.req.map((r) => r.map(() => -1n)) };
    for (const v of [-1n, P - 2n ** 150n, 2n ** 150n])
      await c.expectFail({ ...zeroReq, ...ws([v, 0n]) }, RANGE);
  });
  it("accepts the coverage extremes: w_g = 2^150 - 1 against req = -(2^150 - 1)", async () => {
    // The SDK builds inputs only with abs(req) < 2^150 (REQ_COVERAGE_BITS): the widest
    // honest slack w_g - req is then 2^151 - 2, inside the 151-bit comparison.
    const top = 2n ** 150n - 1n;
    const req = m.req.map((r, g) =>
      r.map((_, s) => (g === 0 && s === 3 ? top : g === 0 ? -top : 0n)),
    );
    // ... and Equity = Scan = 2^150 - 1 at the equity coverage bound: 10000 E < 2^164.
    await c.expectPass({ ...honest, req, ...ws([top, 0n]), equity: top });
  });
  it("rejects a witness below a requirement beyond the coverage bound (structural sizing)", async () => {
    // An attacker's req is only structurally bounded (abs < 2^225): w_g = 0 against req = 1
    // or req = 2^225 - 1 wraps to p - something, which has no 151-bit decomposition.
    for (const r of [1n, 2n ** 150n, 2n ** 225n - 1n]) {
      const req = m.req.map((row, g) => row.map((_, s) => (g === 1 && s === 0 ? r : -1n)));
      await c.expectFail({ ...honest, req, ...ws([0n, 0n]), equity: 10n ** 44n }, INEQ);
    }
  });
  it("rejects negative equity even with MM = 0", async () => {
    const flat = {
      ...honest,
      req: m.req.map((r) => r.map(() => 0n)),
      ...ws([0n, 0n]),
      floorTotal: 0n,
    };
    await c.expectPass({ ...flat, equity: 0n });
    // No separate range check on Equity: 10000 * Equity - M * MM wraps to p - 10000.
    for (const e of [-1n, -(2n ** 224n), P - 2n ** 200n])
      await c.expectFail({ ...flat, equity: e }, INEQ);
    // The final comparisons are sized by the SDK's coverage bound Equity < 2^150 V
    // (10000 * Equity < 2^164); beyond it no input is built, and the circuit refuses too.
    await c.expectPass({ ...flat, equity: 2n ** 150n - 1n });
    await c.expectFail({ ...flat, equity: 2n ** 151n }, INEQ);
  });
  it("rejects 10000 * Equity below M * W or M * Floor by one", async () => {
    await c.expectFail({ ...honest, equity: m.scan - 1n }, INEQ);
    // W = scan + 1 makes M * W not a multiple of 10000: Equity = floor(M * W / 10000) is short.
    const w1 = at(m.groupWitness, 0, m.groupWitness[0] + 1n);
    await c.expectPass({
      ...honest,
      ...ws(w1),
      multiplier: 12345n,
      equity: (12345n * (m.scan + 1n)) / 10000n + 1n,
    });
    await c.expectFail(
      {
        ...honest,
        ...ws(w1),
        multiplier: 12345n,
        equity: (12345n * (m.scan + 1n)) / 10000n,
      },
      INEQ,
    );
    await c.expectFail(
      {
        ...honest,
        equity: m.floor * 2n - 1n,
        floorTotal: m.floor,
        ...ws([0n, 0n]),
        req: m.req.map((r) => r.map(() => 0n)),
        multiplier: 20000n,
      },
      INEQ,
    );
  });
  it("rejects a multiplier outside [10000, 1000000] (9999, 0, 1000001, p - 1, 2^20 + 10000)", async () => {
    const rich = { ...honest, equity: 10n ** 44n };
    await c.expectPass({ ...rich, multiplier: 1000000n });
    for (const v of [9999n, 0n, 1000001n, P - 1n, 2n ** 20n + 10000n])
      await c.expectFail({ ...rich, multiplier: v }, INEQ);
  });
});
