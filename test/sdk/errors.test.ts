/**
 * Errors are data: each SDK error has a stable `code`; an insolvent portfolio is an
 * InsolventError carrying its figures; SDK errors name the argument and the CLI maps it to
 * its flag (src/cli/commands/chain/options.ts).
 */
import { expect } from "chai";
import { ChainCheckError } from "../../src/chain";
import { buildSolvencyInput } from "../../src/circuit-input";
import { ArgumentError, CheckFailedError, InputError, InsolventError } from "../../src/errors";
import { toIntegerBalances, toIntegerPortfolio } from "../../src/portfolio";
import { buildRiskTable } from "../../src/risk-table";
import { parseBalances, parseMarket, parsePortfolio } from "../../src/schema";
import { toCliError } from "../../src/cli/commands/chain/options";
import { tinyBalances, tinyMarket, tinyPortfolio } from "./helpers";

describe("typed errors", () => {
  it("every class has its code", () => {
    expect(new InputError("a.json", "x", "bad").code).to.equal("input");
    expect(new ArgumentError("deadline", "bad").code).to.equal("argument");
    expect(new CheckFailedError("no").code).to.equal("check-failed");
    const c = new ChainCheckError("BadNonce", "the attestation has nonce 0");
    expect(c).to.be.instanceOf(CheckFailedError);
    expect(c.code).to.equal("BadNonce");
    expect(c.message).to.equal("BadNonce: the attestation has nonce 0");
  });

  it("an ArgumentError is an InputError naming the argument, not a flag", () => {
    const e = new ArgumentError("deadline", "1 is not after the chain's time 5");
    expect(e).to.be.instanceOf(InputError);
    expect(e.message).to.equal("deadline: 1 is not after the chain's time 5");
    expect(e.message).not.to.contain("--");
  });

  it("an insolvent portfolio is an InsolventError with its figures", () => {
    const table = buildRiskTable(parseMarket(tinyMarket()), "small");
    const portfolio = toIntegerPortfolio(
      parsePortfolio(
        tinyPortfolio([{ instrument: "BTC-PERP", quantity: "2", costBasis: "118000" }], "0"),
      ),
      table,
    );
    const balances = toIntegerBalances(parseBalances(tinyBalances({ USDC: "100" })), table);
    let err: unknown;
    try {
      buildSolvencyInput(table, portfolio, balances, 10000n);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(InsolventError);
    const i = err as InsolventError;
    expect(i.code).to.equal("insolvent");
    expect(i.multiplier).to.equal(10000n);
    expect(i.equity < i.maintenanceMargin).to.equal(true);
  });

  it("the CLI reports an ArgumentError under its flag and appends a check's hint", () => {
    const flags = { tokens: "--tokens", deadline: "--deadline" };
    const a = toCliError(new ArgumentError("deadline", "1 is not after"), { flags });
    expect(a).to.be.instanceOf(InputError);
    expect((a as Error).message).to.equal("command line: --deadline: 1 is not after");
    const t = toCliError(new ArgumentError("tokens[2]", "not an ERC-20"), { flags });
    expect((t as Error).message).to.equal("command line: --tokens[2]: not an ERC-20");
    const unmapped = new ArgumentError("amount", "bad");
    expect(toCliError(unmapped, { flags })).to.equal(unmapped);
    const h = toCliError(new ChainCheckError("NoCommitment", "0xab has no attested commitment"), {
      hints: { NoCommitment: "submit with --attestation first" },
    });
    expect(h).to.be.instanceOf(ChainCheckError);
    expect((h as ChainCheckError).code).to.equal("NoCommitment");
    expect((h as Error).message).to.equal(
      "NoCommitment: 0xab has no attested commitment: submit with --attestation first",
    );
  });
});
