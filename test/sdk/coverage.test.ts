/**
 * The coverage bound (PROTOCOL section 4): the circuit's witness comparisons are sized for
 * abs(req_{g,s}) < 2^150 V (1.4e15 USD). The margin report stays exact beyond it; the circuit
 * input is refused with a typed error naming the group and the scenario.
 */
import { expect } from "chai";
import { buildCircuitInput } from "../../src/circuit-input";
import { REQ_COVERAGE_LIMIT } from "../../src/bounds";
import { CheckFailedError, OutOfCoverageError } from "../../src/errors";
import { computeMargin } from "../../src/margin";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { buildRiskTable } from "../../src/risk-table";
import { parseBalances, parseMarket, parsePortfolio } from "../../src/schema";
import { tinyBalances, tinyMarket, tinyPortfolio } from "./helpers";

/** A BTC-PERP at 1,000,000 USD with a 30% scan range: up to 315,000 USD of loss per contract. */
function setup(contracts: string, cashUsd = "1000000000000000") {
  const m = tinyMarket();
  m.groups = [{ id: "BTC", price: "1000000", psr: "0.3", vsr: "0.2" }];
  (m.instruments as Array<Record<string, unknown>>)[0].mark = "1000000";
  const table = buildRiskTable(parseMarket(m), "small");
  const portfolio = toIntegerPortfolio(
    parsePortfolio(
      tinyPortfolio([{ instrument: "BTC-PERP", quantity: contracts, costBasis: "0" }], cashUsd),
    ),
    table,
  );
  const balances = toIntegerBalances(parseBalances(tinyBalances({ USDC: "1" })), table);
  return { table, portfolio, balances };
}

describe("the circuit's coverage bound on scenario requirements", () => {
  it("builds the input of a 1.6e14 USD requirement (inside 2^150 V)", () => {
    const { table, portfolio, balances } = setup("500000000", "0"); // equity: the 5e14 USD mark value // 5e8 contracts x 3.15e5 USD
    const m = computeMargin(table, portfolio, balances.amounts, 10000n);
    expect(m.scan < REQ_COVERAGE_LIMIT).to.equal(true);
    expect(buildCircuitInput(table, portfolio, balances, 10000n, m).groupWitness[0]).to.equal(
      m.scan.toString(),
    );
  });

  it("refuses a 3.2e15 USD requirement with an OutOfCoverageError naming group and scenario", () => {
    const { table, portfolio, balances } = setup("10000000000", "100000000000000000000"); // 1e10 contracts x 3.15e5 USD
    const m = computeMargin(table, portfolio, balances.amounts, 10000n);
    expect(m.solvent).to.equal(true); // the report is exact and says solvent ...
    expect(m.scan >= REQ_COVERAGE_LIMIT).to.equal(true);
    let err: unknown;
    try {
      buildCircuitInput(table, portfolio, balances, 10000n, m); // ... but no proof can be built
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(OutOfCoverageError);
    expect(err).to.be.instanceOf(CheckFailedError);
    const c = err as OutOfCoverageError;
    expect(c.code).to.equal("coverage");
    expect(c.group).to.equal("BTC");
    expect(c.scenario).to.be.within(0, 15);
    expect(c.message).to.match(/coverage bound 2\^150 V/);
  });

  it("refuses an equity of 2^150 V (1.4e15 USD) or more, with no group or scenario", () => {
    const { table, portfolio, balances } = setup("1", "2000000000000000"); // 2e15 USD cash
    const m = computeMargin(table, portfolio, balances.amounts, 10000n);
    let err: unknown;
    try {
      buildCircuitInput(table, portfolio, balances, 10000n, m);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(OutOfCoverageError);
    expect((err as OutOfCoverageError).group).to.equal(null);
    expect((err as OutOfCoverageError).message).to.match(/equity .* coverage bound 2\^150 V/);
  });
});
