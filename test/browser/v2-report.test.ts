/**
 * The web page's SPEC 7.1 figures (issue 14) in Debian's chromium, without a chain: the page
 * built into a temporary directory and served with the examples/v2 risk table (then v1's).
 * Each v2 book's joint-scenario requirement, diversification credit, liquidity add-on per
 * position and in total, effective amount of tiered tokens and the joint-scenario chart must
 * read exactly as the SDK computes them; a v1 market shows none of them. The charts name each
 * scenario in prices (src/report/scenario-label.ts), with a USD axis and ticks, a title per
 * bar, the worst scenario marked in words and gains hatched below the zero line (issue 17
 * point 2). Screenshots go to test-artifacts/browser/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import {
  type MarginResult,
  type RiskTable,
  computeMargin,
  formatScaled,
  marginReportJson,
  money,
  parseBalances,
  parseMarket,
  parsePortfolio,
  parseRiskTable,
  toIntegerBalances,
  toIntegerPortfolio,
  buildRiskTable,
  describeScenario,
  jointScenarioLabels,
  serializeRiskTable,
} from "../../src/browser";
import { buildApp } from "../../src/node/app/build";
import { type AppServer, serveApp } from "../../src/node/app/server";
import { ensureChromium, launchChromium } from "../../scripts/lib/chromium";
import { ROOT, SHOTS } from "./venue-page";

const read = (f: string) => fs.readFileSync(path.join(ROOT, "examples", f), "utf8");
const usd = (v: bigint) => `${money(v)} USD`;
const jointUsd = (v: bigint) => usd(v / 10000n);
const contracts = (x: bigint) => formatScaled(x < 0n ? -x : x, 8);

describe("web page: the SPEC 7.1 figures of examples/v2 (chromium, no chain)", function () {
  this.timeout(180000);
  let out = "";
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  let riskJson = "";
  let pageErrors: string[] = [];
  const tables = new Map<"v1" | "v2", { json: string; table: RiskTable }>();
  const tableOf = (market: "v1" | "v2") => {
    const t = tables.get(market);
    if (!t) throw new Error(`no ${market} risk table`);
    return t;
  };

  before(async function () {
    const engine = path.join(ROOT, "artifacts", "contracts", "MarginEngine.sol");
    if (!fs.existsSync(engine)) {
      console.log("      skipped: no MarginEngine artifact (npx hardhat compile)");
      this.skip();
    }
    const why = ensureChromium();
    if (why) throw new Error(why);
    for (const [name, file] of [
      ["v1", "market.json"],
      ["v2", "v2/market.json"],
    ] as const) {
      const json = serializeRiskTable(buildRiskTable(parseMarket(JSON.parse(read(file)), file)));
      tables.set(name, { json, table: parseRiskTable(JSON.parse(json)) });
    }
    out = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-app-v2-"));
    await buildApp({ outDir: out, instances: [] });
    server = await serveApp({
      dir: out,
      port: 0,
      routes: {
        "/config.json": { body: '{"riskUrl":"risk.json"}', type: "application/json" },
        "/risk.json": () => ({ body: riskJson, type: "application/json" }),
      },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
    pageErrors = [];
  });

  /** The page with `market`'s table and the book's files pasted in; the SDK's result. */
  async function load(
    market: "v1" | "v2",
    portfolioFile: string,
    balancesFile: string,
  ): Promise<{ page: Page; m: MarginResult }> {
    riskJson = tableOf(market).json;
    const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server!.url);
    await page.waitForSelector('#risk-message[data-kind="ok"]');
    await page.click("#files-json > summary"); // the textareas are in "The files as JSON"
    await page.fill("#portfolio-text", read(portfolioFile));
    await page.fill("#balances-text", read(balancesFile));
    await page.waitForSelector("#report:not([hidden])");
    const table = tableOf(market).table;
    const portfolio = toIntegerPortfolio(parsePortfolio(JSON.parse(read(portfolioFile))), table);
    const balances = toIntegerBalances(parseBalances(JSON.parse(read(balancesFile))), table);
    const m = computeMargin(table, portfolio, balances.amounts, 10000n);
    expect(JSON.parse((await page.textContent("#report-json")) ?? "")).to.deep.equal(
      marginReportJson(m),
    );
    return { page, m };
  }
  const cells = async (page: Page, sel: string) =>
    (await page.locator(`${sel} > *`).allTextContents()).map((s) => s.trim());
  const shot = async (page: Page, name: string, sel = "#report") => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator(sel).screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const sign = (v: bigint) => (v < 0n ? "gain" : v > 0n ? "loss" : "no change");
  /** "-24% vol flat (35%)" as the lines under its bar. */
  const axisLines = (short: string) => {
    const [move, rest] = short.split(" vol ");
    const [vol, weight] = rest.split(" ");
    return [move, `vol ${vol}`, ...(weight ? [weight] : [])];
  };

  /** Each group's chart: labels, ticks, titles, the worst marker, gains hatched below zero. */
  async function checkGroupCharts(page: Page, table: RiskTable, m: MarginResult): Promise<void> {
    for (const g of m.groups) {
      const chart = page.locator(`#charts .chart[data-group="${g.id}"]`);
      const d = (s: number) => describeScenario(table, g.id, s);
      const loses = g.requirement > 0n;
      const worst = loses
        ? `worst: scenario ${g.worstScenario}, ${d(g.worstScenario).long}`
        : "no scenario loses";
      expect(await chart.locator("p").textContent()).to.equal(
        `${g.id}: requirement ${usd(g.requirement)} (${worst})`,
      );
      const svg = chart.locator("svg");
      expect(await svg.getAttribute("role")).to.equal("img");
      const loss = g.req.filter((v) => v > 0n).length;
      const gain = g.req.filter((v) => v < 0n).length;
      expect(await svg.getAttribute("aria-label")).to.equal(
        `${g.id}: requirement per scenario in USD; ${worst}, ${usd(g.requirement)}; ` +
          `${loss} of ${g.req.length} scenarios lose, ${gain} gain`,
      );
      // the short labels under the bars, e.g. ["-24%", "vol flat", "(35%)"]
      const labels = await chart
        .locator("text.scenario")
        .evaluateAll((ts) => ts.map((t) => Array.from(t.children).map((c) => c.textContent ?? "")));
      expect(labels).to.deep.equal(g.req.map((_, s) => axisLines(d(s).short)));
      expect(labels[15]).to.deep.equal(["-" + labels[14][0].slice(1), "vol flat", "(35%)"]);
      // hover values
      expect(await chart.locator("rect title").allTextContents()).to.deep.equal(
        g.req.map((v, s) => `scenario ${s}, ${d(s).long}: ${usd(v)} (${sign(v)})`),
      );
      // the USD axis: ticks from the largest gain to the largest loss, 0 among them
      const ticks = await chart.locator("text.tick").allTextContents();
      expect(ticks).to.include("0");
      expect(ticks.length).to.be.within(loses ? 3 : 2, 12);
      for (const t of ticks) expect(t).to.match(/^([+-][0-9.]+[kMB]?|0)$/);
      expect(await chart.locator("text.unit").first().textContent()).to.equal("USD");
      // the worst scenario: class, word and marker on its bar only
      const bars = chart.locator("rect");
      const classes = await bars.evaluateAll((rs) => rs.map((r) => r.className.baseVal));
      expect(classes.flatMap((c, s) => (c.split(" ").includes("worst") ? [s] : []))).to.deep.equal(
        loses ? [g.worstScenario] : [],
      );
      expect(await chart.locator("text.worst-mark").allTextContents()).to.deep.equal(
        loses ? ["worst"] : [],
      );
      expect(await chart.locator("path.worst-marker").count()).to.equal(loses ? 1 : 0);
      // gains: hatched and below the zero line; losses above it
      const geo = await bars.evaluateAll((rs) =>
        rs.map((r) => ({
          y: Number(r.getAttribute("y")),
          h: Number(r.getAttribute("height")),
          fill: r.getAttribute("fill") ?? "",
        })),
      );
      const zero = Math.max(...geo.map((b) => b.y).filter((y, s) => g.req[s] < 0n), 0);
      g.req.forEach((v, s) => {
        if (v < 0n) expect(geo[s].fill, `${g.id} s=${s}`).to.match(/^url\(#gain-hatch-\d+\)$/);
        else expect(geo[s].fill, `${g.id} s=${s}`).to.equal("");
        if (v > 0n && gain > 0) expect(geo[s].y + geo[s].h).to.be.closeTo(zero, 0.01);
      });
    }
  }

  it("pairs book: joint scenarios, diversification credit and the joint chart", async () => {
    const { page, m } = await load("v2", "v2/portfolio-pairs.json", "v2/balances-pairs.json");
    const table = tableOf("v2").table;
    const jointWorst = `worst: scenario ${m.jointWorstScenario}, ${
      jointScenarioLabels(table, m.jointWorstScenario).long
    }`;
    expect(await page.isVisible("#v2-correlation")).to.equal(true);
    const fig = (name: string) => cells(page, `#v2-correlation [data-figure="${name}"]`);
    const expected = {
      "uncorrelated-scan": usd(m.uncorrelatedScan),
      joint: jointUsd(m.joint),
      scan: usd(m.scan),
      "diversification-credit": usd(m.diversificationCredit),
    };
    const shown: Record<string, string> = {};
    for (const name of Object.keys(expected)) shown[name] = (await fig(name))[1];
    expect(shown).to.deep.equal(expected);
    expect((await fig("joint"))[2]).to.equal(jointWorst);
    // the README's figures
    expect(shown).to.deep.equal({
      "uncorrelated-scan": "81,217.50 USD",
      joint: "1,501.50 USD",
      scan: "30,355.50 USD",
      "diversification-credit": "50,862.00 USD",
    });
    expect(await page.textContent("#r-scan")).to.equal(usd(m.scan));
    expect(await page.textContent("#r-scan-label")).to.equal(
      "Scan (after the correlation offsets)",
    );
    expect(await page.textContent("#v2-correlation .hint")).to.equal(
      "Correlation r_g: BTC 0.7, ETH 0.6, UNI 0.5.",
    );
    // the pairs book holds no tiered token
    expect(await page.locator("#v2-tiers").count()).to.equal(0);

    // the joint chart beside the per-group ones
    expect(await page.locator("#charts .chart[data-group]").count()).to.equal(m.groups.length);
    const joint = page.locator("#charts .chart[data-joint]");
    expect(await joint.count()).to.equal(1);
    expect(await joint.locator("p").textContent()).to.equal(
      `Joint scenarios (Σ_g r_g req_g,s / 10000): J / 10000 = ${jointUsd(m.joint)} (${jointWorst})`,
    );
    const svg = joint.locator("svg");
    expect(await svg.getAttribute("role")).to.equal("img");
    const loss = m.jointReq.filter((v) => v > 0n).length;
    const gain = m.jointReq.filter((v) => v < 0n).length;
    expect(await svg.getAttribute("aria-label")).to.equal(
      `Joint scenarios: requirement per scenario in USD; ${jointWorst}, ${jointUsd(m.joint)}; ` +
        `${loss} of ${m.jointReq.length} scenarios lose, ${gain} gain`,
    );
    const titles = await joint.locator("rect title").allTextContents();
    expect(titles).to.deep.equal(
      m.jointReq.map(
        (r, s) =>
          `scenario ${s}, ${jointScenarioLabels(table, s).long}: ${jointUsd(r)} (${sign(r)})`,
      ),
    );
    expect(
      await joint
        .locator("text.scenario")
        .evaluateAll((ts) => ts.map((t) => Array.from(t.children).map((c) => c.textContent ?? ""))),
    ).to.deep.equal(m.jointReq.map((_, s) => axisLines(jointScenarioLabels(table, s).short)));
    const classes = await joint
      .locator("rect")
      .evaluateAll((rs) => rs.map((r) => r.className.baseVal));
    expect(classes.flatMap((c, s) => (c.split(" ").includes("worst") ? [s] : []))).to.deep.equal([
      m.jointWorstScenario,
    ]);
    expect(await joint.locator("text.worst-mark").textContent()).to.equal("worst");
    expect(await joint.locator("text.tick").count()).to.be.greaterThan(2);
    await checkGroupCharts(page, table, m);
    expect(await page.textContent("#charts-title")).to.equal(
      "Requirement per scenario, by group and jointly",
    );
    await shot(page, "v2-pairs");
    await shot(page, "v2-pairs-charts", "#charts");
    await page.close();
  });

  it("concentrated book: the liquidity add-on per position and in total", async () => {
    const { page, m } = await load(
      "v2",
      "v2/portfolio-concentrated.json",
      "v2/balances-concentrated.json",
    );
    const portfolio = JSON.parse(read("v2/portfolio-concentrated.json")) as {
      positions: Array<{ instrument: string }>;
    };
    const rows = m.positionLiquidity.filter((p) => p.concentrated);
    expect(rows.length).to.be.greaterThan(0);
    const qOf = (slot: number) =>
      toIntegerPortfolio(parsePortfolio(portfolio), tableOf("v2").table).positions[slot].q;
    for (const p of rows)
      expect(await cells(page, `#v2-liquidity tr[data-slot="${p.slot}"]`)).to.deep.equal([
        p.instrument,
        contracts(qOf(p.slot)),
        formatScaled(p.threshold, 8),
        formatScaled(p.excess, 8),
        formatScaled(p.charge, 22),
        usd(p.addOn),
      ]);
    expect(await cells(page, '#v2-liquidity [data-figure="liquidity"]')).to.deep.equal([
      "Liquidity add-on total",
      usd(m.liquidity),
    ]);
    // the README's figures: 70 contracts above 50 at 200 USD
    expect(await cells(page, '#v2-liquidity tr[data-instrument="BTC-PERP"]')).to.deep.equal([
      "BTC-PERP",
      "120",
      "50",
      "70",
      "200",
      "14,000.00 USD",
    ]);
    expect(await page.textContent("#r-mm")).to.equal("885,920.00 USD");
    expect(await page.textContent("#r-mm-label")).to.equal(
      "Maintenance margin (with the liquidity add-on)",
    );
    await shot(page, "v2-concentrated");
    await page.close();
  });

  it("altcoin book: the effective amount of the tiered token", async () => {
    const { page, m } = await load("v2", "v2/portfolio-altcoin.json", "v2/balances-altcoin.json");
    const tiered = m.collateral.filter((c) => c.tiered && c.amount > 0n);
    expect(tiered.map((c) => c.symbol)).to.deep.equal(["UNI"]);
    for (const c of tiered)
      expect(await cells(page, `#v2-tiers tr[data-token="${c.symbol}"]`)).to.deep.equal([
        c.symbol,
        `${formatScaled(c.amount, c.decimals)} ${c.symbol}`,
        `${formatScaled(c.effectiveAmount, c.decimals)} ${c.symbol}`,
      ]);
    expect(await cells(page, '#v2-tiers tr[data-token="UNI"]')).to.deep.equal([
      "UNI",
      "2000000 UNI",
      "1353300 UNI",
    ]);
    expect(await page.textContent("#r-hc")).to.equal("7,661,312.50 USD");
    expect(await cells(page, '#v2-liquidity [data-figure="liquidity"]')).to.deep.equal([
      "Liquidity add-on total",
      "40,000.00 USD",
    ]);
    await shot(page, "v2-altcoin");
    await page.close();
  });

  it("a v1 market shows none of the new sections", async () => {
    const { page, m } = await load("v1", "portfolio-perps.json", "balances-perps.json");
    expect(m.features).to.deep.equal({ correlation: false, concentration: false, tiers: false });
    expect(await page.isHidden("#v2-figures")).to.equal(true);
    expect(await page.locator("#v2-figures > *").count()).to.equal(0);
    expect(await page.locator("#charts .chart[data-joint]").count()).to.equal(0);
    expect(await page.locator("#charts .chart").count()).to.equal(m.groups.length);
    expect(await page.textContent("#r-scan-label")).to.equal("Scan (sum of group requirements)");
    expect(await page.textContent("#r-mm-label")).to.equal("Maintenance margin");
    expect(await page.textContent("#charts-title")).to.equal("Requirement per scenario, by group");
    const report = JSON.parse((await page.textContent("#report-json")) ?? "") as object;
    for (const key of ["correlation", "liquidity", "effectiveCollateral"])
      expect(report).to.not.have.property(key);
    await checkGroupCharts(page, tableOf("v1").table, m);
    await shot(page, "v1-perps");
    await shot(page, "v1-perps-charts", "#charts");
    await page.close();
  });
});
