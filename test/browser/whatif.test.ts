/**
 * The desk of the web page (issue 17 points 2 and 3) in Debian's chromium against
 * `zkmargin app --instance small` (the local venue, which serves the market of its current
 * risk table as /market.json): the health gauge (usage MM / equity, thresholds, validity tier
 * once connected, what binds) and section 4 (distance to insolvency per group and all
 * together at the maintenance and initial multipliers, collateral to reach a health, the
 * largest trade, a draft before and after) must read exactly as the SDK computes them and as
 * `zkmargin whatif --json` prints them (the page accepts the market when its compilation in
 * Chromium differs from risk.json only in the last digits of option values, app/desk/same-
 * table.ts); a brute-force rebuild of the shifted market confirms
 * one crossing; a market of another risk root is refused; the controls work from the
 * keyboard; at 390 px the page does not overflow. Screenshots: test-artifacts/browser/whatif-*.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import {
  type Binding,
  type Crossing,
  type DistanceReport,
  type Market,
  type MarginResult,
  type RiskTable,
  type WhatIfSummary,
  MarginEngineClient,
  bindingOf,
  buildRiskTable,
  collateralToReach,
  collateralToReachJson,
  compareDraft,
  computeMargin,
  distanceReportJson,
  distancesToInsolvency,
  draftJson,
  formatHealth,
  formatMultiplier,
  formatScaled,
  jointScenarioLabels,
  maxQuantity,
  maxQuantityJson,
  money,
  parseBalances,
  parseDraft,
  parseMarket,
  parsePortfolio,
  parseRiskTable,
  pickTier,
  scenarioLabel,
  serializeRiskTable,
  shiftMarket,
  solventAt,
  toIntegerBalances,
  toIntegerPortfolio,
  type IntegerBalances,
  type IntegerPortfolio,
} from "../../src/browser";
import { engineArtifact } from "../../src/node/chain";
import { firstDifference } from "../../app/desk/same-table";
import type { Ready } from "./local-app";
import { ROOT, SHOTS, type Venue, missingBuild, startVenue } from "./venue-page";

const ex = (f: string) => path.join(ROOT, "examples", f);
const readJson = (f: string): unknown => JSON.parse(fs.readFileSync(f, "utf8"));
const pct = (bps: number) => `${bps > 0 ? "+" : ""}${formatScaled(BigInt(bps), 2)}%`;

/** The page's words for what binds (app/desk/words.ts), rebuilt from the SDK's parts. */
function binds(table: RiskTable, b: Binding | null, prices?: Record<string, string> | null) {
  if (!b || b.kind === "none") return "nothing: no margin is required";
  if (b.kind === "floor") return "the per-contract floor (at least the scan)";
  const joint =
    b.jointScenario === null ? "" : `; jointly ${jointScenarioLabels(table, b.jointScenario).long}`;
  return `${scenarioLabel(table, b.group as string, b.scenario as number, prices?.[b.group as string])}${joint}`;
}

