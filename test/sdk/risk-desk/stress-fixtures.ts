// Shared fixtures of the stress tests: a hand-checkable market and book (figures in the
// comments are computed by hand).
import { expect } from "chai";
import {
  InputError,
  parseBalances,
  parseMarket,
  parsePortfolio,
  pow10,
  V_DECIMALS,
} from "../../../src";
import type { Market } from "../../../src/schema";
import {
  type AccountFiles,
  type Book,
  type StressScenario,
  makeBook,
  parseShocks,
} from "../../../src/risk-desk/stress";

export const USD = pow10(V_DECIMALS);

/**
 * One group BTC at 100,000 (psr 0.08; extreme coverage 0.30 so the worst scenario is a
 * 1 x psr move: the scan of q long perps is 0.08 x P x q), USDC (haircut 0.02) unmoved.
 */
export function handMarketJson(): Record<string, unknown> {
  return {
    version: 1,
    epoch: 1,
    timestamp: 1763900000,
    groups: [{ id: "BTC", price: "100000", psr: "0.08", vsr: "0.25" }],
    collateral: [
      { symbol: "USDC", token: "0x" + "11".repeat(20), decimals: 6, price: "1", haircut: "0.02" },
    ],
    instruments: [
      {
        id: "BTC-PERP",
        group: "BTC",
        kind: "perpetual",
        mark: "100000",
        multiplier: "1",
        floor: "0",
      },
      { id: "BTC-FUT", group: "BTC", kind: "future", mark: "100000", multiplier: "1", floor: "0" },
    ],
    scenario: { extremeMultiple: "3", extremeCoverage: "0.30" },
  };
}

export function handMarket(): Market {
  return parseMarket(handMarketJson());
}

export function account(
  name: string,
  n: number,
  positions: Array<[string, string, string]>,
  usdc: string,
): AccountFiles {
  const acct = "0x" + n.toString(16).padStart(40, "0");
  return {
    name,
    portfolioFile: `${name}.portfolio.json`,
    balancesFile: `${name}.balances.json`,
    portfolio: parsePortfolio({
      version: 1,
      account: acct,
      positions: positions.map(([instrument, quantity, costBasis]) => ({
        instrument,
        quantity,
        costBasis,
      })),
      cash: "0",
      nonce: 0,
      salt: "0x01",
    }),
    balances: parseBalances({ version: 1, account: acct, balances: { USDC: usdc } }),
  };
}

/**
 * Long 10 BTC-PERP bought at 100,000 with collateral C (haircut value 0.98 C). At a fraction
 * t of a -40% move: Equity = 0.98 C - 400,000 t, MM = 0.08 x 10 x 100,000 (1 - 0.4 t).
 * Solvent while 0.98 C - 80,000 >= 368,000 t:
 *   C = 300,000: t <= 0.5815 -> lapses at 0.60; shortfall at t = 1: 400,000 - 294,000 = 106,000
 *   C = 200,000: t <= 0.3152 -> lapses at 0.35; shortfall 400,000 - 196,000 = 204,000
 *   C = 150,000: t <= 0.1821 -> lapses at 0.20; shortfall 253,000
 *   C =  60,000: 58,800 < 80,000 -> not solvent before the shock (t = 0); shortfall 341,200
 * The hedged account (long perp, short future, same price) has no risk: equity 9,800.
 */
export function handBook(): Book {
  const long = (name: string, n: number, c: string) =>
    account(name, n, [["BTC-PERP", "10", "1000000"]], c);
  return makeBook([
    long("a-long", 1, "200000"),
    long("b-thin", 2, "150000"),
    long("c-under", 3, "60000"),
    long("d-rich", 4, "300000"),
    account(
      "e-hedged",
      5,
      [
        ["BTC-PERP", "10", "1000000"],
        ["BTC-FUT", "-10", "-1000000"],
      ],
      "10000",
    ),
  ]);
}

export const crash = (m: Market): StressScenario[] =>
  parseShocks(
    { version: 1, scenarios: [{ name: "crash", groups: { BTC: { move: "-0.40" } } }] },
    m,
  );

export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError");
}
