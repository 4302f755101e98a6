import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseMarket } from "../../../src";
import {
  historicalScenarios,
  lapseGrid,
  makeBook,
  parseShocks,
  runStress,
  stressReportJson,
} from "../../../src/risk-desk/stress";
import type { PriceHistory } from "../../../src/risk-desk/history/types";
import { ROOT } from "../helpers";
import { USD, account, crash, handBook, handMarket, inputError } from "./stress-fixtures";

describe("risk desk: stress test", function () {
  this.timeout(60000);
  const market = handMarket();

  it("shortfall of a long perp account under -40%, computed by hand; none for the hedge", () => {
    const r = runStress(market, handBook(), crash(market));
    const s = r.scenarios[0];
    const by = new Map(s.distressed.map((o) => [o.name, o]));
    expect(by.get("a-long")?.equity).to.equal(-204000n * USD);
    expect(by.get("a-long")?.shortfall).to.equal(204000n * USD);
    expect(by.get("d-rich")?.shortfall).to.equal(106000n * USD);
    expect(by.get("b-thin")?.shortfall).to.equal(253000n * USD);
    expect(by.get("c-under")?.shortfall).to.equal(341200n * USD);
    expect(by.has("e-hedged")).to.equal(false);
    expect(s.badDebt).to.equal(904200n * USD);
    expect(s.inShortfall).to.equal(4);
    expect(s.insolventBefore).to.equal(1);
    expect(s.lapsing).to.equal(3);
  });

  it("bad debt against the insurance balance", () => {
    const covered = runStress(market, handBook(), crash(market), { insurance: 904200n * USD });
    expect(covered.scenarios[0].covered).to.equal(true);
    expect(covered.failed).to.equal(false);
    const short = runStress(market, handBook(), crash(market), { insurance: 900000n * USD });
    expect(short.scenarios[0].covered).to.equal(false);
    expect(short.scenarios[0].uncovered).to.equal(4200n * USD);
    expect(short.failed).to.equal(true);
  });

  it("lapse order: known order on the grid 0.05 .. 1", () => {
    expect(lapseGrid()).to.have.length(20);
    const s = runStress(market, handBook(), crash(market)).scenarios[0];
    expect(s.lapse.lapses.map((l) => [l.name, l.t])).to.deep.equal([
      ["c-under", 0],
      ["b-thin", 0.2],
      ["a-long", 0.35],
      ["d-rich", 0.6],
    ]);
    expect(s.lapse.cumulative[0]).to.equal(1);
    expect(s.lapse.cumulative[4]).to.equal(2); // t = 0.20
    expect(s.lapse.cumulative[7]).to.equal(3); // t = 0.35
    expect(s.lapse.cumulative[20]).to.equal(4);
  });

  it("worst scenario and a higher maintenance multiplier", () => {
    const m = market;
    const scenarios = parseShocks(
      {
        version: 1,
        scenarios: [
          { name: "dip", groups: { BTC: { move: "-0.10" } } },
          { name: "crash", groups: { BTC: { move: "-0.40" } } },
          { name: "rally", groups: { BTC: { move: "0.20", volFactor: "2" } } },
        ],
      },
      m,
    );
    const r = runStress(m, handBook(), scenarios);
    expect(r.scenarios[r.worst].scenario.name).to.equal("crash");
    // at 1.5 x MM the thinly funded account lapses earlier (0.98 C - 120,000 >= 352,000 t)
    const r15 = runStress(m, handBook(), crash(m), { multiplierBps: 15000n });
    const b = r15.scenarios[0].lapse.lapses.find((l) => l.name === "b-thin");
    expect(b?.t).to.equal(0.1);
  });

  it("shocks file errors name the path", () => {
    const bad = (scenario: unknown) =>
      inputError(() => parseShocks({ version: 1, scenarios: [scenario] }, market, "s.json"));
    let e = bad({ name: "x", groups: { DOGE: { move: "-0.1" } } });
    expect([e.file, e.path]).to.deep.equal(["s.json", "scenarios[0].groups.DOGE"]);
    expect(e.rule).to.match(/unknown group/);
    e = bad({ name: "x", groups: { BTC: { move: "-1" } } });
    expect(e.path).to.equal("scenarios[0].groups.BTC.move");
    e = bad({ name: "x", groups: { BTC: { move: -0.4 } } });
    expect(e.path).to.equal("scenarios[0].groups.BTC.move");
    e = bad({ name: "x", groups: { BTC: { volFactor: "0" } } });
    expect(e.path).to.equal("scenarios[0].groups.BTC.volFactor");
    e = bad({ name: "x", groups: { BTC: {} } });
    expect(e.path).to.equal("scenarios[0].groups.BTC");
    e = bad({ name: "x", collateral: { WBTC: { move: "-0.1" } } });
    expect(e.path).to.equal("scenarios[0].collateral.WBTC");
    e = bad({ name: "x", groups: { BTC: { move: "-0.1", vol: "2" } } });
    expect(e.path).to.equal("scenarios[0].groups.BTC.vol");
    e = inputError(() =>
      parseShocks({ version: 1, scenarios: [{ name: "a" }, { name: "a" }] }, market, "s.json"),
    );
    expect(e.path).to.equal("scenarios[1].name");
    expect(
      parseShocks(
        JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "stress-shocks.json"), "utf8")),
        parseMarket(
          JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "market.json"), "utf8")),
        ),
      ).length,
    ).to.be.greaterThan(0);
  });

  it("historical windows: the crash window ranks first, horizon 4200 s = 2 hourly bars", () => {
    const n = 200;
    const times = Array.from({ length: n }, (_, i) => 1750000000 + 3600 * i);
    // a gentle wave, and a 30% fall over bars 120 -> 121
    const closes = times.map((_, i) => 100000 * (1 + 0.01 * Math.sin(i / 5)) * (i > 120 ? 0.7 : 1));
    const h: PriceHistory = {
      id: "BTC",
      source: "BTC.csv",
      format: "csv",
      times,
      closes,
      interval: 3600,
    };
    const hs = historicalScenarios(market, handBook(), [h], undefined, 3);
    expect(hs.bars).to.equal(2);
    expect(hs.windows).to.equal(n - 2);
    expect(hs.scenarios).to.have.length(3);
    const w = hs.scenarios[0].window;
    expect(w && w.start <= times[120] && w.end >= times[121]).to.equal(true);
    // the chosen windows do not overlap
    const starts = hs.scenarios.map((s) => s.window?.start ?? 0).sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).to.be.at.least(7200);
    const e = inputError(() =>
      historicalScenarios(market, handBook(), [h, { ...h, id: "DOGE", source: "DOGE.csv" }]),
    );
    expect(e.file).to.equal("DOGE.csv");
  });

  it("1,000 accounts run in under 10 s and the report is deterministic", () => {
    let seed = 99;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const files = Array.from({ length: 1000 }, (_, i) => {
      const q = (Math.floor(rand() * 2000) / 100 - 10 || 1).toFixed(2);
      return account(
        `acct${String(i).padStart(4, "0")}`,
        i + 1,
        [["BTC-PERP", q, (Number(q) * 100000).toFixed(2)]],
        String(Math.floor(rand() * 400000)),
      );
    });
    const t0 = Date.now();
    const r = runStress(market, makeBook(files), crash(market));
    expect(Date.now() - t0).to.be.below(10000);
    expect(r.accounts).to.equal(1000);
    const again = runStress(market, makeBook(files), crash(market));
    expect(JSON.stringify(stressReportJson(again))).to.equal(JSON.stringify(stressReportJson(r)));
  });
});
