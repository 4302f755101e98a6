import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { compileRiskFields, buildRiskTable } from "../../../src/risk-table";
import { parseMarket, type Market } from "../../../src/schema";
import { black76 } from "../../../src/black76";
import { SECONDS_PER_YEAR } from "../../../src/bounds";
import { ArgumentError, InputError } from "../../../src/errors";
import { doubleToDecimalString, moveMarket } from "../../../src/risk-desk/market-move";
import { formatScaled } from "../../../src/decimal";

const market: Market = parseMarket(
  JSON.parse(fs.readFileSync(path.join(__dirname, "../../../examples/market.json"), "utf8")),
);
const text = (d: { units: bigint; scale: number }) => formatScaled(d.units, d.scale);
const inst = (m: Market, id: string) => m.instruments.find((i) => i.id === id)!;

describe("risk desk: moveMarket", () => {
  it("an empty move keeps the market (same risk root)", () => {
    const moved = moveMarket(market, {});
    expect(buildRiskTable(moved).riskRoot).to.equal(buildRiskTable(market).riskRoot);
  });

  it("scales linear marks and grouped collateral with the group price, leaves others", () => {
    const moved = moveMarket(market, { groups: { BTC: { return: -0.4 } } });
    expect(text(moved.groups[0].price)).to.equal("51900");
    expect(text(inst(moved, "BTC-PERP").mark)).to.equal("51900");
    expect(text(inst(moved, "BTC-26DEC25").mark)).to.equal("52152.3");
    expect(text(moved.collateral[1].price)).to.equal("51900"); // WBTC moves with BTC
    expect(text(moved.collateral[0].price)).to.equal("1"); // USDC has no group
    expect(text(inst(moved, "ETH-PERP").mark)).to.equal("2850");
  });

  it("moves an option's mark by the change of its Black-76 value (new price, vol, time)", () => {
    const ts = market.timestamp + 86400;
    const moved = moveMarket(market, {
      timestamp: ts,
      groups: { BTC: { price: 80000, volFactor: 2 } },
    });
    const o = inst(market, "BTC-26DEC25-90000-C");
    if (o.kind !== "option") throw new Error("fixture");
    const before = black76(
      "call",
      86500,
      90000,
      (o.expiry - market.timestamp) / SECONDS_PER_YEAR,
      0.52,
    );
    const after = black76("call", 80000, 90000, (o.expiry - ts) / SECONDS_PER_YEAR, 1.04);
    const expected = 3910.5 + after - before;
    const got = Number(text(inst(moved, "BTC-26DEC25-90000-C").mark));
    expect(Math.abs(got - expected)).to.be.below(1e-6);
    const m = inst(moved, "BTC-26DEC25-90000-C");
    if (m.kind !== "option") throw new Error("fixture");
    expect(text(m.iv)).to.equal("1.04");
    expect(m.expiry).to.equal(o.expiry);
  });

  it("keeps time to expiry with shiftExpiries, and applies new scan ranges and haircuts", () => {
    const moved = moveMarket(market, {
      timestamp: market.timestamp + 3600,
      shiftExpiries: true,
      groups: { ETH: { psr: "0.1234", vsr: "0.4" } },
      collateral: { USDC: { haircut: "0.01", price: 0.999 } },
    });
    const a = inst(market, "ETH-26DEC25-3000-C");
    const b = inst(moved, "ETH-26DEC25-3000-C");
    if (a.kind !== "option" || b.kind !== "option") throw new Error("fixture");
    expect(b.expiry - a.expiry).to.equal(3600);
    expect(text(b.mark)).to.equal("170");
    expect(text(moved.groups[1].psr)).to.equal("0.1234");
    expect(text(moved.collateral[0].haircut)).to.equal("0.01");
    expect(text(moved.collateral[0].price)).to.equal("0.999");
    expect(() => compileRiskFields(moved)).not.to.throw();
  });

  it("refuses unknown groups, bad moves, and a result market.json would refuse", () => {
    expect(() => moveMarket(market, { groups: { SOL: { return: 0.1 } } })).to.throw(ArgumentError);
    expect(() => moveMarket(market, { groups: { BTC: { return: -1 } } })).to.throw(ArgumentError);
    expect(() => moveMarket(market, { groups: { BTC: { volFactor: 0 } } })).to.throw(ArgumentError);
    expect(() => moveMarket(market, { groups: { BTC: { psr: "0.4" } } }))
      .to.throw(InputError)
      .with.property("path", "groups[0].psr");
  });

  it("writes doubles as plain decimals with 10 significant digits", () => {
    expect(doubleToDecimalString(86500)).to.equal("86500");
    expect(doubleToDecimalString(1 / 3)).to.equal("0.3333333333");
    expect(doubleToDecimalString(1.5e-9)).to.equal("0.0000000015");
    expect(doubleToDecimalString(123456789012345)).to.equal("123456789012345");
  });
});
