import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, runCliInProcess, tinyMarket } from "../helpers";
import { parseMarket } from "../../../src/schema";
import { garchPath } from "../../../src/risk-desk/simulate/garch";
import type { PriceHistory } from "../../../src/risk-desk/history/types";
import {
  type Calibrator,
  type DayCalibration,
  backtest,
  backtestChart,
  backtestReportJson,
  chiSquareSurvival,
  christoffersen,
  conditionalCoverage,
  dailyCalibrator,
  kupiec,
  modelExceedanceProbability,
  shareAbove,
  shareBelow,
  transitions,
} from "../../../src/risk-desk/backtest";

const market = parseMarket(tinyMarket());
const HOUR = 3600;
const START = 1735689600; // 2025-01-01T00:00:00Z

/** A GARCH(1,1) hourly path of BTC (daily vol about 3%). */
function btc(seed: number, days: number): PriceHistory {
  return garchPath({
    seed,
    n: days * 24 + 1,
    omega: 1.8e-6,
    alpha: 0.05,
    beta: 0.9,
    start: 60000,
    startTime: START,
    interval: HOUR,
    id: "BTC",
    source: "BTC.csv",
  }).history;
}

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).to.be.below(tol);
const seq = (s: string) => [...s].map((c) => c === "1");

describe("risk desk: backtest statistics", () => {
  it("chi-square survival matches table values (df 1 and 2)", () => {
    close(chiSquareSurvival(3.841, 1), 0.05, 1e-4);
    close(chiSquareSurvival(6.635, 1), 0.01, 1e-4);
    close(chiSquareSurvival(5.991, 2), 0.05, 1e-4);
    close(chiSquareSurvival(9.21, 2), 0.01, 1e-4);
    expect(chiSquareSurvival(0, 1)).to.equal(1);
    expect(chiSquareSurvival(-1, 2)).to.equal(1);
  });

  it("Kupiec POF: the 250-day worked example and the edge cases", () => {
    // n = 250, p = 1%: 6 exceedances LR 3.555 (not rejected), 7 exceedances LR 5.497 (rejected)
    const six = kupiec(250, 6, 0.01);
    close(six.statistic, 3.5554, 1e-3);
    expect(six.reject).to.equal(false);
    const seven = kupiec(250, 7, 0.01);
    close(seven.statistic, 5.497, 1e-3);
    close(seven.pValue, 0.01905, 1e-4);
    expect(seven).to.include({ reject: true, direction: "above", exceedances: 7, n: 250 });
    close(kupiec(250, 0, 0.01).statistic, -2 * 250 * Math.log(0.99), 1e-9);
    close(kupiec(10, 10, 0.01).statistic, -2 * 10 * Math.log(0.01), 1e-9);
    expect(kupiec(100, 1, 0.01).statistic).to.equal(0);
    expect(kupiec(0, 0, 0.01)).to.include({ statistic: 0, pValue: 1, reject: false });
  });

  it("Christoffersen on hand-made sequences (clustered, balanced, no 1->1, none)", () => {
    // 0000111000: n00 5, n01 1, n10 1, n11 2; pi01 1/6, pi11 2/3, pi 1/3
    const t = transitions(seq("0000111000"));
    expect(t).to.deep.equal({ n00: 5, n01: 1, n10: 1, n11: 2 });
    const lr =
      -2 *
      (6 * Math.log(2 / 3) +
        3 * Math.log(1 / 3) -
        (5 * Math.log(5 / 6) + Math.log(1 / 6) + Math.log(1 / 3) + 2 * Math.log(2 / 3)));
    const c = christoffersen(t);
    close(c.statistic, lr, 1e-12);
    close(c.pValue, chiSquareSurvival(lr, 1), 1e-15);
    // 0011000100: pi01 = pi11 = pi = 1/3 -> LR 0
    expect(christoffersen(transitions(seq("0011000100"))).statistic).to.be.below(1e-12);
    // 01001000: n11 = 0 (pi11 = 0, its factor is 1)
    const t0 = transitions(seq("01001000"));
    expect(t0).to.deep.equal({ n00: 3, n01: 2, n10: 2, n11: 0 });
    const lr0 =
      -2 *
      (5 * Math.log(5 / 7) + 2 * Math.log(2 / 7) - (3 * Math.log(3 / 5) + 2 * Math.log(2 / 5)));
    close(christoffersen(t0).statistic, lr0, 1e-12);
    expect(christoffersen(transitions(seq("00000000")))).to.include({ statistic: 0, pValue: 1 });
    const cc = conditionalCoverage(3, 2);
    close(cc.pValue, Math.exp(-2.5), 1e-15);
  });

  it("model target: tail shares and a linear position's threshold", () => {
    const s = Float64Array.from([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4]);
    expect(shareAbove(s, 0.2)).to.equal(2 / 8);
    expect(shareBelow(s, -0.1)).to.equal(2 / 8);
    // long 1 unit at 100 V per unit return: loses 10 V at -1 PSR (psr 0.1); margin 15 V:
    // exceeded when R < -0.15
    const req = new Array<bigint>(16).fill(0n);
    req[12] = req[13] = 10n;
    const e = { req, up: [10, 11], down: [12, 13], psr: 0.1 };
    expect(modelExceedanceProbability(e, 15n, s)).to.equal(2 / 8);
  });
});

