/**
 * The book as a table (issue 17 point 1) in Debian's chromium, without a chain: the page built
 * into a temporary directory and served with the examples' risk table and market.json. A
 * trader who has never seen the formats builds a three-position book from nothing; the report
 * appears; the exported files parse with the SDK and equal what was typed; bad input is named
 * inline (field and rule) and gives no report; the textareas and the table follow each other;
 * the book is saved encrypted in IndexedDB (no plaintext in the record), unlocked after a
 * reload, a wrong passphrase refused, and "Forget everything" deletes the database; the add
 * flow works from the keyboard; at 390 px the table stays usable without horizontal overflow.
 * Screenshots go to test-artifacts/browser/book-*.png.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  type RiskTable,
  buildRiskTable,
  computeMargin,
  marginReportJson,
  parseBalances,
  parseMarket,
  parsePortfolio,
  parseRiskTable,
  serializeRiskTable,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../../src/browser";
import { buildApp } from "../../src/node/app/build";
import { type AppServer, serveApp } from "../../src/node/app/server";
import { ensureChromium, launchChromium } from "../../scripts/lib/chromium";
import { controlProblems } from "./a11y";
import { ROOT, SHOTS } from "./venue-page";

const read = (f: string) => fs.readFileSync(path.join(ROOT, "examples", f), "utf8");
const ACCOUNT = "0x4b20993bc481177ec7e8f571cecae8a9e22c02db";
const PASS = "correct horse battery staple";
const TYPED = [
  { instrument: "BTC-PERP", quantity: "2.5", costBasis: "213750" },
  { instrument: "BTC-26DEC25", quantity: "-1", costBasis: "-88000.5" },
  { instrument: "BTC-26DEC25-90000-C", quantity: "3", costBasis: "4500.25" },
];

describe("web page: the book as a table (chromium, no chain)", function () {
  this.timeout(120000);
  let out = "";
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let table: RiskTable;
  let pageErrors: string[] = [];
  let salt = "";
  const exported = { portfolio: "", balances: "" };

  const shot = async (name: string, fullPage = true) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `book-${name}.png`), fullPage });
  };
  const text = async (sel: string) => (await page.textContent(sel))?.trim() ?? "";
  const rows = () =>
    page
      .locator("#book-rows tr")
      .evaluateAll((t) => t.map((r) => (r as HTMLElement).dataset.instrument));
  const open = async () => {
    await page.goto(server!.url);
    await page.waitForSelector("body[data-ready=true]");
    await page.waitForSelector('#risk-message[data-kind="ok"]');
    await page.waitForSelector("#book-editor:not([hidden])");
  };
  const addPosition = async (p: (typeof TYPED)[number]) => {
    await page.selectOption("#book-add-instrument", p.instrument);
    await page.fill("#book-add-quantity", p.quantity);
    await page.fill("#book-add-cost", p.costBasis);
    await page.click("#book-add-button");
  };
  const download = async (button: string): Promise<string> => {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return fs.readFileSync((await dl.path())!, "utf8");
  };
  /** Loads the two exported files through the page's file inputs. */
  const loadExported = async () => {
    for (const f of ["portfolio", "balances"] as const)
      await page.setInputFiles(`#${f}-file`, {
        name: `${f}.json`,
        mimeType: "application/json",
        buffer: Buffer.from(exported[f]),
      });
  };
  const openJson = () =>
    page.$eval("#files-json", (d) => {
      (d as HTMLDetailsElement).open = true;
    });

  before(async function () {
    if (!fs.existsSync(path.join(ROOT, "artifacts", "contracts", "MarginEngine.sol"))) {
      console.log("      skipped: no MarginEngine artifact (npx hardhat compile)");
      this.skip();
    }
    const why = ensureChromium();
    if (why) throw new Error(why);
    const riskJson = serializeRiskTable(
      buildRiskTable(parseMarket(JSON.parse(read("market.json")), "market.json")),
    );
    table = parseRiskTable(JSON.parse(riskJson));
    out = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-app-book-"));
    await buildApp({ outDir: out, instances: [] });
    server = await serveApp({
      dir: out,
      port: 0,
      routes: {
        "/config.json": {
          body: JSON.stringify({
            riskUrl: "risk.json",
            marketUrl: "market.json",
            examples: { portfolio: "ex/portfolio.json", balances: "ex/balances.json" },
          }),
          type: "application/json",
        },
        "/ex/portfolio.json": {
          body: read("portfolio-hedged-options.json"),
          type: "application/json",
        },
        "/ex/balances.json": {
          body: read("balances-hedged-options.json"),
          type: "application/json",
        },
        "/risk.json": { body: riskJson, type: "application/json" },
        "/market.json": { body: read("market.json"), type: "application/json" },
      },
    });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
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

  it("builds a three-position book from nothing; the report and the exported files follow", async () => {
    await open();
    expect(await page.isVisible("#portfolio-text")).to.equal(false); // in the closed <details>
    // the picker names id, kind, right, strike and expiry (from market.json)
    const options = await page.locator("#book-add-instrument option").allTextContents();
    expect(options).to.include(
      "BTC-26DEC25-90000-C · option, call, strike 90000, expiry 2025-12-26",
    );
    expect(options).to.include("BTC-PERP · perpetual");
    expect(options).to.include("BTC-26DEC25 · future");
    expect(options.length).to.equal(table.instruments.length + 1);

    await page.fill("#book-account", ACCOUNT);
    await page.fill("#book-cash", "-420.5");
    await page.fill("#book-nonce", "12");
    await page.click("#book-new-salt");
    salt = await page.inputValue("#book-salt");
    expect(salt).to.match(/^0x[0-9a-f]{62}$/);
    for (const p of TYPED) await addPosition(p);
    expect(await rows()).to.deep.equal(TYPED.map((p) => p.instrument));
    // an instrument already in the book cannot be picked twice
    expect(await page.isDisabled('#book-add-instrument option[value="BTC-PERP"]')).to.equal(true);
    await page.fill('#book-balance-rows tr[data-token="USDC"] input', "60000");
    await page.fill('#book-balance-rows tr[data-token="WBTC"] input', "0.5");
    await page.waitForSelector("#report:not([hidden])");
    expect(await text("#verdict")).to.match(/^(Solvent|Insolvent) at ×1\.0/);
    expect(await page.locator("[aria-invalid=true]").count()).to.equal(0);
    const problems = await controlProblems(page);
    expect(problems.filter((p) => p.startsWith("#book"))).to.deep.equal([]);

    exported.portfolio = await download("#book-export-portfolio");
    exported.balances = await download("#book-export-balances");
    const typed = {
      version: 1,
      account: ACCOUNT,
      positions: TYPED,
      cash: "-420.5",
      nonce: 12,
      salt,
    };
    expect(parsePortfolio(JSON.parse(exported.portfolio))).to.deep.equal(parsePortfolio(typed));
    expect(JSON.parse(exported.portfolio)).to.deep.equal(typed);
    const balances = { version: 1, account: ACCOUNT, balances: { USDC: "60000", WBTC: "0.5" } };
    expect(parseBalances(JSON.parse(exported.balances))).to.deep.equal(parseBalances(balances));
    // the textareas hold the same files, and the report is the SDK's on them
    expect(await page.inputValue("#portfolio-text")).to.equal(exported.portfolio);
    expect(await page.inputValue("#balances-text")).to.equal(exported.balances);
    const m = computeMargin(
      table,
      toIntegerPortfolio(parsePortfolio(typed), table),
      toIntegerBalances(parseBalances(balances), table).amounts,
      10000n,
    );
    expect(JSON.parse(await text("#report-json"))).to.deep.equal(marginReportJson(m));
    await shot("built");
    await page
      .locator("#files-section")
      .screenshot({ path: path.join(SHOTS, "book-built-section.png") });
  });

  it("bad input is named inline (field and rule) and gives no report", async () => {
    const q0 = "#book-quantity-0";
    await page.fill(q0, "1.2.3");
    expect(await text(`${q0}-error`)).to.match(
      /^quantity of BTC-PERP: malformed decimal "1\.2\.3"/,
    );
    expect(await page.getAttribute(q0, "aria-invalid")).to.equal("true");
    expect(await page.isHidden("#report")).to.equal(true);
    await page.fill(q0, "2.123456789");
    expect(await text(`${q0}-error`)).to.equal(
      "quantity of BTC-PERP: more than 8 decimals (1e-8 contract is the smallest unit)",
    );
    expect(await page.isHidden("#report")).to.equal(true);
    await page.fill(q0, "2.5");
    expect(await text(`${q0}-error`)).to.equal("");
    expect(await page.getAttribute(q0, "aria-invalid")).to.equal(null);
    await page.waitForSelector("#report:not([hidden])");

    await page.fill("#book-account", "0x12345");
    expect(await text("#book-account-error")).to.equal(
      "account: must be an address: 0x followed by 40 hex digits",
    );
    expect(await page.getAttribute("#book-account", "aria-invalid")).to.equal("true");
    expect(await page.isHidden("#report")).to.equal(true);
    // too many decimals for the token
    await page.fill('#book-balance-rows tr[data-token="USDC"] input', "1.1234567");
    expect(await text('#book-balance-rows tr[data-token="USDC"] .field-error')).to.equal(
      "USDC amount: more than 6 decimals (USDC has 6)",
    );
    // the add form refuses a bad row and keeps the book as it was
    await page.selectOption("#book-add-instrument", "ETH-PERP");
    await page.fill("#book-add-quantity", "0");
    await page.fill("#book-add-cost", "1e3");
    await page.click("#book-add-button");
    expect(await text("#book-add-quantity-error")).to.equal(
      "quantity: must not be zero (book realized P&L in cash instead)",
    );
    expect(await text("#book-add-cost-error")).to.match(/^cost basis: malformed decimal "1e3"/);
    expect(await rows()).to.deep.equal(TYPED.map((p) => p.instrument));
    await shot("invalid");
    await page.fill("#book-add-quantity", "");
    await page.fill("#book-add-cost", "");
    await page.fill("#book-account", ACCOUNT);
    await page.fill('#book-balance-rows tr[data-token="USDC"] input', "60000");
    await page.waitForSelector("#report:not([hidden])");
    expect(await page.inputValue("#portfolio-text")).to.equal(exported.portfolio);
  });

  it("the textareas and the table follow each other", async () => {
    await openJson();
    await page.fill("#portfolio-text", read("portfolio-perps.json"));
    await page.fill("#balances-text", read("balances-perps.json"));
    expect(await rows()).to.deep.equal(["BTC-PERP", "ETH-PERP"]);
    expect(await page.inputValue("#book-quantity-1")).to.equal("-40");
    expect(await page.inputValue("#book-nonce")).to.equal("12");
    expect(await page.inputValue('#book-balance-rows tr[data-token="USDC"] input')).to.equal(
      "60000",
    );
    // JSON that does not parse keeps the table and shows the file's error
    await page.fill("#portfolio-text", "{ not json");
    await page.waitForSelector("#files-message.error");
    expect(await text("#files-message")).to.contain("not valid JSON");
    expect(await rows()).to.deep.equal(["BTC-PERP", "ETH-PERP"]);
    // a file loaded re-syncs the table
    await loadExported();
    await page.waitForFunction(() => document.querySelectorAll("#book-rows tr").length === 3);
    expect(await rows()).to.deep.equal(TYPED.map((p) => p.instrument));
    await page.waitForSelector("#report:not([hidden])");
    // the example's files, set without an input event, re-sync the table too
    await page.click("#load-example");
    const hedged = JSON.parse(read("portfolio-hedged-options.json")) as {
      positions: Array<{ instrument: string }>;
    };
    await page.waitForFunction(
      (n) => document.querySelectorAll("#book-rows tr").length === n,
      hedged.positions.length,
    );
    expect(await rows()).to.deep.equal(hedged.positions.map((p) => p.instrument));
    await loadExported();
    await page.waitForFunction(() => document.querySelectorAll("#book-rows tr").length === 3);
    await page.click("#files-json > summary"); // closes it again
    expect(await page.isVisible("#portfolio-text")).to.equal(false);
  });

  it("saves encrypted, unlocks after a reload, refuses a wrong passphrase", async () => {
    await page.fill("#book-passphrase", PASS);
    await page.click("#book-save");
    await page.waitForSelector('#book-vault-message[data-kind="ok"]');
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open("zkmargin-book");
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rec = await new Promise<Record<string, unknown>>((res, rej) => {
        const r = db.transaction("vault").objectStore("vault").get("book");
        r.onsuccess = () => res(r.result as Record<string, unknown>);
        r.onerror = () => rej(r.error);
      });
      db.close();
      const bytes = (v: unknown) =>
        Array.from(v instanceof ArrayBuffer ? new Uint8Array(v) : (v as Uint8Array));
      return {
        keys: Object.keys(rec).sort(),
        iterations: rec.iterations,
        salt: bytes(rec.salt),
        iv: bytes(rec.iv),
        ciphertext: bytes(rec.ciphertext),
        local: localStorage.length,
        session: sessionStorage.length,
      };
    });
    expect(stored.keys).to.deep.equal(["ciphertext", "iterations", "iv", "salt"]);
    expect(stored.iterations).to.equal(600000);
    expect(stored.iv.length).to.equal(12);
    expect(stored.salt.length).to.equal(16);
    expect(stored.local + stored.session).to.equal(0);
    const all = Buffer.from([...stored.salt, ...stored.iv, ...stored.ciphertext]);
    for (const enc of ["latin1", "utf16le"] as const) {
      const s = all.toString(enc);
      for (const secret of [
        ...TYPED.map((p) => p.instrument),
        salt,
        salt.slice(2),
        ACCOUNT,
        "213750",
        "60000",
      ])
        expect(s, `${secret} in the stored bytes (${enc})`).to.not.contain(secret);
    }

    await page.reload();
    await open();
    expect(await rows()).to.deep.equal([]);
    expect(await page.inputValue("#portfolio-text")).to.equal("");
    expect(await text("#book-vault-message")).to.contain("is locked");
    // a save before the unlock would replace the locked book: refused
    await page.fill("#book-passphrase", PASS);
    await page.click("#book-save");
    await page.waitForSelector('#book-vault-message[data-kind="error"]');
    expect(await text("#book-vault-message")).to.match(/^A saved book is locked .*Unlock it first/);
    await page.fill("#book-passphrase", "not the passphrase");
    await page.click("#book-unlock");
    await page.waitForFunction(() =>
      document.getElementById("book-vault-message")?.textContent?.startsWith("Refused"),
    );
    expect(await text("#book-vault-message")).to.equal(
      "Refused: wrong passphrase: the saved book does not open with it (nothing was changed).",
    );
    expect(await page.getAttribute("#book-passphrase", "aria-invalid")).to.equal("true");
    expect(await rows()).to.deep.equal([]);
    await page.fill("#book-passphrase", PASS);
    await page.click("#book-unlock");
    await page.waitForSelector('#book-vault-message[data-kind="ok"]');
    expect(await rows()).to.deep.equal(TYPED.map((p) => p.instrument));
    expect(await page.inputValue("#portfolio-text")).to.equal(exported.portfolio);
    expect(await page.inputValue("#balances-text")).to.equal(exported.balances);
    expect(await page.inputValue("#book-salt")).to.equal(salt);
    expect(await page.inputValue("#book-costBasis-2")).to.equal("4500.25");
    await page.waitForSelector("#report:not([hidden])");
    await shot("unlocked");
  });

  it('"Forget everything" (keyboard confirm) deletes the database and clears the page', async () => {
    await page.focus("#book-forget");
    await page.keyboard.press("Enter");
    expect(await page.isVisible("#book-forget-confirm")).to.equal(true);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("book-forget-no");
    await page.keyboard.press("Escape");
    expect(await page.isHidden("#book-forget-confirm")).to.equal(true);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("book-forget");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("book-forget-yes");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() =>
      document
        .getElementById("book-vault-message")
        ?.textContent?.startsWith("Everything is forgotten"),
    );
    const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(dbs).to.not.include("zkmargin-book");
    expect(await rows()).to.deep.equal([]);
    expect(await page.inputValue("#portfolio-text")).to.equal("");
    expect(await page.inputValue("#balances-text")).to.equal("");
    expect(await page.inputValue("#book-account")).to.equal("");
    expect(await page.inputValue("#book-salt")).to.equal("");
    expect(await page.isHidden("#report")).to.equal(true);
    await shot("forgotten");
  });

  it("keyboard only: a position is added with Tab, typing and Enter", async () => {
    await page.focus("#book-account");
    await page.keyboard.type(ACCOUNT);
    for (const id of ["book-cash", "book-nonce", "book-salt", "book-new-salt"]) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.id)).to.equal(id);
    }
    await page.keyboard.press("Enter"); // generates the salt
    expect(await page.inputValue("#book-salt")).to.match(/^0x[0-9a-f]{62}$/);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("book-add-instrument");
    await page.keyboard.type("ETH-PERP");
    expect(await page.inputValue("#book-add-instrument")).to.equal("ETH-PERP");
    await page.keyboard.press("Tab");
    await page.keyboard.type("-40");
    await page.keyboard.press("Tab");
    await page.keyboard.type("-116000");
    await page.keyboard.press("Enter");
    expect(await rows()).to.deep.equal(["ETH-PERP"]);
    expect(await page.inputValue("#book-quantity-0")).to.equal("-40");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("book-add-instrument");
    expect(await text("#book-message")).to.equal("Added ETH-PERP; 1 position(s).");
  });

  it("without a risk table the page says the table needs one", async () => {
    await page.fill("#risk-url", "no-such-risk.json");
    await page.click("#fetch-risk");
    await page.waitForSelector('#risk-message[data-kind="error"]');
    expect(await page.isHidden("#book-editor")).to.equal(true);
    expect(await text("#book-status")).to.match(/^The table of positions needs the risk table/);
    await page.fill("#risk-url", "risk.json");
    await page.click("#fetch-risk");
    await page.waitForSelector("#book-editor:not([hidden])");
    expect(await rows()).to.deep.equal(["ETH-PERP"]); // the book was kept
    expect(await text("#book-status")).to.equal("");
  });

  it("at 390 px the table stays usable, with no horizontal page overflow", async () => {
    await page.fill('#book-balance-rows tr[data-token="USDC"] input', "60000");
    await addPosition(TYPED[2]);
    await page.waitForSelector("#report:not([hidden])");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await page.fill("#book-quantity-1", "2");
    expect(JSON.parse(await page.inputValue("#portfolio-text")).positions[1].quantity).to.equal(
      "2",
    );
    const box = await page.locator("#book-quantity-1").boundingBox();
    expect(box!.x + box!.width).to.be.at.most(390);
    await page.locator("#files-section").scrollIntoViewIfNeeded();
    await shot("390");
    await page
      .locator("#files-section")
      .screenshot({ path: path.join(SHOTS, "book-390-section.png") });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    // remove: the row, the file and the picker follow; focus stays in the table
    await page.click('button[aria-label="Remove BTC-26DEC25-90000-C"]');
    expect(await rows()).to.deep.equal(["ETH-PERP"]);
    const left = JSON.parse(await page.inputValue("#portfolio-text")) as {
      positions: Array<{ instrument: string }>;
    };
    expect(left.positions.map((p) => p.instrument)).to.deep.equal(["ETH-PERP"]);
    expect(
      await page.isDisabled('#book-add-instrument option[value="BTC-26DEC25-90000-C"]'),
    ).to.equal(false);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("book-remove-0");
    expect(await text("#book-message")).to.equal(
      "Removed BTC-26DEC25-90000-C; 1 position(s) left.",
    );
  });
});
