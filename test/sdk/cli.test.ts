import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MARGIN_REPORT_KEYS, ROOT, example } from "./helpers";

const BIN = path.join(ROOT, "bin", "zkmargin.js");

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("CLI (node bin/zkmargin.js)", function () {
  this.timeout(60000);
  let dir: string;
  let risk: string;
  const ex = (f: string) => path.join("examples", f);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-cli-"));
    risk = path.join(dir, "risk.json");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("risk build writes risk.json and prints the root (--json)", () => {
    const r = run("risk", "build", ex("market.json"), "-o", risk, "--json");
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).to.include.keys("riskRoot", "instrumentRoot", "collateralRoot", "instance", "epoch");
    expect(fs.existsSync(risk)).to.equal(true);
    expect(j.riskRoot).to.equal(
      (JSON.parse(fs.readFileSync(risk, "utf8")) as { roots: { riskRoot: string } }).roots.riskRoot,
    );
  });

  it("risk build on bad input: exit 2, file/path/rule on stderr, no stack, nothing written", () => {
    const m = example("market.json") as { groups: Array<Record<string, unknown>> };
    m.groups[0].price = 86500;
    const bad = path.join(dir, "bad-market.json");
    fs.writeFileSync(bad, JSON.stringify(m));
    const out = path.join(dir, "never.json");
    const r = run("risk", "build", bad, "-o", out);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      new RegExp(
        `^error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: groups\\[0\\]\\.price: must be a decimal string`,
      ),
    );
    expect(r.stderr).not.to.match(/\n\s+at /);
    expect(fs.existsSync(out)).to.equal(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes("never"))).to.deep.equal([]);
  });

  it("risk build: missing file and missing -o are bad input (exit 2)", () => {
    expect(
      run("risk", "build", path.join(dir, "nope.json"), "-o", path.join(dir, "x.json")).stderr,
    ).to.match(/nope\.json: \(file\): file not found/);
    expect(run("risk", "build", ex("market.json")).code).to.equal(2);
  });

  it("margin prints a readable report (exit 0 when solvent)", () => {
    const r = run(
      "margin",
      ex("portfolio-hedged-options.json"),
      "--risk",
      risk,
      "--collateral",
      ex("balances-hedged-options.json"),
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/Equity/);
    expect(r.stdout).to.match(/Scan BTC .* worst: /);
    expect(r.stdout).to.match(/SOLVENT\n$/);
  });

  it("margin --json has the SPEC section 5 keys", () => {
    const r = run(
      "margin",
      ex("portfolio-perps.json"),
      "--risk",
      risk,
      "--collateral",
      ex("balances-perps.json"),
      "--json",
      "--multiplier",
      "1.5",
    );
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).to.include.keys(...MARGIN_REPORT_KEYS);
    expect(j.multiplier).to.equal("1.5");
    expect(Object.keys(j.scan as object)).to.deep.equal(["BTC", "ETH"]);
  });

  it("margin exits 1 on an insolvent portfolio", () => {
    const r = run(
      "margin",
      ex("portfolio-insolvent.json"),
      "--risk",
      risk,
      "--collateral",
      ex("balances-insolvent.json"),
      "--json",
    );
    expect(r.code).to.equal(1);
    expect((JSON.parse(r.stdout) as { solvent: boolean }).solvent).to.equal(false);
  });

  it("margin exits 2 on bad balances and on a bad multiplier", () => {
    const b = path.join(dir, "bad-balances.json");
    fs.writeFileSync(
      b,
      JSON.stringify({ ...example("balances-perps.json"), balances: { USDC: "1.1234567" } }),
    );
    const r = run("margin", ex("portfolio-perps.json"), "--risk", risk, "--collateral", b);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("balances.USDC: more than 6 decimals");
    const m = run(
      "margin",
      ex("portfolio-perps.json"),
      "--risk",
      risk,
      "--collateral",
      ex("balances-perps.json"),
      "--multiplier",
      "0.5",
    );
    expect(m.code).to.equal(2);
    expect(m.stderr).to.contain("--multiplier: 0.5: must be in 1.0..100.0");
  });

  it("app refuses bad options before building or starting anything (exit 2)", () => {
    for (const [args, message] of [
      [["--port", "80a"], "--port: must be a port number 0..65535"],
      [["--instance", "huge"], "--instance: must be one of standard, small"],
      [["--rpc", "http://127.0.0.1:1", "--engine", "0x12"], "--engine: must be a 0x address"],
      [
        ["--rpc", "http://127.0.0.1:1", "--risk", ex("market.json")],
        "market.json: instance: missing field",
      ],
    ] as const) {
      const r = run("app", ...args);
      expect(r.code, args.join(" ")).to.equal(2);
      expect(r.stderr).to.contain(message);
      expect(r.stderr).not.to.match(/\n\s+at /);
    }
  });

  it("every command has --help", () => {
    for (const args of [
      ["--help"],
      ["risk", "--help"],
      ["risk", "build", "--help"],
      ["margin", "--help"],
      ["app", "--help"],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(" ")).to.equal(0);
      expect(r.stdout).to.contain("Usage: zkmargin");
    }
  });
});