describe("risk desk: backtest replay", function () {
  this.timeout(60_000);

  it("has no look-ahead: data after t never changes the margin at t", () => {
    const h = btc(7, 24);
    const cut = START + 18 * 86400 + 5 * HOUR;
    const changed: PriceHistory = {
      ...h,
      closes: h.closes.map((c, i) => (h.times[i] > cut ? c * (1.02 + 0.005 * Math.sin(i)) : c)),
    };
    const seen: { day: number; last: number }[] = [];
    const spy =
      (inner: Calibrator): Calibrator =>
      (hs, day, bars) => {
        seen.push({ day, last: Math.max(...hs.map((x) => x.times[x.times.length - 1])) });
        return inner(hs, day, bars);
      };
    const run = (hist: PriceHistory) =>
      backtest(
        {
          histories: [hist],
          market,
          calibrator: spy(dailyCalibrator(market, { horizonSeconds: HOUR })),
        },
        { horizonSeconds: HOUR, warmupDays: 10 },
      );
    const a = run(h);
    const b = run(changed);
    for (const s of seen) expect(s.last).to.be.at.most(s.day);
    const obsA = a.portfolios[0].slices[0].observations;
    const obsB = b.portfolios[0].slices[0].observations;
    expect(obsA.length).to.equal(obsB.length);
    let compared = 0;
    let differ = 0;
    obsA.forEach((o, i) => {
      if (o.time <= cut) {
        expect(obsB[i].margin, `margin at ${o.time}`).to.equal(o.margin);
        expect(obsB[i].p).to.equal(o.p);
        compared++;
      } else if (obsB[i].margin !== o.margin) differ++;
    });
    expect(compared).to.be.above(100);
    expect(differ).to.be.above(0); // the change does show after t
  });

  // Point 6 of issue 13: hourly GARCH(1,1) bars, 120 days, horizon one bar, warm-up 30 days,
  // the default test portfolios (long and short BTC-PERP): 4320 observations.
  describe("GARCH(1,1) paths: correct calibration passes, a wrong one is rejected", () => {
    const h = btc(1, 120);
    const days = new Map<number, DayCalibration>();
    const base = dailyCalibrator(market, { horizonSeconds: HOUR });
    const memo: Calibrator = (hs, day, bars) => {
      const c = days.get(day) ?? base(hs, day, bars);
      days.set(day, c);
      return c;
    };
    /** A model that believes returns are `k` times what the calibration finds. */
    const scaled =
      (k: number): Calibrator =>
      (hs, day, bars) => {
        const c = memo(hs, day, bars);
        return {
          ...c,
          groups: Object.fromEntries(
            Object.entries(c.groups).map(([id, g]) => [
              id,
              { ...g, psr: (Math.ceil(Number(g.psr) * k * 1e4) / 1e4).toFixed(4) },
            ]),
          ),
          returns: Object.fromEntries(
            Object.entries(c.returns).map(([id, r]) => [id, r.map((x) => x * k)]),
          ),
        };
      };
    const run = (calibrator: Calibrator) =>
      backtest({ histories: [h], market, calibrator }, { horizonSeconds: HOUR });
    const overall = (r: ReturnType<typeof run>) => r.pooled[r.pooled.length - 1].summary;

    it("correctly calibrated: the rate matches the model target (Kupiec, Christoffersen pass)", () => {
      const r = run(memo);
      const s = overall(r);
      expect(s.observations).to.equal(4320);
      expect(s.target).to.be.within(0.0005, 0.003); // 1.05 x ES99(|R|), one tail: ~0.12%
      expect(s.exceedances).to.be.above(0);
      expect(s.kupiec.reject, s.verdict).to.equal(false);
      expect(s.christoffersen.reject, s.verdict).to.equal(false);
      expect(r.passed).to.equal(true);
      const json = backtestReportJson(r);
      expect(json.exceedances.length).to.equal(s.exceedances);
      expect(backtestChart(r)).to.match(/^<svg[\s\S]*<\/svg>\s*$/);
    });

    it("scan ranges scaled down by half: Kupiec rejects (rate above the target)", () => {
      const s = overall(run(scaled(0.5)));
      expect(s.rate).to.be.above(10 * s.target);
      expect(s.kupiec).to.include({ reject: true, direction: "above" });
    });

    it("scan ranges doubled: Kupiec rejects (rate below the target)", () => {
      const s = overall(run(scaled(2)));
      expect(s.kupiec).to.include({ reject: true, direction: "below" });
    });

    it("against a 1% policy rate a correct calibration has too few exceedances", () => {
      const r = backtest(
        { histories: [h], market, calibrator: memo },
        { horizonSeconds: HOUR, target: 0.01 },
      );
      expect(overall(r).kupiec).to.include({ reject: true, direction: "below" });
      expect(r.targetKind).to.equal("policy");
    });
  });
});

