// market.json's SPEC 7.1 fields: each rule refused with the file, the field path and the rule.
import { parseMarket } from "../../src/schema";
import { buildRiskTable } from "../../src/risk-table";
import { expectInputError } from "./helpers";
import { V2Options, v2Market } from "./v2-market";

const bad = (o: V2Options, path: string, rule: RegExp) =>
  expectInputError(
    () => buildRiskTable(parseMarket(v2Market(o), "m.json"), "standard", "m.json"),
    "m.json",
    path,
    rule,
  );

describe("market.json SPEC 7.1 validation", () => {
  it("groups[].correlation: a decimal in [0, 1] with at most 4 decimals", () => {
    bad({ correlation: { ETH: "1.5" } }, "groups[1].correlation", /\[0, 1\]/);
    bad({ correlation: { ETH: "-0.1" } }, "groups[1].correlation", /\[0, 1\]/);
    bad({ correlation: { ETH: "0.12345" } }, "groups[1].correlation", /more than 4 decimals/);
    bad({ correlation: { ETH: 0.5 } }, "groups[1].correlation", /decimal string/);
  });

  it("instruments[].concentration: { threshold >= 0 (8 decimals), charge >= 0 }, strict", () => {
    const c = (v: unknown) => ({ concentration: { "ETH-PERP": v } });
    bad(c({ threshold: "-1", charge: "1" }), "instruments[1].concentration.threshold", /negative/);
    bad(
      c({ threshold: "0.000000001", charge: "1" }),
      "instruments[1].concentration.threshold",
      /more than 8 decimals/,
    );
    bad(c({ threshold: "1", charge: "-1" }), "instruments[1].concentration.charge", /negative/);
    bad(c({ threshold: "1" }), "instruments[1].concentration.charge", /missing/);
    bad(
      c({ threshold: "1", charge: "1", cap: "2" }),
      "instruments[1].concentration.cap",
      /unrecognized|unknown/i,
    );
    bad(c("10"), "instruments[1].concentration", /threshold.*charge/);
    // T < 2^64 (1e-8 contracts): 2e11 contracts is too many
    bad(
      c({ threshold: "200000000000", charge: "1" }),
      "instruments[1].concentration.threshold",
      /below 2\^64/,
    );
    // L < 2^100 V per 1e-8 contract: 2e8 USD a contract is too much
    bad(
      c({ threshold: "1", charge: "200000000" }),
      "instruments[1].concentration.charge",
      /below 2\^100/,
    );
  });

  it("collateral[].tiers: 1..2 tiers { above > 0, haircut in [0, 1) }, strict", () => {
    const t = (v: unknown) => ({ tiers: { ALT: v } });
    bad(t([]), "collateral[1].tiers", /1 to 2 tiers/);
    const three = ["1", "2", "3"].map((above) => ({ above, haircut: "0.5" }));
    bad(t(three), "collateral[1].tiers", /1 to 2 tiers/);
    bad(t([{ above: "0", haircut: "0.5" }]), "collateral[1].tiers[0].above", /greater than 0/);
    bad(t([{ above: "10", haircut: "1" }]), "collateral[1].tiers[0].haircut", /\[0, 1\)/);
    bad(t([{ above: "10" }]), "collateral[1].tiers[0].haircut", /missing/);
    bad(
      t([{ above: "10", haircut: "0.5", cap: "1" }]),
      "collateral[1].tiers[0].cap",
      /unrecognized|unknown/i,
    );
    bad(t({ above: "10", haircut: "0.5" }), "collateral[1].tiers", /array/);
  });

  it("tiers: above strictly increasing, haircuts non-decreasing from the token's own", () => {
    const t = (v: unknown) => ({ tiers: { ALT: v } });
    bad(
      t([
        { above: "10", haircut: "0.5" },
        { above: "10", haircut: "0.6" },
      ]),
      "collateral[1].tiers[1].above",
      /strictly increasing/,
    );
    bad(t([{ above: "10", haircut: "0.1" }]), "collateral[1].tiers[0].haircut", /token's own/);
    bad(
      t([
        { above: "10", haircut: "0.5" },
        { above: "20", haircut: "0.4" },
      ]),
      "collateral[1].tiers[1].haircut",
      /non-decreasing/,
    );
  });

  it("tiers: above in the token's base units, below 2^100 of them", () => {
    // ALT has 0 decimals; USDC 6
    bad(
      { tiers: { ALT: [{ above: "10.5", haircut: "0.5" }] } },
      "collateral[1].tiers[0].above",
      /more than 0 decimals/,
    );
    bad(
      { tiers: { USDC: [{ above: "0.0000001", haircut: "0.5" }] } },
      "collateral[0].tiers[0].above",
      /more than 6 decimals/,
    );
    bad(
      { tiers: { USDC: [{ above: "2000000000000000000000000", haircut: "0.5" }] } },
      "collateral[0].tiers[0].above",
      /below 2\^100 base units/,
    );
  });
});
