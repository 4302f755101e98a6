/**
 * Issue 17's acceptance, in Chromium against the local venue (`zkmargin app --instance small`):
 * a trader who has never seen the file formats builds a three-position book in the page's
 * table, reads its health (the gauge) and its distance to insolvency (what-if), deposits
 * collateral, proves, submits with the venue's attestation, and withdraws with a proof — all in
 * the page, with the injected wallet of a fresh account (the node's account 5). Deposit comes
 * before the proof: the proof binds the account's on-chain balances. Also issue 17 point 5:
 * every control has an accessible name and is keyboard-reachable, the whole page fits 390 px,
 * and proving shifts nothing on the page (Layout Instability API). Screenshots:
 * test-artifacts/browser/desk-*.png.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, JsonRpcSigner, getAddress } from "ethers";
import type { Page } from "playwright-core";
import {
  MarginEngineClient,
  type RiskTable,
  attestPortfolio,
  attestationToJson,
  computeMargin,
  distancesToInsolvency,
  parseBalances,
  parsePortfolio,
  parseRiskTable,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../../src/browser";
import { parseMarket } from "../../src/schema";
import { engineArtifact } from "../../src/node/chain";
import { controlProblems, horizontalOverflow, layoutShift, watchLayoutShift } from "./a11y";
import { walletShim } from "./local-app";
import { type Venue, collectErrors, missingBuild, pageTools, startVenue } from "./venue-page";

const USDC = 10n ** 6n;
const BOOK = [
  { instrument: "BTC-PERP", quantity: "0.5", costBasis: "42750" },
  { instrument: "ETH-PERP", quantity: "-5", costBasis: "-14500" },
  { instrument: "BTC-26DEC25-90000-C", quantity: "1", costBasis: "1500" },
];

describe("the trader's desk: a newcomer's whole walk in chromium (local venue)", function () {
  this.timeout(300000);
  let venue: Venue | undefined;
  let page: Page;
  let tools: ReturnType<typeof pageTools>;
  let provider: JsonRpcProvider;
  let engine: MarginEngineClient;
  let table: RiskTable;
  let trader = "";
  const pageErrors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-desk-"));

  const shot = (name: string) => tools.shot(name);
  const text = (sel: string) => tools.text(sel);
  const outcome = (id: string, action: () => Promise<void>, timeout?: number) =>
    tools.outcome(id, action, timeout);
  const usdc = async () => (await engine.accountState(trader)).balances[0];
  /** The book the page holds, as the SDK reads it. */
  const pageBook = async () => {
    const portfolio = toIntegerPortfolio(
      parsePortfolio(JSON.parse(await page.inputValue("#portfolio-text"))),
      table,
    );
    const balances = toIntegerBalances(
      parseBalances(JSON.parse(await page.inputValue("#balances-text"))),
      table,
    );
    return { portfolio, balances };
  };
  const nodeAccount = async (i: number) =>
    getAddress(((await provider.send("eth_accounts", [])) as string[])[i]);

  before(async function () {
    const missing = missingBuild();
    if (missing.length > 0) {
      console.log(`      skipped: missing ${missing.join(", ")} (npm run circuits && compile)`);
      this.skip();
    }
    venue = await startVenue();
    const { ready } = venue;
    provider = new JsonRpcProvider(ready.rpcUrl, undefined, { cacheTimeout: -1 });
    engine = new MarginEngineClient(ready.engine, engineArtifact().abi, provider);
    table = parseRiskTable(await (await fetch(new URL("risk.json", ready.url))).json());
    trader = await nodeAccount(5); // a fresh account the node signs for, unknown to the venue
    const context = await venue.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(walletShim(ready.rpcUrl, trader));
    page = await context.newPage();
    tools = pageTools(page, "desk");
    collectErrors(page, pageErrors);
    await page.goto(ready.url);
    await page.waitForSelector("body[data-ready=true]");
    await page.waitForSelector('#risk-message[data-kind="ok"]');
  });

  after(async () => {
    provider?.destroy();
    await venue?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(function () {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
    pageErrors.length = 0;
  });

  it("builds a three-position book in the table, without seeing a file format", async () => {
    await page.waitForSelector("#book-editor:not([hidden])");
    await page.fill("#book-account", trader);
    await page.fill("#book-cash", "0");
    await page.fill("#book-nonce", "1");
    await page.click("#book-new-salt");
    for (const p of BOOK) {
      await page.selectOption("#book-add-instrument", p.instrument);
      await page.fill("#book-add-quantity", p.quantity);
      await page.fill("#book-add-cost", p.costBasis);
      await page.click("#book-add-button");
    }
    await page.fill('#book-balance-rows tr[data-token="USDC"] input', "20000");
    await page.waitForSelector('#verdict[data-solvent="true"]');
    expect(await page.locator("[aria-invalid=true]").count()).to.equal(0);
    const { portfolio } = await pageBook();
    expect(portfolio.positions.length).to.equal(3);
    expect(getAddress(portfolio.accountAddress)).to.equal(trader);
    await shot("1-book");
  });

  it("reads its health (the gauge) and its distance to insolvency (what-if), as the SDK has them", async () => {
    const { portfolio, balances } = await pageBook();
    const m = computeMargin(table, portfolio, balances.amounts, 10000n);
    // margin usage = MM / equity, in basis points, exactly
    const usage = await page.getAttribute("#health-gauge", "data-usage-bps");
    expect(BigInt(usage as string)).to.equal((m.maintenanceMargin * 10000n) / m.equity);
    expect(await text("#health-binding-label")).to.not.equal("");
    // the distance of every group together, down, at the maintenance multiplier
    await page.waitForSelector("#wi-distance-table", { timeout: 120000 });
    const market = parseMarket(
      await (await fetch(new URL("market.json", (venue as Venue).ready.url))).json(),
    );
    const [report] = distancesToInsolvency(market, "small", portfolio, balances, [10000n]);
    const all = report.rows.find((r) => r.set === "all");
    const cell = page.locator(
      '#wi-distance-table td[data-set="all"][data-direction="down"][data-multiplier="10000"]',
    );
    expect(await cell.getAttribute("data-status")).to.equal(all?.down.status);
    expect(await cell.getAttribute("data-move-bps")).to.equal(String(all?.down.moveBps ?? ""));
    await shot("2-health-distance");
  });

  it("connects and deposits its collateral from the page (test tokens minted on the local venue)", async () => {
    const usdcToken = (await engine.collateralTokens())[0];
    const deposit = async (amount: string) => {
      await page.waitForSelector(`#deposit-token option[value="${usdcToken}"]`, {
        state: "attached",
      });
      await page.selectOption("#deposit-token", usdcToken);
      await page.fill("#deposit-amount", amount);
      await page.check("#deposit-mint");
      return outcome("account-funds-message", () => page.click("#deposit"));
    };
    // the local venue preselects its JSON-RPC endpoint and the example trader: not this book's
    // account, so a deposit would credit someone else: refused, naming both
    expect(await page.isChecked("#wallet-rpc")).to.equal(true);
    expect((await outcome("chain-message", () => page.click("#connect"))).kind).to.equal("ok");
    const other = getAddress((venue as Venue).ready.account);
    const before = (await engine.accountState(other)).balances[0];
    const refused = await deposit("20000");
    expect(refused.kind).to.equal("error");
    expect(refused.text).to.contain(other).and.to.contain(trader);
    expect((await engine.accountState(other)).balances[0]).to.equal(before);
    expect(await usdc()).to.equal(0n);
    // the trader's own wallet
    await page.check("#wallet-injected");
    const c = await outcome("chain-message", () => page.click("#connect"));
    expect(c.kind, c.text).to.equal("ok");
    expect(c.text).to.contain(`as ${trader}`);
    const r = await deposit("20000");
    expect(r.kind, r.text).to.equal("ok");
    expect(await usdc()).to.equal(20000n * USDC);
    // balances.json follows the chain; the book is unchanged
    expect((await pageBook()).balances.amounts[0]).to.equal(20000n * USDC);
  });

  it("proves in the page; nothing on the page moves while it proves", async () => {
    await watchLayoutShift(page);
    await page.click("#prove");
    await page.waitForSelector('#prove-status[data-done="true"], #prove-status.error', {
      timeout: 180000,
    });
    expect(await text("#prove-status")).to.match(/^proof made and verified in this browser/);
    const cls = await layoutShift(page);
    console.log(`      (layout shift while proving: ${cls.score})`);
    expect(cls.score, `layout shift while proving (moved: ${cls.moved.join(", ")})`).to.be.below(
      0.001,
    );
    await shot("3-proved");
  });

  it("submits with the venue's attestation: the engine holds the new account's commitment", async () => {
    // the venue attests the book the trader traded (a file the trader receives)
    const attester = new JsonRpcSigner(provider, await nodeAccount(2));
    const { portfolio } = await pageBook();
    const att = await attestPortfolio(engine, attester, portfolio, table);
    const file = path.join(tmp, "attestation.json");
    fs.writeFileSync(file, JSON.stringify(attestationToJson(att), null, 2));
    await page.setInputFiles("#attestation-file", file);
    const r = await outcome("chain-message", () => page.click("#submit"), 180000);
    expect(r.text).to.match(/^attestAndProve mined: tx 0x[0-9a-f]{64}/);
    const s = await engine.accountState(trader);
    expect(s.provenEpoch).to.equal(BigInt(table.epoch));
    await page.waitForSelector(`#account-figures[data-proven-epoch="${table.epoch}"]`);
    await shot("4-submitted");
  });

  it("withdraws with a proof made in the page: the balance falls by exactly the amount", async () => {
    await page.selectOption("#withdraw-token", (await engine.collateralTokens())[0]);
    await page.fill("#withdraw-amount", "1000");
    const r = await outcome("account-funds-message", () => page.click("#withdraw"), 180000);
    expect(r.kind, r.text).to.equal("ok");
    expect(await usdc()).to.equal(19000n * USDC);
    expect((await pageBook()).balances.amounts[0]).to.equal(19000n * USDC);
    await shot("5-withdrawn");
  });

  it("every control is named and keyboard-reachable; the page fits a 390 px phone", async () => {
    expect(await controlProblems(page)).to.deep.equal([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await horizontalOverflow(page)).to.equal(0);
    await shot("6-390px");
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
