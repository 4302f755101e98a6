// SPEC 7.1 fields through the risk desk: a calibration fragment carries correlation, tiers and
// concentration; the risk oracle applies them to its template (moveMarket), and a new base
// haircut raises kept tiers so they stay valid.
import { expect } from "chai";
import { parseMarket } from "../../src/schema";
import { calibratedTemplate, parseCalibrationFragment } from "../../src/oracle";
import { moveMarket } from "../../src/risk-desk/market-move";
import { buildRiskTable } from "../../src/risk-table";
import { expectInputError } from "./helpers";
import { v2Market } from "./v2-market";

const FRAGMENT = {
  version: 1,
  groups: [{ id: "BTC", psr: "0.09", vsr: "0.3", correlation: "0.65" }],
  collateral: [{ symbol: "ALT", haircut: "0.25", tiers: [{ above: "5000", haircut: "0.4" }] }],
  instruments: [{ id: "ETH-PERP", concentration: { threshold: "300", charge: "2.5" } }],
};

describe("SPEC 7.1 fields in the calibration fragment and the oracle", () => {
  it("parses a fragment with them (and one without: v1's)", () => {
    expect(parseCalibrationFragment(FRAGMENT)).to.deep.equal(FRAGMENT);
    const v1 = { version: 1, groups: [{ id: "BTC", psr: "0.09", vsr: "0.3" }], collateral: [] };
    expect(parseCalibrationFragment(v1)).to.deep.equal(v1);
    expectInputError(
      () =>
        parseCalibrationFragment(
          { ...FRAGMENT, groups: [{ id: "BTC", psr: "0.1", vsr: "0.1", correlation: "2" }] },
          "f.json",
        ),
      "f.json",
      "groups[0].correlation",
      /\[0, 1\]/,
    );
  });

  it("the oracle's template takes the fragment's correlation, tiers and concentration", () => {
    const m = calibratedTemplate(parseMarket(v2Market()), parseCalibrationFragment(FRAGMENT), "t");
    const t = buildRiskTable(m);
    expect(t.groups[0]).to.include({ correlation: "0.65", correlationBps: 6500 });
    expect(t.collateral[1].tiers.map((x) => [x.aboveUnits, x.factor])).to.deep.equal([
      [5000n, 8000], // floor(10000 x 0.6 / 0.75)
    ]);
    expect(t.instruments[1].concentration).to.deep.equal({ threshold: "300", charge: "2.5" });
  });

  it("a raised base haircut lifts kept tiers to it; the market's own v2 fields survive a move", () => {
    const market = parseMarket(
      v2Market({
        correlation: { ETH: "0.4" },
        tiers: {
          ALT: [
            { above: "100", haircut: "0.3" },
            { above: "200", haircut: "0.5" },
          ],
        },
        concentration: { "BTC-PERP": { threshold: "10", charge: "100" } },
      }),
    );
    const moved = moveMarket(market, { collateral: { ALT: { haircut: "0.4" } } });
    const alt = buildRiskTable(moved).collateral[1];
    expect(alt.tiers.map((x) => x.haircut)).to.deep.equal(["0.4", "0.5"]);
    const same = buildRiskTable(moveMarket(market, {}));
    expect(same.riskRoot).to.equal(buildRiskTable(market).riskRoot);
  });
});
