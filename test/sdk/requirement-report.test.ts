/**
 * The margin report's requirement block (src/report/requirement.ts) on the example books:
 * requirement = ceil(M x MM), excess = Equity - requirement (>= 0 exactly when solvent), and
 * each withdrawable amount is the largest that keeps the account solvent (one more base unit
 * does not); the v1 text report is unchanged above the block.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parseBalances, parseMarket, parsePortfolio } from "../../src/schema";
import { buildRiskTable } from "../../src/risk-table";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { computeMargin, solventAt } from "../../src/margin";
import { formatMarginText, formatRequirementText, requirementSummary } from "../../src/report";
import { EXAMPLES, example } from "./helpers";

describe("margin report: requirement, excess and withdrawable amounts", () => {
  const table = buildRiskTable(parseMarket(example("market.json")), "standard");
  const file = (n: string) =>
    JSON.parse(fs.readFileSync(path.join(EXAMPLES, n), "utf8")) as unknown;
  for (const book of ["hedged-options", "insolvent", "perps", "wrong-way"]) {
    for (const m of [10000n, 12500n]) {
      it(`${book} at ${m} bps`, () => {
        const portfolio = toIntegerPortfolio(parsePortfolio(file(`portfolio-${book}.json`)), table);
        const balances = toIntegerBalances(parseBalances(file(`balances-${book}.json`)), table);
        const r = computeMargin(table, portfolio, balances.amounts, m);
        const s = requirementSummary(table, portfolio, balances, r);
        expect(10000n * s.requirement >= m * r.maintenanceMargin).to.equal(true);
        expect(10000n * (s.requirement - 1n) < m * r.maintenanceMargin).to.equal(true);
        expect(s.excess).to.equal(r.equity - s.requirement);
        expect(s.excess >= 0n && r.equity >= 0n).to.equal(r.solvent);
        const solventAfter = (slot: number, w: bigint) => {
          const amounts = balances.amounts.slice();
          amounts[slot] -= w;
          return solventAt(computeMargin(table, portfolio, amounts, m), m);
        };
        for (const w of s.withdrawable) {
          if (!r.solvent) expect(w.amount).to.equal(0n);
          else {
            expect(solventAfter(w.slot, w.amount), w.symbol).to.equal(true);
            if (w.amount < w.balance)
              expect(solventAfter(w.slot, w.amount + 1n), w.symbol).to.equal(false);
          }
        }
        const text = formatMarginText(r, formatRequirementText(s));
        const plain = formatMarginText(r);
        const verdict = r.solvent ? "\nSOLVENT\n" : "\nINSOLVENT\n";
        expect(text.startsWith(plain.slice(0, -verdict.length))).to.equal(true);
        expect(text.endsWith(verdict)).to.equal(true);
      });
    }
  }
});
