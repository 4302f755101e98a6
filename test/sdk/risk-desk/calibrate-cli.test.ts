// `zkmargin risk calibrate` on the command line: help, JSON output and files, and bad input
// (exit 2, the file/row/column named, nothing written). Runs the CLI's `main` in-process with
// stdout/stderr captured (a spawned ts-node CLI takes ~10 s to start), plus one spawned run.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseMarket } from "../../../src/schema";
import { ROOT, runCliInProcess } from "../helpers";

const HISTORY = path.join(ROOT, "examples", "history");
const MARKET = path.join(ROOT, "examples", "market.json");

const cli = (...args: string[]) => runCliInProcess(...args);

describe("CLI risk calibrate", function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-calibrate-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const at = (f: string) => path.join(dir, f);

  it("--help names every option", async () => {
    const r = await cli("risk", "calibrate", "--help");
    expect(r.code).to.equal(0);
    for (const flag of ["--market", "--output", "--merge", "--report", "--chart", "--horizon"])
      expect(r.stdout).to.include(flag);
    expect(r.stdout).to.match(/proof TTL \+ grace\s+=\s+4200/);
  });

  it("--json: the report on stdout, the fragment, merged market, report and chart written", async () => {
    const out = ["frag.json", "market.out.json", "report.json", "chart.svg"].map(at);
    const r = await cli(
      "risk",
      "calibrate",
      HISTORY,
      "--market",
      MARKET,
      "-o",
      out[0],
      "--merge",
      out[1],
      "--report",
      out[2],
      "--chart",
      out[3],
      "--json",
    );
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout) as { kind: string; written: string[]; fragment: unknown };
    expect(j.kind).to.equal("calibration");
    expect(j.written).to.deep.equal(out);
    const frag = JSON.parse(fs.readFileSync(out[0], "utf8")) as { groups: { id: string }[] };
    expect(frag).to.deep.equal(j.fragment);
    expect(frag.groups.map((g) => g.id)).to.deep.equal(["BTC", "ETH"]);
    parseMarket(JSON.parse(fs.readFileSync(out[1], "utf8")), out[1]);
    expect(JSON.parse(fs.readFileSync(out[2], "utf8"))).to.deep.equal(
      Object.fromEntries(Object.entries(j).filter(([k]) => k !== "written")),
    );
    expect(fs.readFileSync(out[3], "utf8")).to.match(/^<svg/);
    // text output: the same figures
    const t = await cli("risk", "calibrate", HISTORY, "--market", MARKET);
    expect(t.code, t.stderr).to.equal(0);
    expect(t.stdout).to.match(/^calibration: horizon 4200 s/);
    expect(t.stdout).to.match(/v2 fields \(SPEC 7\.1\), written to the fragment/);
  });

  it("a bad option is exit 2 naming the flag, nothing written", async () => {
    for (const [flag, value] of [
      ["--confidence", "1.5"],
      ["--lambda", "x"],
      ["--horizon", "-5"],
      ["--factor", "SOL"],
    ]) {
      const r = await cli(
        "risk",
        "calibrate",
        HISTORY,
        "--market",
        MARKET,
        "-o",
        at("no.json"),
        flag,
        value,
      );
      expect(r.code, flag).to.equal(2);
      expect(r.stderr).to.include(`command line: ${flag}: `);
    }
    expect(fs.existsSync(at("no.json"))).to.equal(false);
  });

  it("a group whose psr x extremeMultiple >= 1: exit 1, the group named, nothing written", async () => {
    const m = JSON.parse(fs.readFileSync(MARKET, "utf8")) as {
      scenario: Record<string, string>;
      groups: { psr: string }[];
    };
    // a valid market (0.01 x 40 < 1) whose calibrated psr (about 0.02-0.04) x 40 is not
    for (const g of m.groups) g.psr = "0.01";
    m.scenario.extremeMultiple = "40";
    fs.writeFileSync(at("m40.json"), JSON.stringify(m));
    const r = await cli(
      "risk",
      "calibrate",
      HISTORY,
      "--market",
      at("m40.json"),
      "-o",
      at("no.json"),
    );
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/group (BTC|ETH): calibrated psr/);
    expect(fs.existsSync(at("no.json"))).to.equal(false);
  });

  it("a bad history file: exit 2 with file, row and column (spawned binary), nothing written", () => {
    const bad = at("bad");
    fs.mkdirSync(bad);
    for (const f of fs.readdirSync(HISTORY))
      fs.copyFileSync(path.join(HISTORY, f), path.join(bad, f));
    const lines = fs.readFileSync(path.join(bad, "ETH.csv"), "utf8").split("\n");
    lines[5] = lines[5].replace(/,[0-9.]+,/, ",n/a,"); // row 6
    fs.writeFileSync(path.join(bad, "ETH.csv"), lines.join("\n"));
    const out = at("never.json");
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "bin", "zkmargin.js"),
        "risk",
        "calibrate",
        bad,
        "--market",
        MARKET,
        "-o",
        out,
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/ETH\.csv: row 6, column close: /);
    expect(r.stderr).not.to.match(/\n\s+at /);
    expect(fs.existsSync(out)).to.equal(false);
  });
});
