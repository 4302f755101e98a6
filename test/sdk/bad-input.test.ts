import { expect } from "chai";
import { parseMarket, parsePortfolio, parseBalances } from "../../src/schema";
import { buildRiskTable } from "../../src/risk-table";
import { toIntegerPortfolio, toIntegerBalances } from "../../src/portfolio";
import { ACCOUNT, expectInputError, tinyBalances, tinyMarket, tinyPortfolio } from "./helpers";

type Obj = Record<string, unknown>;
const M = "market.json";
const PF = "portfolio.json";
const B = "balances.json";

function market(
  edit: (m: Obj & { groups: Obj[]; collateral: Obj[]; instruments: Obj[] }) => void,
): Obj {
  const m = tinyMarket() as Obj & { groups: Obj[]; collateral: Obj[]; instruments: Obj[] };
  edit(m);
  return m;
}
const table = () => buildRiskTable(parseMarket(tinyMarket()), "small");
const pos = (instrument = "BTC-PERP", quantity = "1", costBasis = "60000") => ({
  instrument,
  quantity,
  costBasis,
});

describe("bad input: every rule names file, path and rule", () => {
  it("unknown field", () => {
    expectInputError(
      () =>
        parseMarket(
          market((m) => (m.instruments[0].colour = "red")),
          M,
        ),
      M,
      "instruments[0].colour",
      /^unknown field$/,
    );
    expectInputError(
      () => parseMarket(market((m) => (m.extra = 1))),
      M,
      "extra",
      /^unknown field$/,
    );
    expectInputError(
      () => parsePortfolio({ ...tinyPortfolio([pos()]), memo: "x" }),
      PF,
      "memo",
      /^unknown field$/,
    );
  });
  it("option fields only for kind option", () => {
    expectInputError(
      () =>
        parseMarket(
          market((m) => (m.instruments[0].strike = "100")),
          M,
        ),
      M,
      "instruments[0].strike",
      /^unknown field$/,
    );
  });
  it("missing field", () => {
    expectInputError(
      () => parseMarket(market((m) => delete m.groups[0].psr)),
      M,
      "groups[0].psr",
      /^missing field$/,
    );
    const p = tinyPortfolio([pos()]);
    delete p.cash;
    expectInputError(() => parsePortfolio(p), PF, "cash", /^missing field$/);
    expectInputError(
      () => parseMarket(market((m) => delete m.version)),
      M,
      "version",
      /^missing field$/,
    );
  });
  it("float (JSON number) instead of a decimal string", () => {
    expectInputError(
      () => parseMarket(market((m) => (m.groups[0].price = 60000.5))),
      M,
      "groups[0].price",
      /decimal string.*JSON number/,
    );
    expectInputError(
      () =>
        parsePortfolio(
          tinyPortfolio([
            { instrument: "BTC-PERP", quantity: 1 as unknown as string, costBasis: "0" },
          ]),
        ),
      PF,
      "positions[0].quantity",
      /decimal string/,
    );
  });
  for (const bad of ["1e5", "+3", ".5", "5.", "", "1,000", " 1", "0x10", "01"]) {
    it(`malformed decimal ${JSON.stringify(bad)}`, () => {
      expectInputError(
        () => parseMarket(market((m) => (m.instruments[0].mark = bad))),
        M,
        "instruments[0].mark",
        /^malformed decimal/,
      );
    });
  }
  it("too many decimals for a token", () => {
    expectInputError(
      () => toIntegerBalances(parseBalances(tinyBalances({ USDC: "1.0000001" })), table()),
      B,
      "balances.USDC",
      /more than 6 decimals/,
    );
  });
  it("too many decimals for a quantity or a USD amount", () => {
    expectInputError(
      () => parsePortfolio(tinyPortfolio([pos("BTC-PERP", "0.000000001")])),
      PF,
      "positions[0].quantity",
      /more than 8 decimals/,
    );
    expectInputError(
      () => parsePortfolio(tinyPortfolio([], "0." + "0".repeat(30) + "1")),
      PF,
      "cash",
      /more than 30 decimals/,
    );
  });
  it("negative balance", () => {
    expectInputError(
      () => parseBalances(tinyBalances({ USDC: "-1" })),
      B,
      "balances.USDC",
      /must not be negative/,
    );
  });
  for (const h of ["1", "1.5", "-0.01"]) {
    it(`haircut ${h} outside [0, 1)`, () => {
      expectInputError(
        () => parseMarket(market((m) => (m.collateral[0].haircut = h))),
        M,
        "collateral[0].haircut",
        /must be in \[0, 1\)/,
      );
    });
  }
  it("price must be positive, psr and vsr in range", () => {
    expectInputError(
      () => parseMarket(market((m) => (m.groups[0].price = "0"))),
      M,
      "groups[0].price",
      /greater than 0/,
    );
    expectInputError(
      () => parseMarket(market((m) => (m.groups[0].vsr = "1"))),
      M,
      "groups[0].vsr",
      /\[0, 1\)/,
    );
    expectInputError(
      () => parseMarket(market((m) => (m.groups[0].psr = "0.34"))),
      M,
      "groups[0].psr",
      /extremeMultiple/,
    );
  });
  it("unknown kind, right; option iv > 0", () => {
    expectInputError(
      () => parseMarket(market((m) => (m.instruments[0].kind = "swap"))),
      M,
      "instruments[0].kind",
      /kind must be/,
    );
    const opt = {
      id: "O",
      group: "BTC",
      kind: "option",
      right: "straddle",
      strike: "1",
      expiry: 1,
      iv: "0.5",
      mark: "1",
      multiplier: "1",
      floor: "0",
    };
    expectInputError(
      () => parseMarket(market((m) => m.instruments.push(opt))),
      M,
      "instruments[1].right",
      /"call" or "put"/,
    );
    expectInputError(
      () => parseMarket(market((m) => m.instruments.push({ ...opt, right: "put", iv: "0" }))),
      M,
      "instruments[1].iv",
      /greater than 0/,
    );
  });
  it("bad version, address and decimals", () => {
    expectInputError(() => parseMarket(market((m) => (m.version = 2))), M, "version", /must be 1/);
    expectInputError(
      () => parseMarket(market((m) => (m.collateral[0].token = "0x1234"))),
      M,
      "collateral[0].token",
      /40 hex digits/,
    );
    expectInputError(
      () =>
        parseMarket(
          market((m) => (m.collateral[0].token = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB49")),
        ),
      M,
      "collateral[0].token",
      /checksum/,
    );
    expectInputError(
      () => parseMarket(market((m) => (m.collateral[0].decimals = 37))),
      M,
      "collateral[0].decimals",
      /0\.\.36/,
    );
  });
  it("unknown instrument", () => {
    expectInputError(
      () => toIntegerPortfolio(parsePortfolio(tinyPortfolio([pos(), pos("ETH-PERP")])), table()),
      PF,
      "positions[1].instrument",
      /unknown instrument "ETH-PERP"/,
    );
  });
  it("unknown symbol", () => {
    expectInputError(
      () => toIntegerBalances(parseBalances(tinyBalances({ DAI: "1" })), table()),
      B,
      "balances.DAI",
      /unknown collateral symbol/,
    );
  });
  it("unknown group reference", () => {
    expectInputError(
      () => parseMarket(market((m) => (m.instruments[0].group = "ETH"))),
      M,
      "instruments[0].group",
      /unknown group "ETH"/,
    );
    expectInputError(
      () => parseMarket(market((m) => (m.collateral[1].group = "SOL"))),
      M,
      "collateral[1].group",
      /unknown group/,
    );
  });
  it("duplicate ids", () => {
    expectInputError(
      () => parseMarket(market((m) => m.instruments.push({ ...m.instruments[0] }))),
      M,
      "instruments[1].id",
      /duplicate instrument id/,
    );
    expectInputError(
      () => parseMarket(market((m) => m.groups.push({ ...m.groups[0] }))),
      M,
      "groups[1].id",
      /duplicate group id/,
    );
    expectInputError(
      () =>
        parseMarket(
          market((m) => m.collateral.push({ ...m.collateral[0], token: "0x" + "99".repeat(20) })),
        ),
      M,
      "collateral[2].symbol",
      /duplicate collateral symbol/,
    );
    expectInputError(
      () => parseMarket(market((m) => m.collateral.push({ ...m.collateral[0], symbol: "USDC2" }))),
      M,
      "collateral[2].token",
      /duplicate collateral token/,
    );
    expectInputError(
      () => parsePortfolio(tinyPortfolio([pos(), pos()])),
      PF,
      "positions[1].instrument",
      /duplicate instrument/,
    );
  });
  it("more positions than the circuit's slots", () => {
    const m = market((x) => {
      for (let i = 0; i < 5; i++) x.instruments.push({ ...x.instruments[0], id: `P${i}` });
    });
    const t = buildRiskTable(parseMarket(m), "small");
    const p = parsePortfolio(tinyPortfolio([0, 1, 2, 3, 4].map((i) => pos(`P${i}`))));
    expectInputError(
      () => toIntegerPortfolio(p, t),
      PF,
      "positions",
      /5 positions exceed the 4 position slots/,
    );
  });
  it("more collateral tokens than slots", () => {
    const m = market((x) => {
      for (let i = 3; i < 6; i++)
        x.collateral.push({
          ...x.collateral[0],
          symbol: `T${i}`,
          token: "0x" + `${i}${i}`.repeat(20),
        });
    });
    expectInputError(
      () => buildRiskTable(parseMarket(m), "small", M),
      M,
      "collateral",
      /5 collateral tokens exceed the 4 collateral slots/,
    );
  });
  it("more groups than slots", () => {
    const m = market((x) =>
      x.groups.push({ ...x.groups[0], id: "ETH" }, { ...x.groups[0], id: "SOL" }),
    );
    expectInputError(
      () => buildRiskTable(parseMarket(m), "small", M),
      M,
      "groups",
      /3 groups exceed the 2 group slots/,
    );
  });
  it("instrument tree over capacity", () => {
    const m = market((x) => {
      for (let i = 0; i < 16; i++) x.instruments.push({ ...x.instruments[0], id: `I${i}` });
    });
    expectInputError(
      () => buildRiskTable(parseMarket(m), "small", M),
      M,
      "instruments",
      /17 instruments exceed the instrument tree capacity 2\^4 = 16/,
    );
  });
  it("values beyond the bounds of PROTOCOL section 4", () => {
    expectInputError(
      () =>
        buildRiskTable(parseMarket(market((m) => (m.instruments[0].mark = "200000000"))), "small"),
      M,
      "instruments[0].mark",
      /2\^100/,
    );
    expectInputError(
      () =>
        buildRiskTable(
          parseMarket(
            market((m) => ((m.collateral[0].decimals = 0), (m.collateral[0].price = "2000000"))),
          ),
        ),
      M,
      "collateral[0].price",
      /2\^120/,
    );
    expectInputError(
      () =>
        toIntegerPortfolio(
          parsePortfolio(tinyPortfolio([pos("BTC-PERP", "200000000000")])),
          table(),
        ),
      PF,
      "positions[0].quantity",
      /2\^64/,
    );
    expectInputError(
      () =>
        toIntegerBalances(
          parseBalances(tinyBalances({ USDC: "2000000000000000000000000" })),
          table(),
        ),
      B,
      "balances.USDC",
      /2\^100/,
    );
  });
  it("salt, nonce and account", () => {
    expectInputError(
      () => parsePortfolio({ ...tinyPortfolio([]), salt: "0x" + "f".repeat(64) }),
      PF,
      "salt",
      /field modulus/,
    );
    expectInputError(
      () => parsePortfolio({ ...tinyPortfolio([]), nonce: -1 }),
      PF,
      "nonce",
      /2\^64/,
    );
    expectInputError(
      () => parsePortfolio({ ...tinyPortfolio([]), nonce: "18446744073709551616" }),
      PF,
      "nonce",
      /2\^64/,
    );
    expect(parsePortfolio({ ...tinyPortfolio([]), nonce: "18446744073709551615" }).nonce).to.equal(
      2n ** 64n - 1n,
    );
    expectInputError(
      () => parsePortfolio({ ...tinyPortfolio([]), account: ACCOUNT.slice(0, 10) }),
      PF,
      "account",
      /address/,
    );
  });
  it("not an object at all", () => {
    expectInputError(() => parseMarket([], M), M, "(root)", /JSON object/);
  });
});