describe("CLI: zkmargin risk backtest", function () {
  this.timeout(60_000);
  const BIN = path.join(ROOT, "bin", "zkmargin.js");
  /** The real binary (a child process): slow to start, used once. */
  const spawn = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, "risk", "backtest", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  /** The same CLI in this process, output captured. */
  const run = (...args: string[]) => runCliInProcess("risk", "backtest", ...args);
  let dir: string;
  let hist: string;
  let bad: string;
  let marketFile: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-backtest-"));
    hist = path.join(dir, "hist");
    bad = path.join(dir, "bad");
    fs.mkdirSync(hist);
    fs.mkdirSync(bad);
    const h = btc(5, 30); // 30 days, seed 5: passes (some short-history seeds do not)
    const csv = ["time,close", ...h.times.map((t, i) => `${t},${h.closes[i].toFixed(4)}`)];
    fs.writeFileSync(path.join(hist, "BTC.csv"), csv.join("\n") + "\n");
    csv[6] = `${h.times[5]},abc`; // row 7 of the file
    fs.writeFileSync(path.join(bad, "BTC.csv"), csv.join("\n") + "\n");
    marketFile = path.join(dir, "market.json");
    fs.writeFileSync(marketFile, JSON.stringify(tinyMarket()));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--help names the options and the exit codes", async () => {
    const r = await run("--help");
    expect(r.code).to.equal(0);
    for (const s of ["--market", "--portfolio", "--collateral", "--target", "--warmup", "Exit 0"])
      expect(r.stdout).to.include(s);
  });

  it("--json: the report, the files written, exit 0; a policy target it fails: exit 1", async () => {
    const report = path.join(dir, "report.json");
    const chart = path.join(dir, "chart.svg");
    const common = [hist, "--market", marketFile, "--horizon", "3600", "--warmup", "10"];
    const r = await run(...common, "--report", report, "--chart", chart, "--json");
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout) as { passed: boolean; steps: number; written: string[] };
    expect(j).to.include({ passed: true, steps: 20 * 24 });
    expect(j.written).to.deep.equal([report, chart]);
    expect(JSON.parse(fs.readFileSync(report, "utf8"))).to.have.property("kind", "backtest");
    expect(fs.readFileSync(chart, "utf8")).to.match(/^<svg/);
    const f = await run(...common, "--target", "0.5");
    expect(f.code, f.stderr).to.equal(1);
    expect(f.stdout).to.include("FAIL");
  });

  it("bad input: exit 2 naming file, row and column; nothing written", async () => {
    const report = path.join(dir, "never.json");
    const r = spawn(bad, "--market", marketFile, "--report", report);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include(path.join(bad, "BTC.csv")).and.include("row 7, column close");
    expect(fs.existsSync(report)).to.equal(false);
    const p = await run(
      hist,
      "--market",
      marketFile,
      "--portfolio",
      "examples/portfolio-perps.json",
    );
    expect(p.code).to.equal(2);
    expect(p.stderr).to.include("--collateral");
    const t = await run(hist, "--market", marketFile, "--target", "2");
    expect(t.code).to.equal(2);
    expect(t.stderr).to.include("--target");
  });
});
