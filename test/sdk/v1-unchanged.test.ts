// Issue 14's hard rule: a v1 market.json (no SPEC 7.1 field) gives the same risk.json bytes,
// risk root and margin figures as before the margin model v2. The fixtures in
// test/vectors/v1-examples/ were captured with the v1 code (before any v2 change): the
// example market's risk.json (standard and small instances) and, for every examples/
// portfolio at multipliers 1.0 and 1.25, `zkmargin margin --json` and the text report.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parseMarket, parseBalances, parsePortfolio } from "../../src/schema";
import { buildRiskTable, parseRiskTable, serializeRiskTable } from "../../src/risk-table";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { computeMargin } from "../../src/margin";
import { formatMarginText, marginReportJson } from "../../src/report";
import { EXAMPLES, ROOT, example } from "./helpers";

const VECTORS = path.join(ROOT, "test", "vectors", "v1-examples");
const read = (name: string): string => fs.readFileSync(path.join(VECTORS, name), "utf8");
const BOOKS = ["hedged-options", "insolvent", "perps", "wrong-way"];

describe("v1 examples are unchanged by the margin model v2 (issue 14)", () => {
  for (const instance of ["standard", "small"]) {
    it(`examples/market.json gives the v1 risk.json bytes and root (${instance})`, () => {
      const table = buildRiskTable(parseMarket(example("market.json")), instance);
      const text = serializeRiskTable(table);
      expect(text).to.equal(read(`risk-${instance}.json`));
      expect(serializeRiskTable(parseRiskTable(JSON.parse(text)))).to.equal(text);
    });
  }

  const table = buildRiskTable(parseMarket(example("market.json")), "standard");
  for (const book of BOOKS) {
    for (const m of [10000n, 12500n]) {
      it(`${book} at ${m} bps: the v1 margin figures, JSON and text, byte for byte`, () => {
        const file = (n: string) =>
          JSON.parse(fs.readFileSync(path.join(EXAMPLES, n), "utf8")) as unknown;
        const portfolio = toIntegerPortfolio(parsePortfolio(file(`portfolio-${book}.json`)), table);
        const balances = toIntegerBalances(parseBalances(file(`balances-${book}.json`)), table);
        const r = computeMargin(table, portfolio, balances.amounts, m);
        expect(JSON.stringify(marginReportJson(r), null, 2) + "\n").to.equal(
          read(`margin-${book}-m${m}.json`),
        );
        expect(formatMarginText(r)).to.equal(read(`margin-${book}-m${m}.txt`));
        // the v2 terms are neutral: no credit, no add-on, e_j = a_j
        expect(r.diversificationCredit).to.equal(0n);
        expect(r.scan).to.equal(r.uncorrelatedScan);
        expect(r.liquidity).to.equal(0n);
        expect(r.effectiveAmounts).to.deep.equal(balances.amounts);
        expect(r.features).to.deep.equal({
          correlation: false,
          concentration: false,
          tiers: false,
        });
      });
    }
  }
});
