/**
 * Property test over the SDK itself: on random portfolios of the small instance, the
 * circuit built by the pipeline (build/small) accepts the SDK's circuit input exactly when
 * the SDK's reference margin maths says solvent, and its internal figures (HC_0, NLV,
 * Floor, every req[g][s]) equal the reference's integers bit for bit.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { buildCircuitInput } from "../../src/circuit-input";
import { fieldOf } from "../../src/field";
import { REQ_COVERAGE_LIMIT, EQUITY_COVERAGE_LIMIT } from "../../src/bounds";
import { OutOfCoverageError } from "../../src/errors";
import { computeMargin, type MarginResult } from "../../src/margin";
import { IntegerBalances, IntegerPortfolio } from "../../src/portfolio";
import { RiskTable, buildRiskTable } from "../../src/risk-table";
import { parseMarket } from "../../src/schema";
import type { SolvencyTester } from "../circuits/signals";
import { WitnessTester } from "../circuits/tester";

const ROOT = path.resolve(__dirname, "..", "..");
const ACCOUNT = "0x1111111111111111111111111111111111111111";
const USD = 10n ** 30n;

/** examples/market.json with its scan ranges and volatilities scaled, for variety. */
function marketVariant(psrScale: number, ivShift: string): RiskTable {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "market.json"), "utf8"));
  for (const g of json.groups) g.psr = (Number(g.psr) * psrScale).toFixed(4);
  for (const i of json.instruments)
    if (i.kind === "option") i.iv = (Number(i.iv) + Number(ivShift)).toFixed(2);
  return buildRiskTable(parseMarket(json, "market-variant.json"), "small", "market-variant.json");
}

/** True when the margin lies beyond the circuit's coverage bounds (PROTOCOL section 4). */
function beyondCoverage(m: MarginResult): boolean {
  if (m.equity >= EQUITY_COVERAGE_LIMIT) return true;
  return m.groups.some((g) => g.req.some((r) => (r < 0n ? -r : r) >= REQ_COVERAGE_LIMIT));
}

describe("circuit (build/small) vs the SDK reference on random portfolios", () => {
  let circuit: SolvencyTester;
  const tables = [marketVariant(1, "0"), marketVariant(2, "0.1"), marketVariant(0.5, "-0.1")];

  before(async () => {
    circuit = await WitnessTester.fromInstance("small");
  });

  const portfolioArb = (table: RiskTable) =>
    fc.record({
      slots: fc.uniqueArray(fc.integer({ min: 0, max: table.instruments.length - 1 }), {
        maxLength: table.instance.N,
      }),
      quantities: fc.array(
        fc.oneof(
          fc.bigInt(-(10n ** 10n), 10n ** 10n), // up to 100 contracts either way
          fc.bigInt(-(2n ** 63n), 2n ** 63n), // huge books, near the quantity bound
        ),
        { minLength: table.instance.N, maxLength: table.instance.N },
      ),
      costs: fc.array(fc.bigInt(-(10n ** 7n), 10n ** 7n), {
        minLength: table.instance.N,
        maxLength: table.instance.N,
      }),
      cash: fc.bigInt(-(10n ** 6n), 10n ** 6n),
      amounts: fc.array(fc.bigInt(0n, 10n ** 13n), {
        minLength: table.instance.K,
        maxLength: table.instance.K,
      }),
      boundary: fc.constantFrom("random", "at", "one-below"),
    });

  function toInts(
    table: RiskTable,
    p: { slots: number[]; quantities: bigint[]; costs: bigint[]; cash: bigint; amounts: bigint[] },
  ): { portfolio: IntegerPortfolio; balances: IntegerBalances } {
    const portfolio: IntegerPortfolio = {
      accountAddress: ACCOUNT,
      account: BigInt(ACCOUNT),
      positions: p.slots.map((index, k) => ({
        instrument: table.instruments[index].id,
        instrumentId: table.instruments[index].idField,
        index,
        q: p.quantities[k] === 0n ? 1n : p.quantities[k],
        c: p.costs[k] * USD,
      })),
      cash: p.cash * USD,
      nonce: 7n,
      salt: 123456789n,
    };
    const amounts = p.amounts.map((a, j) => (j < table.collateral.length ? a : 0n));
    return { portfolio, balances: { accountAddress: ACCOUNT, account: BigInt(ACCOUNT), amounts } };
  }

  for (const multiplier of [10000n, 12500n]) {
    it(`accepts exactly the solvent portfolios, figures bit for bit (M = ${multiplier} bps, 300 runs)`, async () => {
      const seen = { solvent: 0, insolvent: 0, boundary: 0, beyond: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 0, max: tables.length - 1 })
            .chain((t) => portfolioArb(tables[t]).map((p) => ({ t, p }))),
          async ({ t, p }) => {
            const table = tables[t];
            const { portfolio, balances } = toInts(table, p);
            let margin = computeMargin(table, portfolio, balances.amounts, multiplier);
            if (p.boundary !== "random") {
              // Move cash so that 10000 * Equity = ceil(M * MM / 10000) * 10000 exactly, or one V below.
              const need = (multiplier * margin.maintenanceMargin + 9999n) / 10000n;
              portfolio.cash += need - margin.equity - (p.boundary === "one-below" ? 1n : 0n);
              margin = computeMargin(table, portfolio, balances.amounts, multiplier);
              expect(margin.solvent).to.equal(p.boundary === "at");
              seen.boundary++;
            }
            if (beyondCoverage(margin)) {
              // Huge books can exceed the coverage bounds that size the circuit's comparisons
              // (abs(req) < 2^150 V, Equity < 2^150 V): the SDK refuses to build the input.
              expect(() =>
                buildCircuitInput(table, portfolio, balances, multiplier, margin),
              ).to.throw(OutOfCoverageError);
              seen.beyond++;
              return;
            }
            const input = buildCircuitInput(table, portfolio, balances, multiplier, margin);
            if (margin.solvent) {
              seen.solvent++;
              const w = await circuit.expectPass(input);
              expect(circuit.readSignal(w, "haircutCollateral")).to.equal(
                fieldOf(margin.haircutCollateral),
              );
              expect(circuit.readSignal(w, "netLiquidationValue")).to.equal(
                fieldOf(margin.netLiquidationValue),
              );
              expect(circuit.readSignal(w, "floorTotal")).to.equal(fieldOf(margin.floor));
              for (const g of margin.groups)
                for (let s = 0; s < table.instance.S; s++)
                  expect(circuit.readSignal(w, `req[${g.index}][${s}]`)).to.equal(
                    fieldOf(g.req[s]),
                  );
            } else {
              seen.insolvent++;
              await circuit.expectFail(input);
            }
          },
        ),
        { numRuns: 300, seed: Number(multiplier) },
      );
      // The generator must exercise both outcomes and the boundary.
      expect(seen.solvent).to.be.greaterThan(20);
      expect(seen.insolvent).to.be.greaterThan(20);
      expect(seen.boundary).to.be.greaterThan(40);
      expect(seen.beyond).to.be.greaterThan(0);
    });
  }
});
