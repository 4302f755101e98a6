// The volatility shock by time to expiry (SPEC 7.1 `groups[].vsrTenor`): risk table only.
import { expect } from "chai";
import { parseMarket } from "../../src/schema";
import { buildRiskTable, parseRiskTable, serializeRiskTable } from "../../src/risk-table";
import { rat } from "../../src/decimal";
import { black76 } from "../../src/black76";
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from "../../src/bounds";
import { VSR_TENOR_CAP, tenorScaledVsr } from "../../src/instruments";
import { moveMarket } from "../../src/risk-desk/market-move";
import { expectInputError } from "./helpers";

const TS = 1_763_900_000;
const DAY = SECONDS_PER_DAY;

/** One BTC group with a perpetual and three calls (30, 10 and 0.5 days to expiry). */
function market(vsrTenor?: unknown): Record<string, unknown> {
  const call = (id: string, days: number) => ({
    id,
    group: "BTC",
    kind: "option",
    right: "call",
    strike: "90000",
    expiry: TS + days * DAY,
    iv: "0.5",
    mark: "1000",
    multiplier: "1",
    floor: "0",
  });
  return {
    version: 1,
    epoch: 1,
    timestamp: TS,
    groups: [
      { id: "BTC", price: "86500", psr: "0.08", vsr: "0.25", ...(vsrTenor ? { vsrTenor } : {}) },
    ],
    collateral: [],
    instruments: [
      { id: "PERP", group: "BTC", kind: "perpetual", mark: "86500", multiplier: "1", floor: "0" },
      call("C30", 30),
      call("C10", 10),
      call("C0.5", 0.5),
    ],
  };
}

const TENOR = { days: "30", power: "0.3" };
const risk = (m: Record<string, unknown>, id: string) =>
  buildRiskTable(parseMarket(m)).instruments.find((i) => i.id === id)!.risk;

describe("vsrTenor: the volatility shock scaled by time to expiry", () => {
  it("scales the group's VSR by (days / max(DTE, 1))^power, capped at 0.95", () => {
    const t = { days: rat(30n), power: rat(3n, 10n) };
    const vsr = rat(1n, 4n);
    const at = (days: number) => tenorScaledVsr(vsr, t, TS + days * DAY, TS);
    const num = (r: { num: bigint; den: bigint }) => Number(r.num) / Number(r.den);
    expect(num(at(10))).to.be.closeTo(0.25 * 3 ** 0.3, 1e-15);
    expect(num(at(30))).to.equal(0.25);
    expect(num(at(0.5))).to.be.closeTo(0.25 * 30 ** 0.3, 1e-15); // DTE floored at 1 day
    expect(num(at(120))).to.be.closeTo(0.25 * 0.25 ** 0.3, 1e-15); // long-dated: smaller
    const steep = { days: rat(30n), power: rat(1n) };
    expect(num(tenorScaledVsr(vsr, steep, TS + DAY, TS))).to.equal(VSR_TENOR_CAP);
    expect(tenorScaledVsr(vsr, undefined, TS + DAY, TS)).to.equal(vsr); // no rule: exact
  });

  it("changes only options off the reference tenor; futures and a 30-day option are unchanged", () => {
    const v1 = market();
    const v2 = market(TENOR);
    expect(risk(v2, "PERP")).to.deep.equal(risk(v1, "PERP"));
    expect(risk(v2, "C30")).to.deep.equal(risk(v1, "C30"));
    expect(risk(v2, "C10")).to.not.deep.equal(risk(v1, "C10"));
    // scenario 0 (price unchanged, vol up): a long call gains more with the larger shock
    expect(risk(v2, "C10")[0] < risk(v1, "C10")[0]).to.equal(true);
    expect(risk(v2, "C0.5")[0] < risk(v1, "C0.5")[0]).to.equal(true);
  });

  it("an option's vol-up loss is Black-76 at iv x (1 + scaled VSR)", () => {
    const T = (10 * DAY) / SECONDS_PER_YEAR;
    const vsr = 0.25 * 3 ** 0.3;
    const expected =
      black76("call", 86500, 90000, T, 0.5) - black76("call", 86500, 90000, T, 0.5 * (1 + vsr));
    const got = Number(risk(market(TENOR), "C10")[0]) / 1e22;
    expect(got).to.be.closeTo(expected, 1e-6);
  });

  it("is recorded in risk.json (absent for a v1 market) and kept by moveMarket", () => {
    const v1 = buildRiskTable(parseMarket(market()));
    expect(serializeRiskTable(v1)).to.not.include("vsrTenor");
    const v2 = buildRiskTable(parseMarket(market(TENOR)));
    expect(v2.groups[0].vsrTenor).to.deep.equal({ days: "30", power: "0.3" });
    const again = parseRiskTable(JSON.parse(serializeRiskTable(v2)));
    expect(again.riskRoot).to.equal(v2.riskRoot);
    expect(again.groups[0].vsrTenor).to.deep.equal({ days: "30", power: "0.3" });
    const moved = moveMarket(parseMarket(market(TENOR)), {});
    expect(buildRiskTable(moved).riskRoot).to.equal(v2.riskRoot);
  });

  it("refuses a bad rule naming the field", () => {
    const bad = (t: unknown, path: string, rule: RegExp) =>
      expectInputError(() => parseMarket(market(t), "m.json"), "m.json", path, rule);
    bad({ days: "0", power: "0.3" }, "groups[0].vsrTenor.days", /greater than 0/);
    bad({ days: "30", power: "-0.1" }, "groups[0].vsrTenor.power", /negative|>= 0/);
    bad({ days: "30" }, "groups[0].vsrTenor.power", /missing|required/);
    bad({ days: "30", power: "0.3", cap: "0.9" }, "groups[0].vsrTenor.cap", /unknown/);
    bad("30d", "groups[0].vsrTenor", /days.*power/);
  });
});
