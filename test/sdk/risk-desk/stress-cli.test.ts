// `zkmargin stress` and the book folder: in-process CLI runs (stdout/stderr captured) and
// one spawned run for the real exit code 1.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBookDir } from "../../../src/node/risk-desk/load-book";
import { ROOT, runCliInProcess } from "../helpers";
import { handBook, handMarketJson, inputError } from "./stress-fixtures";

const BIN = path.join(ROOT, "bin", "zkmargin.js");

const cli = (...args: string[]) => runCliInProcess(...args);

describe("risk desk: book folder and `zkmargin stress`", function () {
  this.timeout(120000);
  let dir: string;
  const write = (f: string, v: unknown) => {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, JSON.stringify(v));
  };
  const spawned = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, "stress", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const run = (...args: string[]) => cli("stress", ...args);
  let book: string;
  let mkt: string;
  let shocks: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-stress-"));
    book = path.join(dir, "book");
    for (const a of handBook().accounts) {
      const p = { ...a.portfolio, nonce: 0, salt: "0x01" };
      const positions = a.portfolio.positions.map((x) => ({
        instrument: x.instrument,
        quantity: fmt(x.quantity),
        costBasis: fmt(x.costBasis),
      }));
      const file =
        a.name === "e-hedged"
          ? path.join(book, a.name, "portfolio.json")
          : path.join(book, `${a.name}.portfolio.json`);
      write(file, { ...p, positions, cash: "0" });
      const bal = {
        version: 1,
        account: a.balances.account,
        balances: { USDC: fmt(a.balances.balances.USDC) },
      };
      write(
        a.name === "e-hedged"
          ? path.join(book, a.name, "balances.json")
          : path.join(book, `${a.name}.balances.json`),
        bal,
      );
    }
    mkt = path.join(dir, "market.json");
    write(mkt, handMarketJson());
    shocks = path.join(dir, "shocks.json");
    write(shocks, {
      version: 1,
      scenarios: [{ name: "crash", groups: { BTC: { move: "-0.40" } } }],
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads both layouts; a missing partner or a bad file names the file", () => {
    expect(loadBookDir(book).accounts.map((a) => a.name)).to.deep.equal([
      "a-long",
      "b-thin",
      "c-under",
      "d-rich",
      "e-hedged",
    ]);
    const odd = path.join(dir, "odd");
    fs.cpSync(book, odd, { recursive: true });
    fs.rmSync(path.join(odd, "b-thin.balances.json"));
    let e = inputError(() => loadBookDir(odd));
    expect(e.file).to.equal(path.join(odd, "b-thin.portfolio.json"));
    expect(e.rule).to.match(/no matching .*b-thin\.balances\.json/);
    fs.cpSync(book, odd, { recursive: true });
    fs.rmSync(path.join(odd, "e-hedged", "portfolio.json"));
    e = inputError(() => loadBookDir(odd));
    expect(e.file).to.equal(path.join(odd, "e-hedged", "balances.json"));
    fs.cpSync(book, odd, { recursive: true });
    fs.writeFileSync(path.join(odd, "a-long.portfolio.json"), "{ not json");
    e = inputError(() => loadBookDir(odd));
    expect(e.file).to.equal(path.join(odd, "a-long.portfolio.json"));
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty);
    expect(inputError(() => loadBookDir(empty)).file).to.equal(empty);
  });

  it("reads examples/ as a book: portfolio-<name>.json + balances-<name>.json", () => {
    const examples = path.join(__dirname, "../../../examples");
    expect(loadBookDir(examples).accounts.map((a) => a.name)).to.deep.equal([
      "hedged-options",
      "insolvent",
      "perps",
      "wrong-way",
    ]);
    const odd = path.join(dir, "odd-examples");
    fs.mkdirSync(odd);
    fs.copyFileSync(
      path.join(examples, "balances-perps.json"),
      path.join(odd, "balances-perps.json"),
    );
    const e = inputError(() => loadBookDir(odd));
    expect(e.file).to.equal(path.join(odd, "balances-perps.json"));
    expect(e.rule).to.match(/no matching .*portfolio-perps\.json/);
  });

  it("--help, --json, exit 0 when covered, report and chart written", async () => {
    const help = await run("--help");
    expect(help.code).to.equal(0);
    expect(help.stdout)
      .to.match(/--insurance/)
      .and.match(/Exit codes/);
    const report = path.join(dir, "report.json");
    const chart = path.join(dir, "chart.svg");
    const ok = await run(
      book,
      "--market",
      mkt,
      "--shocks",
      shocks,
      "--insurance",
      "904200",
      "--json",
      "--report",
      report,
      "--chart",
      chart,
      "--lapse-chart",
      chart.replace("chart", "lapse"),
    );
    expect(ok.code, ok.stderr).to.equal(0);
    const j = JSON.parse(ok.stdout) as {
      scenarios: Array<{ badDebt: string; firstLapses: Array<{ account: string }> }>;
      failed: boolean;
    };
    expect(j.scenarios[0].badDebt).to.equal("904200");
    expect(j.scenarios[0].firstLapses.map((l) => l.account)).to.deep.equal([
      "c-under",
      "b-thin",
      "a-long",
      "d-rich",
    ]);
    expect(j.failed).to.equal(false);
    expect(fs.readFileSync(report, "utf8")).to.equal(ok.stdout);
    expect(fs.readFileSync(chart, "utf8"))
      .to.match(/^<svg/)
      .and.match(/insurance balance/);
    expect(fs.readFileSync(chart.replace("chart", "lapse"), "utf8")).to.match(/^<svg/);
  });

  it("--history: the worst windows of examples/history as scenarios (example book)", async () => {
    const ex = path.join(dir, "examples-book");
    for (const n of ["perps", "hedged-options", "wrong-way"]) {
      fs.mkdirSync(path.join(ex, n), { recursive: true });
      fs.copyFileSync(
        path.join(ROOT, "examples", `portfolio-${n}.json`),
        path.join(ex, n, "portfolio.json"),
      );
      fs.copyFileSync(
        path.join(ROOT, "examples", `balances-${n}.json`),
        path.join(ex, n, "balances.json"),
      );
    }
    const args = [
      ex,
      "--market",
      path.join(ROOT, "examples", "market.json"),
      "--history",
      path.join(ROOT, "examples", "history"),
      "--worst",
      "2",
      "--insurance",
      "100000000",
      "--json",
    ];
    const r = await run(...args);
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout) as {
      historical: { horizon: number; bars: number; interval: number };
      scenarios: Array<{ kind: string; window: { start: number; end: number } }>;
    };
    expect(j.historical).to.include({ horizon: 4200, bars: 2, interval: 3600 });
    expect(j.scenarios.map((s) => s.kind)).to.deep.equal(["historical", "historical"]);
    expect(j.scenarios[0].window.end - j.scenarios[0].window.start).to.equal(7200);
  });

  it("exit 1 when the bad debt exceeds the insurance balance (spawned CLI)", () => {
    const bad = spawned(book, "--market", mkt, "--shocks", shocks, "--insurance", "900000");
    expect(bad.code, bad.stderr).to.equal(1);
    expect(bad.stdout).to.match(/FAILED/);
  });

  it("bad input: exit 2, the file and path named, nothing written", async () => {
    const report = path.join(dir, "never.json");
    const badShocks = path.join(dir, "bad-shocks.json");
    write(badShocks, {
      version: 1,
      scenarios: [{ name: "x", groups: { DOGE: { move: "-0.1" } } }],
    });
    let r = await run(book, "--market", mkt, "--shocks", badShocks, "--report", report);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain(`${badShocks}: scenarios[0].groups.DOGE: unknown group`);
    r = await run(book, "--market", mkt, "--report", report);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--history \/ --shocks/);
    r = await run(
      book,
      "--market",
      mkt,
      "--shocks",
      shocks,
      "--insurance",
      "-1",
      "--report",
      report,
    );
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--insurance/);
    r = await run(path.join(dir, "nope"), "--market", mkt, "--shocks", shocks, "--report", report);
    expect(r.code).to.equal(2);
    expect(fs.existsSync(report)).to.equal(false);
  });
});

function fmt(d: { units: bigint; scale: number }): string {
  const neg = d.units < 0n;
  const s = (neg ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  const out = d.scale === 0 ? s : `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
  return neg ? `-${out}` : out;
}
