/**
 * Section 7 of the web page, the account on-chain, in a real browser (playwright-core and
 * Debian's chromium) against the local venue (`zkmargin app --instance small`: the example
 * perps trader proven for epoch 1, epoch 2 published). The panel's figures equal the SDK's
 * `accountStatus`; a deposit from the page (mock tokens minted first) raises the engine balance
 * by exactly the amount and rewrites balances.json; a withdrawal too large is refused with the
 * SDK's message before any proving; a withdrawal with a proof made in the page lowers the
 * balance in a mined tx; with the node's time moved into the renew-ahead window, the page
 * proves by itself, asks once and renews (the chain shows the new proven epoch), and a Web
 * Notification is shown. Two browser proofs. Screenshots: test-artifacts/browser/account-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, getAddress } from "ethers";
import type { Page } from "playwright-core";
import {
  MarginEngineClient,
  type RiskTable,
  accountStatus,
  parsePortfolio,
  parseRiskTable,
  toIntegerPortfolio,
  withdraw,
} from "../../src/browser";
import { engineArtifact } from "../../src/node/chain";
import { type Ready, moveTime, recordNotifications, walletShim } from "./local-app";
import { ROOT, type Venue, collectErrors, missingBuild, pageTools, startVenue } from "./venue-page";

const USDC = 10n ** 6n;

describe("account on-chain panel in chromium (local venue)", function () {
  this.timeout(240000);
  let venue: Venue | undefined;
  let ready: Ready;
  let page: Page;
  let tools: ReturnType<typeof pageTools>;
  let provider: JsonRpcProvider;
  let engine: MarginEngineClient;
  let table: RiskTable;
  const pageErrors: string[] = [];

  /** The panel (section 7) alone, or the whole page. */
  const shot = (name: string, whole = false) =>
    tools.shot(name, whole ? undefined : "#account-section");
  const text = (sel: string) => tools.text(sel);
  const usdc = async () => (await engine.accountState(ready.account)).balances[0];
  const outcome = (id: string, action: () => Promise<void>, timeout = 30000) =>
    tools.outcome(id, action, timeout);

  before(async function () {
    const missing = missingBuild();
    if (missing.length > 0) {
      console.log(`      skipped: missing ${missing.join(", ")} (npm run circuits && compile)`);
      this.skip();
    }
    venue = await startVenue();
    ready = venue.ready;
    provider = new JsonRpcProvider(ready.rpcUrl, undefined, { cacheTimeout: -1 });
    engine = new MarginEngineClient(ready.engine, engineArtifact().abi, provider);
    table = parseRiskTable(await (await fetch(new URL("risk.json", ready.url))).json());
    const context = await venue.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["notifications"], { origin: new URL(ready.url).origin });
    await context.addInitScript(walletShim(ready.rpcUrl, ready.account));
    await context.addInitScript(recordNotifications);
    page = await context.newPage();
    tools = pageTools(page, "account");
    collectErrors(page, pageErrors);
    await page.goto(ready.url);
    await page.waitForSelector("body[data-ready=true]");
    await page.waitForSelector('#risk-message[data-kind="ok"]');
    await page.click("#load-example");
    await page.waitForSelector("#report:not([hidden])");
    await page.check("#wallet-injected");
    await page.click("#connect");
    await page.waitForSelector("#account-figures[data-proven-epoch]");
  });

  after(async () => {
    provider?.destroy();
    await venue?.stop();
  });

  afterEach(function () {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
    pageErrors.length = 0;
  });

  it("shows the SDK's accountStatus of the trader: epochs, times, balances, credits, state", async () => {
    const s = await accountStatus(engine, getAddress(ready.account), provider);
    const fig = async (k: string) => page.getAttribute("#account-figures", `data-${k}`);
    expect(await fig("account")).to.equal(getAddress(ready.account));
    expect(await fig("proven-epoch")).to.equal(String(s.state.provenEpoch));
    expect(await fig("latest-epoch")).to.equal(String(s.latestEpoch));
    expect(await fig("valid-until")).to.equal(String(s.state.validUntil));
    expect(await fig("liquidatable-after")).to.equal(String(s.liquidatableAfter));
    expect(await fig("status")).to.equal(s.status);
    expect([s.state.provenEpoch, s.latestEpoch, s.status]).to.deep.equal([1n, 2n, "valid"]);
    const iso = (t: bigint) => new Date(Number(t) * 1000).toISOString();
    expect(await text("#acct-valid-until")).to.equal(iso(s.state.validUntil));
    expect(await text("#acct-liquidatable")).to.contain(`after ${iso(s.liquidatableAfter ?? 0n)}`);
    expect(await text("#acct-time-left")).to.match(
      /^\d+ min \d\d s left \(by the chain's clock\)$/,
    );
    expect(await text("#acct-engine")).to.equal("running: not paused, the risk oracle is live");
    const rows = page.locator("#acct-balances tr");
    const slots = s.tokens.filter((t) => BigInt(t) !== 0n).length;
    expect(await rows.count()).to.equal(slots);
    for (let i = 0; i < slots; i++) {
      const slot = Number(await rows.nth(i).getAttribute("data-slot"));
      expect(await rows.nth(i).getAttribute("data-amount")).to.equal(
        String(s.state.balances[slot]),
      );
      expect(await rows.nth(i).getAttribute("data-claimable")).to.equal(String(s.claimable[slot]));
    }
    expect(await rows.nth(0).locator("td").allTextContents()).to.deep.equal([
      "60000 USDC",
      "0 USDC",
    ]);
    // epoch 2 is newer than the proven one: the banner says a renewal is due
    expect(await page.isVisible("#account-alert")).to.equal(true);
    expect(await text("#account-alert-text")).to.contain(
      "epoch 2 is published and the proof is for epoch 1",
    );
    // the mint option exists only because config.json says the venue is local
    expect(await page.isVisible("#deposit-mint")).to.equal(true);
    await shot("1-status");
  });

  it("deposits from the page: the engine balance rises by exactly the amount", async () => {
    const before = await usdc();
    await page.fill("#deposit-amount", "500.25");
    await page.check("#deposit-mint");
    const r = await outcome("account-funds-message", () => page.click("#deposit"));
    expect(r.kind, r.text).to.equal("ok");
    expect(r.text).to.match(/^deposited 500\.25 USDC into 0x[0-9a-fA-F]{40}: tx 0x[0-9a-f]{64}/);
    expect(r.text).to.contain("balances.json (section 2) now holds the chain's balances.");
    expect(await usdc()).to.equal(before + 50025n * 10n ** 4n);
    // balances.json follows the chain; the page's files and report took it
    expect(JSON.parse(await page.inputValue("#balances-text"))).to.deep.equal({
      version: 1,
      account: ready.account.toLowerCase(),
      balances: { USDC: "60500.25" },
    });
    await page.waitForSelector('#files-message[data-kind="ok"]');
    await page.waitForSelector('#acct-balances tr[data-slot="0"][data-amount="60500250000"]');
    await shot("2-deposited");
  });

  it("refuses a withdrawal below initial margin with the SDK's message, before proving", async () => {
    const portfolio = toIntegerPortfolio(
      parsePortfolio(
        JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "portfolio-perps.json"), "utf8")),
      ),
      table,
    );
    const amount = 50000n * USDC;
    const sdk = await withdraw(
      {
        engine,
        table,
        prover: () => Promise.reject(new Error("the SDK must refuse before proving")),
        riskFile: "risk.json",
      },
      portfolio,
      ready.account,
      table.collateral[0].token,
      amount,
    ).then(
      () => "accepted",
      (e: Error) => e.message,
    );
    expect(sdk).to.match(
      /^WithdrawalRefused: the withdrawal would leave the account under initial margin/,
    );
    const before = await usdc();
    await page.evaluate(() => {
      const bar = document.getElementById("prove-progress") as HTMLElement;
      const w = window as unknown as { stages: string[] };
      w.stages = [];
      new MutationObserver(() => w.stages.push(bar.dataset.stage ?? "")).observe(bar, {
        attributes: true,
      });
    });
    await page.fill("#withdraw-amount", "50000");
    const r = await outcome("account-funds-message", () => page.click("#withdraw"));
    expect(r).to.deep.equal({ kind: "error", text: sdk });
    expect(
      await page.evaluate(() => (window as unknown as { stages: string[] }).stages),
    ).to.deep.equal([]);
    expect(await usdc()).to.equal(before);
    await shot("3-refused");
  });

  it("renews on time: in the renew-ahead window it proves, asks once, submits; notifies", async () => {
    const s = await accountStatus(engine, getAddress(ready.account), provider);
    expect(s.state.provenEpoch).to.equal(1n);
    // on by default; off while the test moves the clock and switches to the JSON-RPC endpoint,
    // so the renewal starts when the test ticks it (not on the injected wallet's next poll)
    expect(await page.isChecked("#renew-auto")).to.equal(true);
    await page.uncheck("#renew-auto");
    // five minutes before the lapse: inside the default ten-minute window
    await moveTime(ready, s.state.validUntil - s.now - 300n);
    expect(await page.inputValue("#renew-ahead")).to.equal("10");
    // a JSON-RPC endpoint signs without asking: the page asks before sending
    await page.check("#wallet-rpc");
    await page.click("#connect");
    const lapse = new Date(Number(s.state.validUntil) * 1000).toISOString();
    await page.waitForFunction(
      (t) => document.getElementById("account-alert-text")?.textContent?.includes(t),
      `it lapses after ${lapse}, within the renew-ahead window of 10 min`,
    );
    expect(await text("#acct-time-left")).to.match(/^[45] min \d\d s left/);
    await page.check("#renew-auto");
    await page.waitForSelector("#renew-confirm:not([hidden])", { timeout: 180000 });
    expect(await text("#account-alert-text")).to.match(
      /^The renewal proof for the main account 0x[0-9a-fA-F]{40} is ready: epoch 2, tier 0/,
    );
    expect(await engine.accountState(ready.account)).to.include({ provenEpoch: 1n });
    await shot("4-confirm");
    const r = await outcome("account-renew-message", () => page.click("#renew-confirm"));
    expect(r.kind, r.text).to.equal("ok");
    expect(r.text).to.match(/^submitProof mined: tx 0x[0-9a-f]{64} .*; epoch 2; renewed at tier 0/);
    const after = await engine.accountState(ready.account);
    expect(after.provenEpoch).to.equal(2n);
    await page.waitForSelector('#account-figures[data-proven-epoch="2"]');
    await page.waitForSelector("#account-alert", { state: "hidden" });
    const notes = await page.evaluate(
      () =>
        (window as unknown as { __notifications: Array<{ title: string; body: string }> })
          .__notifications,
    );
    expect(notes.map((n) => n.body).join("\n")).to.contain("Renewal due for the main account");
    expect(notes.map((n) => n.body).join("\n")).to.contain("is ready: epoch 2");
    await shot("5-renewed");
    // back to the injected wallet for the withdrawal
    await page.check("#wallet-injected");
    expect((await outcome("chain-message", () => page.click("#connect"))).kind).to.equal("ok");
  });

  it("withdraws with a proof made in the page: the balance falls and the tx is mined", async () => {
    const before = await usdc();
    await page.fill("#withdraw-amount", "1000");
    const r = await outcome("account-funds-message", () => page.click("#withdraw"), 180000);
    expect(r.kind, r.text).to.equal("ok");
    expect(r.text).to.contain("with a proof at the initial multiplier made in this browser");
    expect(await text("#prove-status")).to.match(/^proof made and verified in this browser/);
    expect(await usdc()).to.equal(before - 1000n * USDC);
    const tx = (await page.getAttribute("#account-funds-message", "data-tx")) as string;
    expect((await provider.getTransactionReceipt(tx))?.status).to.equal(1);
    expect(JSON.parse(await page.inputValue("#balances-text")).balances).to.deep.equal({
      USDC: "59500.25",
    });
    await page.waitForSelector('#acct-balances tr[data-slot="0"][data-amount="59500250000"]');
    await page.waitForSelector("#withdraw:not([disabled])");
    await shot("6-withdrawn");
  });

  it("fits a 390 px wide screen without horizontal scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator("#account-section").scrollIntoViewIfNeeded();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await shot("7-390px");
    await shot("8-390px-page", true);
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll("body *"))
        .filter((e) => e.getBoundingClientRect().right > 390 + 0.5)
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${Array.from(e.classList).join(".")}`)
        .slice(0, 12),
    );
    expect(width, `elements wider than the screen: ${wide.join(", ")}`).to.be.at.most(390);
  });
});