describe("web page: health at a glance and what-if (chromium, small instance, local venue)", function () {
  this.timeout(240000);
  let venue: Venue | undefined;
  let ready: Ready;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let table: RiskTable;
  let market: Market;
  let marketText: string;
  let portfolio: IntegerPortfolio;
  let balances: IntegerBalances;
  let m: MarginResult;
  let sdk: DistanceReport[];
  let tmp = "";

  const shot = async (p: Page, name: string, selector?: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `whatif-${name}.png`);
    if (selector) await p.locator(selector).screenshot({ path: file });
    else await p.screenshot({ path: file, fullPage: true });
  };
  const text = async (p: Page, sel: string) => (await p.textContent(sel))?.trim() ?? "";
  const loaded = async (ctx: BrowserContext): Promise<Page> => {
    const p = await ctx.newPage();
    p.on("pageerror", (e) => pageErrors.push(e.message));
    await p.goto(ready.url);
    await p.waitForSelector("body[data-ready=true]");
    await p.waitForSelector('#risk-message[data-kind="ok"]');
    await p.click("#load-example");
    await p.waitForSelector("#report:not([hidden])");
    await p.waitForSelector('#market-message[data-kind="ok"], #market-message[data-kind="error"]');
    expect(
      await p.getAttribute("#market-message", "data-kind"),
      await text(p, "#market-message"),
    ).to.equal("ok");
    await p.waitForSelector("#wi-distance-table");
    await p.waitForSelector('#wi-distance[aria-busy="false"]');
    return p;
  };

  before(async function () {
    const missing = missingBuild();
    if (missing.length > 0) {
      console.log(`      skipped: missing ${missing.join(", ")}`);
      this.skip();
    }
    venue = await startVenue();
    ready = venue.ready;
    const get = async (f: string) => {
      const res = await fetch(new URL(f, ready.url));
      expect(res.status, f).to.equal(200);
      return res.text();
    };
    table = parseRiskTable(JSON.parse(await get("risk.json")));
    marketText = await get("market.json");
    market = parseMarket(JSON.parse(marketText));
    portfolio = toIntegerPortfolio(parsePortfolio(readJson(ex("portfolio-perps.json"))), table);
    balances = toIntegerBalances(parseBalances(readJson(ex("balances-perps.json"))), table);
    m = computeMargin(table, portfolio, balances.amounts, 10000n);
    sdk = distancesToInsolvency(market, "small", portfolio, balances, [10000n, 15000n]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-whatif-"));
    context = await venue.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await loaded(context);
  });

  after(async () => {
    await venue?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
    pageErrors.length = 0;
  });

  it("the market served is the one of the risk table; the page accepts it", async () => {
    expect(buildRiskTable(market, "small").riskRoot).to.equal(table.riskRoot);
    // the SDK compiles bit for bit alike in chromium (src/libm.ts): the same risk root
    expect(await text(page, "#market-message")).to.contain("(same risk root)");
  });

  it("names the first field where another market's table differs (app/desk/same-table.ts)", () => {
    const copy = () => parseRiskTable(JSON.parse(serializeRiskTable(table)));
    expect(firstDifference(copy(), table)).to.equal(undefined);
    const i = table.instruments.findIndex((x) => x.risk.some((r) => r < 0n));
    const s = table.instruments[i].risk.findIndex((r) => r < 0n);
    const noisy = copy();
    noisy.instruments[i].risk[s] -= 1n; // even a last-digit difference is a difference
    expect(firstDifference(noisy, table)).to.equal(`instruments.${i}.risk.${s}`);
    const repriced = copy();
    repriced.groups[0].price = `${repriced.groups[0].price}1`;
    expect(firstDifference(repriced, table)).to.equal("groups.0.price");
  });

  it("the gauge: usage MM / equity, thresholds, what binds; then the engine's tier", async () => {
    const usage = (10000n * m.maintenanceMargin) / m.equity;
    expect(await text(page, "#health-usage")).to.equal(`${formatScaled(usage, 2, 2)}%`);
    const gauge = page.locator("#health-gauge");
    expect(await gauge.getAttribute("role")).to.equal("meter");
    expect(await gauge.getAttribute("aria-valuenow")).to.equal(formatScaled(usage, 2));
    expect(await gauge.getAttribute("aria-valuetext")).to.contain(`${formatScaled(usage, 2, 2)}%`);
    expect(await gauge.getAttribute("aria-labelledby")).to.equal("health-usage-label");
    const th = async (name: string) =>
      page.getAttribute(`#health-thresholds [data-threshold="${name}"]`, "data-multiplier");
    expect(await th("maintenance")).to.equal("10000");
    expect(await th("initial")).to.equal("15000");
    expect(await text(page, '[data-threshold="maintenance"]')).to.contain("up to 100.00% usage");
    expect(await text(page, '[data-threshold="initial"]')).to.contain("up to 66.67% usage");
    // the threshold marks differ by line style and letter, not by colour alone
    const marks = await page.$$eval("#health-gauge .gauge-mark", (ns) =>
      ns.map((n) => [n.getAttribute("data-mark"), n.className, n.textContent]),
    );
    expect(marks).to.deep.equal([
      ["maintenance", "gauge-mark solid", "M"],
      ["initial", "gauge-mark dashed", "I"],
    ]);
    const zone = solventAt(m, 15000n) ? "ok" : solventAt(m, 10000n) ? "below-initial" : "insolvent";
    expect(await page.getAttribute("#health-zone", "data-zone")).to.equal(zone);
    const b = bindingOf(m);
    expect(b.kind).to.equal("scan");
    expect(await text(page, "#health-binding-label")).to.equal(binds(table, b));
    expect(await text(page, "#health-tier")).to.contain("connect to the engine");
    // the charts' values, in words (keyboard and screen readers get what hovering shows)
    for (const g of m.groups) {
      const rows = await page.$$eval(
        `#charts .chart[data-group="${g.id}"] .chart-values tr`,
        (trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? "")),
      );
      expect(rows.map((r) => r[1])).to.deep.equal(g.req.map((v) => `${money(v)} USD`));
      expect(rows[g.worstScenario][2]).to.equal(g.requirement > 0n ? "loss, worst" : "no change");
      expect(rows[g.worstScenario][0]).to.equal(
        `scenario ${g.worstScenario}, ${scenarioLabel(table, g.id, g.worstScenario)}`,
      );
    }
    const box0 = await page.locator("#health").boundingBox();
    await shot(page, "1-health", "#health");

    // connected: the engine's multipliers and tiers
    await page.click("#connect");
    await page.waitForSelector('#chain-message[data-kind="ok"]');
    await page.waitForFunction(() => !!document.getElementById("health-tier")?.dataset.tier);
    const provider = new JsonRpcProvider(ready.rpcUrl, undefined, { cacheTimeout: -1 });
    try {
      const engine = new MarginEngineClient(ready.engine, engineArtifact().abi, provider);
      const params = await engine.params();
      const tiers = await engine.validityTiers();
      expect(await th("maintenance")).to.equal(String(params.maintenanceMultiplier));
      expect(await th("initial")).to.equal(String(params.initialMultiplier));
      const t = pickTier(m, tiers);
      expect(await page.getAttribute("#health-tier", "data-tier")).to.equal(
        t === null ? "none" : String(t),
      );
      if (t !== null)
        expect(await text(page, "#health-tier")).to.contain(
          `Validity tier ${t} (×${formatMultiplier(tiers[t].multiplier, 1)})`,
        );
    } finally {
      provider.destroy();
    }
    const box1 = await page.locator("#health").boundingBox();
    expect(box1?.height, "the block keeps its size").to.equal(box0?.height);
  });

  it("the distance table equals the SDK's and `zkmargin whatif --json`", async () => {
    const marketFile = path.join(tmp, "market.json");
    fs.writeFileSync(marketFile, marketText);
    const draftFile = path.join(tmp, "draft.json");
    fs.writeFileSync(
      draftFile,
      JSON.stringify({ version: 1, positions: [{ instrument: "ETH-PERP", quantity: "10" }] }),
    );
    const cli = JSON.parse(
      execFileSync(
        process.execPath,
        [
          path.join(ROOT, "bin", "zkmargin.js"),
          "whatif",
          "--market",
          marketFile,
          "--portfolio",
          ex("portfolio-perps.json"),
          "--balances",
          ex("balances-perps.json"),
          "--instance",
          "small",
          "--health",
          "2.0",
          "--add-collateral",
          "USDC",
          "--max-quantity",
          "BTC-PERP",
          "--side",
          "buy",
          "--draft",
          draftFile,
          "--json",
        ],
        { cwd: ROOT, encoding: "utf8" },
      ),
    ) as Record<string, Record<string, unknown>>;
    expect(cli.maintenance).to.deep.equal(distanceReportJson(sdk[0]));
    expect(cli.initial).to.deep.equal(distanceReportJson(sdk[1]));
    const cells = await page.$$eval("#wi-distance-table td", (tds) =>
      tds.map((td) => ({
        set: td.getAttribute("data-set"),
        direction: td.getAttribute("data-direction"),
        multiplier: td.getAttribute("data-multiplier"),
        status: td.getAttribute("data-status"),
        move: td.getAttribute("data-move-bps"),
        lastSolvent: td.getAttribute("data-last-solvent-bps"),
        moveText: td.querySelector(".move")?.textContent ?? td.textContent,
        prices: td.querySelector(".prices")?.textContent ?? "",
        binds: td.querySelector(".binds")?.textContent ?? "",
        there: td.querySelector(".there")?.textContent ?? "",
      })),
    );
    const expected: typeof cells = [];
    const cliRows = (k: "maintenance" | "initial") =>
      (cli[k] as { rows: Array<Record<string, { moveBps: number | null; status: string }>> }).rows;
    sdk[0].rows.forEach((row, i) => {
      const cellOf = (r: DistanceReport, c: Crossing) => ({
        set: row.set,
        direction: c.direction,
        multiplier: r.multiplier.toString(),
        status: c.status,
        move: c.moveBps === null ? "" : String(c.moveBps),
        lastSolvent: c.lastSolventBps === null ? "" : String(c.lastSolventBps),
        moveText:
          c.status === "crossed"
            ? pct(c.moveBps as number)
            : c.status === "insolvent-now"
              ? "insolvent now"
              : c.status === "none"
                ? `none to ${pct(c.limitBps as number)}`
                : `table out of bounds at ${pct(c.limitBps as number)}`,
        prices: Object.entries(c.prices ?? {})
          .map(([g, p]) => `${g} ${p}`)
          .join(", "),
        binds: c.binding ? `binds: ${binds(table, c.binding, c.prices)}` : "",
        there:
          c.equity === null
            ? ""
            : `equity ${money(c.equity)} USD, MM ${money(c.maintenanceMargin as bigint)} USD`,
      });
      const im = sdk[1].rows[i];
      expected.push(
        cellOf(sdk[0], row.down),
        cellOf(sdk[1], im.down),
        cellOf(sdk[0], row.up),
        cellOf(sdk[1], im.up),
      );
      // and the CLI's moves, cell by cell
      for (const [k, dir] of [
        ["maintenance", "down"],
        ["initial", "down"],
        ["maintenance", "up"],
        ["initial", "up"],
      ] as const) {
        const c = cliRows(k)[i][dir];
        const shown = cells.find(
          (x) =>
            x.set === row.set &&
            x.direction === dir &&
            x.multiplier === (k === "maintenance" ? "10000" : "15000"),
        );
        expect(shown?.move, `${row.set} ${dir} ${k}`).to.equal(
          c.moveBps === null ? "" : String(c.moveBps),
        );
        expect(shown?.status).to.equal(c.status);
      }
    });
    expect(cells).to.deep.equal(expected);
    expect(cells.filter((c) => c.status === "crossed").length).to.be.greaterThan(0);
    expect(await page.getAttribute("#wi-method a", "href")).to.equal("docs/WHATIF.md");
    expect((await fetch(new URL("docs/WHATIF.md", ready.url))).status).to.equal(200);
    expect(await text(page, "#wi-distance-status")).to.match(/^Computed in a Web Worker in \d+ ms/);
    console.log(`      (distances in the worker: ${await text(page, "#wi-distance-status")})`);

    // the answers at health 2.0, initial multiplier, as the CLI asked them
    await page.fill("#wi-health", "2.0");
    await page.selectOption("#wi-multiplier", "initial");
    await page.selectOption(
      "#wi-token",
      String(table.collateral.findIndex((c) => c.symbol === "USDC")),
    );
    await page.click("#wi-collateral-go");
    const c = collateralToReach(table, portfolio, balances, 15000n, 20000n, 0);
    expect(cli.addCollateral).to.deep.equal(collateralToReachJson(c));
    expect(await page.getAttribute("#wi-collateral-out", "data-amount")).to.equal(String(c.amount));
    expect(await text(page, "#wi-collateral-out")).to.contain(
      `Add ${formatScaled(c.amount as bigint, c.decimals)} USDC`,
    );
    const q = maxQuantity(table, portfolio, balances, 15000n, "BTC-PERP", 20000n, "buy");
    expect(cli.maxQuantity).to.deep.equal(maxQuantityJson(q));
    await page.selectOption("#wi-instrument", "BTC-PERP");
    await page.click("#wi-maxq-go");
    expect(await page.getAttribute("#wi-maxq-out", "data-status")).to.equal(q.status);
    // the draft, as draft.json
    await page.selectOption("#wi-draft-instrument", "ETH-PERP");
    await page.fill("#wi-draft-qty", "10");
    await page.click("#wi-draft-go");
    const d = compareDraft(
      table,
      portfolio,
      parseDraft(readJson(draftFile), table),
      balances,
      15000n,
    );
    expect(cli.draft).to.deep.equal(draftJson(d));
    await expectDraft(page, d.before, d.after);
    await shot(page, "2-section", "#whatif-section");
  });

  async function expectDraft(p: Page, before: WhatIfSummary, after: WhatIfSummary) {
    const shown = await p.$$eval("#wi-draft-table tbody tr", (rows) =>
      rows.map((r) => [
        r.getAttribute("data-figure"),
        r.querySelector('[data-side="before"]')?.textContent,
        r.querySelector('[data-side="after"]')?.textContent,
      ]),
    );
    const cells = (s: WhatIfSummary) => [
      `${money(s.equity)} USD`,
      `${money(s.maintenanceMargin)} USD`,
      formatHealth(s.health),
      s.solvent ? "yes" : "no",
      binds(table, s.binding),
    ];
    const b = cells(before);
    const a = cells(after);
    expect(shown).to.deep.equal(
      ["equity", "mm", "health", "solvent", "binds"].map((k, i) => [k, b[i], a[i]]),
    );
  }

  it("brute force: the page's first insolvent BTC move, on a fully rebuilt market", async () => {
    const cell = page.locator(
      '#wi-distance-table td[data-set="BTC"][data-direction="down"][data-multiplier="10000"]',
    );
    expect(await cell.getAttribute("data-status")).to.equal("crossed");
    const move = Number(await cell.getAttribute("data-move-bps"));
    const marginAt = (bps: number) =>
      computeMargin(
        buildRiskTable(shiftMarket(market, { BTC: bps }), "small"),
        portfolio,
        balances.amounts,
        10000n,
      );
    expect(solventAt(marginAt(move), 10000n), `insolvent at ${move} bp`).to.equal(false);
    expect(solventAt(marginAt(move + 1), 10000n), `solvent at ${move + 1} bp`).to.equal(true);
  });

  it("max quantity and draft at health 1.0 equal the SDK's; keyboard only", async () => {
    await page.fill("#wi-health", "1.0");
    await page.selectOption("#wi-instrument", "BTC-PERP");
    await page.check("#wi-buy");
    await page.focus("#wi-maxq-go");
    await page.keyboard.press("Enter");
    const q = maxQuantity(table, portfolio, balances, 15000n, "BTC-PERP", 10000n, "buy");
    expect(q.status).to.equal("ok");
    expect(await page.getAttribute("#wi-maxq-out", "data-quantity")).to.equal(String(q.quantity));
    expect(await text(page, "#wi-maxq-out")).to.contain(
      `Buy at most ${formatScaled(q.quantity as bigint, 8)} BTC-PERP`,
    );
    // "Draft it" by keyboard: Tab from the answer button, then Space
    await page.focus("#wi-maxq-go");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("wi-maxq-draft");
    await page.keyboard.press("Space");
    await page.waitForSelector("#wi-draft-table");
    const d = compareDraft(
      table,
      portfolio,
      [{ instrument: "BTC-PERP", q: q.quantity as bigint }],
      balances,
      15000n,
    );
    await expectDraft(page, d.before, d.after);
    expect(d.after.health).to.equal(q.healthAfter);
    // a sell of ETH-PERP through the radio buttons, arrow keys
    await page.selectOption("#wi-instrument", "ETH-PERP");
    await page.focus("#wi-buy");
    await page.keyboard.press("ArrowRight");
    expect(await page.isChecked("#wi-sell")).to.equal(true);
    await page.focus("#wi-maxq-go");
    await page.keyboard.press("Enter");
    const s = maxQuantity(table, portfolio, balances, 15000n, "ETH-PERP", 10000n, "sell");
    expect(await page.getAttribute("#wi-maxq-out", "data-quantity")).to.equal(
      s.quantity === null ? "" : String(s.quantity),
    );
    // the table region scrolls by keyboard (focusable)
    expect(await page.getAttribute("#wi-distance", "tabindex")).to.equal("0");
    // a bad quantity names the field and the rule
    await page.fill("#wi-draft-qty", "0.123456789");
    await page.click("#wi-draft-go");
    expect(await text(page, "#wi-draft-message")).to.match(/quantity.*1e-8 contract/);
  });

  it("refuses a market whose risk root differs, with a message", async () => {
    const other = JSON.parse(marketText) as { groups: Array<{ price: string }> };
    other.groups[0].price = String(Number(other.groups[0].price) + 1);
    await page.route("**/other-market.json", (r) =>
      r.fulfill({ contentType: "application/json", body: JSON.stringify(other) }),
    );
    await page.fill("#market-url", "other-market.json");
    await page.focus("#fetch-market");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#market-message[data-kind="error"]');
    expect(await text(page, "#market-message")).to.match(
      /^other-market\.json refused: it builds risk root .* not the loaded risk table's/,
    );
    expect(await page.locator("#wi-distance-table").count()).to.equal(0);
    await shot(page, "3-refused", "#whatif-section");
    await page.fill("#market-url", "market.json");
    await page.click("#fetch-market");
    await page.waitForSelector('#market-message[data-kind="ok"]');
    await page.waitForSelector("#wi-distance-table");
  });

  it("at 390 px: no horizontal overflow", async () => {
    const narrow = await venue?.browser.newContext({ viewport: { width: 390, height: 844 } });
    if (!narrow) throw new Error("no browser");
    try {
      const p = await loaded(narrow);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      await shot(p, "390");
      await shot(p, "390-section", "#whatif-section");
      await shot(p, "390-health", "#health");
      expect(width, "document width at 390 px").to.be.at.most(390);
    } finally {
      await narrow.close();
    }
  });
});
