// The margin report's SPEC 7.1 figures (CLI text and --json): shown only for the features the
// market uses (a v1 report is byte for byte v1's: test/sdk/v1-unchanged.test.ts).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { parseMarket } from "../../src/schema";
import { buildRiskTable, serializeRiskTable } from "../../src/risk-table";
import { formatMarginText, marginReportJson } from "../../src/report";
import { runCliInProcess, tinyBalances, tinyPortfolio } from "./helpers";
import { V2Options, v2Margin, v2Market, v2Table } from "./v2-market";

const FULL: V2Options = {
  correlation: { BTC: "0.5", ETH: "0.5" },
  concentration: { "BTC-PERP": { threshold: "0.5", charge: "100" } },
  tiers: {
    ALT: [
      { above: "100", haircut: "0.5" },
      { above: "1000", haircut: "0.8" },
    ],
  },
};
const PAIR = [
  { instrument: "BTC-PERP", quantity: "1" },
  { instrument: "ETH-PERP", quantity: "-20" },
];
const BALANCES = { USDC: "20000", ALT: "5000" };

describe("margin report: SPEC 7.1 figures", () => {
  it("text: effective amounts, joint scenarios, credit, liquidity add-ons", () => {
    const text = formatMarginText(v2Margin(v2Table(FULL), PAIR, BALANCES));
    // HC_0 = 20000 + 1662 x 8 = 33296; Scan = 6300 + 1396.08 (ALT, rho 0) = 7696.08;
    // add-on: 0.5 contracts above 0.5 x 100 = 50; MM = 7746.08
    for (const line of [
      /^Haircut collateral \(HC_0\) +33,296\.00 USD$/m,
      /^ {2}ALT effective \(tiers\) +1662 ALT {2}of 5000 posted$/m,
      /^Scan BTC \(rho 0\.5\) +6,300\.00 USD {2}worst: -3x \(35%\) \(s=15\)$/m,
      /^Scan, groups separately +13,996\.08 USD$/m,
      /^Joint scenarios \(J \/ 10000\) +0\.00 USD {2}no joint loss$/m,
      /^Diversification credit +-6,300\.00 USD$/m,
      /^Scan total +7,696\.08 USD$/m,
      /^Liquidity BTC-PERP +50\.00 USD {2}0\.5 contracts above the threshold 0\.5$/m,
      /^Liquidity add-on total +50\.00 USD$/m,
      /^Maintenance margin \(MM\) +7,746\.08 USD$/m,
    ])
      expect(text).to.match(line);
  });

  it("text: only the features the market uses", () => {
    const tiersOnly = formatMarginText(v2Margin(v2Table({ tiers: FULL.tiers }), PAIR, BALANCES));
    expect(tiersOnly).to.include("ALT effective");
    expect(tiersOnly).to.not.match(/Joint|Diversification|Liquidity|rho/);
    const corrOnly = formatMarginText(
      v2Margin(v2Table({ correlation: FULL.correlation }), PAIR, BALANCES),
    );
    expect(corrOnly).to.include("Diversification credit");
    expect(corrOnly).to.not.match(/effective|Liquidity/);
  });

  it("--json: correlation, liquidity and effectiveCollateral objects, raw witnesses", () => {
    const j = marginReportJson(v2Margin(v2Table(FULL), PAIR, BALANCES)) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(j)).to.deep.equal([
      "haircutCollateral",
      "effectiveCollateral",
      "netLiquidationValue",
      "equity",
      "scan",
      "correlation",
      "floor",
      "liquidity",
      "maintenanceMargin",
      "multiplier",
      "health",
      "solvent",
      "raw",
    ]);
    expect(j.effectiveCollateral).to.deep.equal({
      ALT: { amount: "5000", effectiveAmount: "1662" },
    });
    expect(j.correlation).to.include({
      joint: "0",
      uncorrelatedScan: "13996.08",
      diversificationCredit: "6300",
      scan: "7696.08",
    });
    expect(j.liquidity).to.deep.equal({
      total: "50",
      positions: [
        { instrument: "BTC-PERP", threshold: "0.5", charge: "100", excess: "0.5", addOn: "50" },
      ],
    });
    expect((j.scan as Record<string, Record<string, unknown>>).BTC.correlation).to.equal("0.5");
    expect(j.raw).to.include.keys(
      "jointScenarios",
      "joint",
      "uncorrelatedScan",
      "diversificationCredit",
      "liquidity",
      "excessWitnesses",
      "effectiveAmounts",
    );
    expect((j.raw.effectiveAmounts as string[]).slice(0, 2)).to.deep.equal(["20000000000", "1662"]);
  });

  it("`zkmargin margin` prints them from a v2 risk.json", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkm-v2-"));
    const file = (name: string, v: unknown) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, typeof v === "string" ? v : JSON.stringify(v));
      return p;
    };
    const risk = file("risk.json", serializeRiskTable(buildRiskTable(parseMarket(v2Market(FULL)))));
    const pf = file("portfolio.json", tinyPortfolio(PAIR.map((p) => ({ ...p, costBasis: "0" }))));
    const bal = file("balances.json", tinyBalances(BALANCES));
    const run = await runCliInProcess("margin", pf, "--risk", risk, "--collateral", bal);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include("Diversification credit");
    expect(run.stdout).to.include("Liquidity add-on total");
    const json = await runCliInProcess("margin", pf, "--risk", risk, "--collateral", bal, "--json");
    expect((JSON.parse(json.stdout) as { maintenanceMargin: string }).maintenanceMargin).to.equal(
      "7746.08",
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
