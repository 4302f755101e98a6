/**
 * The web page in a real browser: `zkmargin app --instance small` (the local venue: a
 * `hardhat node` with the engine deployed and the example perps trader waiting for a renewal
 * for epoch 2) driven by playwright-core in Debian's chromium. Loads the example files, checks
 * the report against the SDK's, proves in the Web Worker (progress seen, page responsive),
 * checks that the browser proof verifies in Node and is the same kind of proof as the Node
 * prover's, submits through an injected EIP-1193 wallet and reads the renewal from the chain;
 * bad files, an insolvent book and a key that is not the pinned one are refused with a message.
 * The renewal names its validity tier and valid-until; the trader's sub-account 1, opened by a
 * deposit through the SubAccounts router before the page loads, is listed and can be acted as.
 * The README's "use it in a wallet" example runs as written. Screenshots go to
 * test-artifacts/browser/.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import {
  Contract,
  Interface,
  type InterfaceAbi,
  JsonRpcProvider,
  JsonRpcSigner,
  getAddress,
} from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import {
  MarginEngineClient,
  type ProofFile,
  buildSolvencyInput,
  computeMargin,
  marginReportJson,
  parseBalances,
  parsePortfolio,
  parseRiskTable,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../../src/browser";
import { verifyProof } from "../../src/proof";
import { engineArtifact } from "../../src/node/chain";
import { loadKeyInfo, proveWithInstance } from "../../src/node/prover";
import { type RunningRelayer, startRelayer } from "../../src/node/relayer/service";
import { type Ready, openSubAccount, walletShim } from "./local-app";
import { ROOT, SHOTS, type Venue, missingBuild, startVenue } from "./venue-page";

const ex = (f: string) => path.join(ROOT, "examples", f);
const readJson = (f: string): unknown => JSON.parse(fs.readFileSync(f, "utf8"));

describe("web page in chromium (npm run app, small instance, local venue)", function () {
  this.timeout(300000);
  let venue: Venue | undefined;
  let ready: Ready;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  const uploads: string[] = [];
  let browserProof: ProofFile;
  let sub1: { account: string; balance: string };

  const shot = async (p: Page, name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const text = async (p: Page, sel: string) => (await p.textContent(sel))?.trim() ?? "";
  const newPage = async (ctx: BrowserContext): Promise<Page> => {
    const p = await ctx.newPage();
    p.on("pageerror", (e) => pageErrors.push(e.message));
    // the page may GET its own files and talk JSON-RPC to the node; nothing else leaves it
    p.on("request", (r) => {
      if (r.method() !== "GET" && !r.url().startsWith(ready.rpcUrl))
        uploads.push(`${r.method()} ${r.url()}`);
    });
    await p.goto(ready.url);
    await p.waitForSelector("body[data-ready=true]");
    await p.waitForSelector('#risk-message[data-kind="ok"]'); // fetched from config.json's riskUrl
    return p;
  };
  /** A new page with the example trader's files loaded and the report shown. */
  const exampleLoaded = async (ctx: BrowserContext): Promise<Page> => {
    const p = await newPage(ctx);
    await p.click("#load-example");
    await p.waitForSelector("#report:not([hidden])");
    return p;
  };
  const engineState = async () => {
    const provider = new JsonRpcProvider(ready.rpcUrl, undefined, { cacheTimeout: -1 });
    const abi = readJson(path.join(ROOT, "build", "app", "engine-abi.json")) as InterfaceAbi;
    try {
      const s = (await new Contract(ready.engine, abi, provider).getFunction("accountState")(
        ready.account,
      )) as { provenEpoch: bigint; validUntil: bigint };
      return { provenEpoch: s.provenEpoch, validUntil: s.validUntil };
    } finally {
      provider.destroy();
    }
  };

  before(async function () {
    const missing = missingBuild();
    if (missing.length > 0) {
      console.log(
        `      skipped: missing ${missing.join(", ")} (npm run circuits && npx hardhat compile)`,
      );
      this.skip();
    }
    venue = await startVenue();
    ready = venue.ready;
    sub1 = await openSubAccount(ready);
    context = await venue.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(walletShim(ready.rpcUrl, ready.account));
    page = await newPage(context);
  });

  after(async () => {
    await venue?.stop();
  });

  afterEach(function () {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
    pageErrors = [];
  });

  it("loads the example files; the report and charts equal the SDK's figures", async () => {
    expect(ready.instances).to.include("small");
    await page.setInputFiles("#portfolio-file", ex("portfolio-perps.json"));
    await page.setInputFiles("#balances-file", ex("balances-perps.json"));
    await page.waitForSelector("#report:not([hidden])");
    const res = await fetch(new URL("risk.json", ready.url));
    const table = parseRiskTable(await res.json());
    expect(await text(page, "#risk-message")).to.contain(`epoch ${table.epoch}`);
    const portfolio = toIntegerPortfolio(
      parsePortfolio(readJson(ex("portfolio-perps.json"))),
      table,
    );
    const balances = toIntegerBalances(parseBalances(readJson(ex("balances-perps.json"))), table);
    const sdk = marginReportJson(computeMargin(table, portfolio, balances.amounts, 10000n));
    expect(JSON.parse(await text(page, "#report-json"))).to.deep.equal(sdk);
    const r = sdk as { equity: string; health: string; solvent: boolean };
    expect(r.solvent).to.equal(true);
    expect(await text(page, "#r-health")).to.equal(r.health);
    expect(await page.getAttribute("#verdict", "data-solvent")).to.equal("true");
    // one chart per group, one bar per scenario
    expect(await page.locator("#charts .chart").count()).to.equal(table.groups.length);
    for (const g of table.groups)
      expect(await page.locator(`#charts .chart[data-group="${g.id}"] rect`).count()).to.equal(
        table.instance.S,
      );
    await shot(page, "1-report");
  });

  it("proves in the Web Worker with progress while the page stays responsive", async () => {
    await page.evaluate(() => {
      const bar = document.getElementById("prove-progress") as HTMLProgressElement;
      const seen: Array<[string, number]> = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => seen.push([bar.dataset.stage ?? "", bar.value])).observe(bar, {
        attributes: true,
      });
    });
    await page.click("#prove");
    // while the worker proves, the page's own thread answers at once
    await page.waitForSelector('#prove-progress[data-stage="prove"]', { timeout: 120000 });
    const t0 = Date.now();
    await page.evaluate(() => document.title);
    expect(Date.now() - t0, "page thread blocked").to.be.below(1000);
    await page.waitForSelector('#prove-status[data-done="true"], #prove-status.error', {
      timeout: 180000,
    });
    expect(await text(page, "#prove-status")).to.match(/^proof made and verified in this browser/);
    const seen = await page.evaluate(
      () => (window as unknown as { seen: Array<[string, number]> }).seen,
    );
    const stages = [...new Set(seen.map(([s]) => s))];
    expect(stages).to.include.members(["download", "witness", "prove", "verify", "done"]);
    const values = seen.map(([, v]) => v);
    expect(values.every((v, i) => i === 0 || v >= values[i - 1])).to.equal(true);
    expect(values[values.length - 1]).to.equal(1);
    browserProof = JSON.parse(await text(page, "#proof-json")) as ProofFile;
    await shot(page, "2-proved");
  });

  it("the browser proof verifies in Node and is the same kind as the Node prover's", async () => {
    const table = parseRiskTable(await (await fetch(new URL("risk.json", ready.url))).json());
    const portfolio = toIntegerPortfolio(
      parsePortfolio(readJson(ex("portfolio-perps.json"))),
      table,
    );
    const balances = toIntegerBalances(parseBalances(readJson(ex("balances-perps.json"))), table);
    const { input } = buildSolvencyInput(table, portfolio, balances, 10000n);
    const nodeProof = await proveWithInstance("small", input);
    const vkey = readJson(path.join(ROOT, "build", "small", "verification_key.json"));
    expect(await verifyProof(browserProof, vkey)).to.deep.equal({ ok: true });
    expect(await verifyProof(nodeProof, vkey)).to.deep.equal({ ok: true });
    // same format, statement and key; only the prover's randomness differs
    const shape = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(shape)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
          : typeof v === "string" && /^[0-9]+$/.test(v)
            ? "decimal"
            : v;
    expect(shape(browserProof)).to.deep.equal(shape(nodeProof));
    expect(Object.keys(browserProof)).to.deep.equal(Object.keys(nodeProof));
    expect(browserProof.publicSignals).to.deep.equal(nodeProof.publicSignals);
    expect({ ...browserProof, proof: null }).to.deep.equal({ ...nodeProof, proof: null });
    expect(browserProof.proof.pi_a).to.not.deep.equal(nodeProof.proof.pi_a);
    // a tampered public signal does not verify
    const bad = { ...browserProof, publicSignals: [...browserProof.publicSignals] };
    bad.publicSignals[2] = "12500";
    expect((await verifyProof(bad, vkey)).ok).to.equal(false);
  });

  it("submits through the injected wallet; the engine shows the account renewed for epoch 2", async () => {
    const before = await engineState();
    expect(before.provenEpoch).to.equal(1n);
    await page.check("#wallet-injected");
    await page.click("#connect");
    await page.waitForSelector('#chain-message[data-kind="ok"], #chain-message.error');
    expect(await text(page, "#chain-message")).to.contain(`as ${getAddress(ready.account)}`);
    await page.waitForSelector("#account-status[data-proven-epoch]");
    expect(await page.getAttribute("#account-status", "data-proven-epoch")).to.equal("1");
    await page.click("#submit");
    await page.waitForSelector("#chain-message[data-tx], #chain-message.error", {
      timeout: 180000,
    });
    expect(await text(page, "#chain-message")).to.match(/^submitProof mined: tx 0x[0-9a-f]{64}/);
    await page.waitForSelector('#account-status[data-proven-epoch="2"]');
    const after = await engineState();
    expect(after.provenEpoch).to.equal(2n);
    expect(after.validUntil > before.validUntil).to.equal(true);
    // the tier the SDK picked (the local venue has tier 0 only) and the valid-until it earned
    const until = new Date(Number(after.validUntil) * 1000).toISOString();
    expect(await text(page, "#chain-message")).to.contain(
      `renewed at tier 0 (×1.0000), valid until ${until}`,
    );
    expect(await page.getAttribute("#chain-message", "data-valid-until")).to.equal(
      String(after.validUntil),
    );
    // the proof made above proved the same statement, so it was the one submitted
    expect(await text(page, "#prove-status")).to.contain("reusing the proof made above");
    await shot(page, "3-renewed");
    expect(uploads, "requests that could carry the trader's files").to.deep.equal([]);
  });

  it("lists the engine's tiers and the owner's sub-accounts; acts as sub-account 1", async () => {
    // connected in the test above; config.json filled the router's address in
    expect(await page.inputValue("#subaccounts-address")).to.equal(ready.subAccounts);
    expect(await page.locator("#tiers li").count()).to.equal(1);
    expect(await text(page, "#tiers li")).to.match(/^tier 0: ×1\.0000, valid \d+ (h|min|s) after/);
    const rows = page.locator("#subaccounts-body tr");
    expect(await rows.count()).to.equal(2);
    const row = async (i: number) => ({
      account: await rows.nth(i).getAttribute("data-account"),
      cells: (await rows.nth(i).locator("td").allTextContents()).map((t) => t.trim()),
    });
    const main = await row(0);
    expect(main.account).to.equal(getAddress(ready.account));
    expect(main.cells[0]).to.equal("0 (main)");
    expect(main.cells[2]).to.match(/^valid until \d{4}-\d\d-\d\dT/);
    const sub = await row(1);
    expect(sub.account).to.equal(sub1.account);
    expect(sub.cells).to.deep.equal(["1", sub1.account, "no positions", sub1.balance]);
    await shot(page, "3b-subaccounts");
    // acting as sub-account 1: its status; the trader's main portfolio is not its
    await page.selectOption("#act-as", "1");
    await page.waitForSelector(`#account-status[data-account="${sub1.account}"]`);
    expect(await text(page, "#account-status")).to.match(/^sub-account 1 0x[0-9a-fA-F]{40}: /);
    await page.click("#submit");
    await page.waitForSelector("#chain-message.error");
    expect(await text(page, "#chain-message")).to.contain("load that sub-account's files");
    await page.selectOption("#act-as", "0");
    await page.waitForSelector(`#account-status[data-account="${getAddress(ready.account)}"]`);
  });

  it("submits through a JSON-RPC endpoint with the node's account, on a fresh page", async () => {
    const before = await engineState();
    const p = await exampleLoaded(context);
    // npm run app's config.json fills these in for the local venue
    expect(await p.inputValue("#rpc-url")).to.equal(ready.rpcUrl);
    expect(await p.inputValue("#rpc-account")).to.equal(ready.account);
    await p.check("#wallet-rpc");
    await p.click("#connect");
    await p.waitForSelector("#account-status[data-proven-epoch]");
    await p.click("#submit");
    await p.waitForSelector("#chain-message[data-tx], #chain-message.error", {
      timeout: 180000,
    });
    expect(await text(p, "#chain-message")).to.match(/^submitProof mined: tx 0x[0-9a-f]{64}/);
    const after = await engineState();
    expect(after.provenEpoch).to.equal(2n);
    expect(after.validUntil >= before.validUntil).to.equal(true);
    await p.close();
  });

  it("renews through a relayer: the relayer's sender sends and pays, the wallet only reads", async () => {
    const provider = new JsonRpcProvider(ready.rpcUrl, undefined, { cacheTimeout: -1 });
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-app-relayer-"));
    const events: string[] = [];
    let relayer: RunningRelayer | undefined;
    try {
      // the node's last unlocked account: not the trader (impersonated) nor the deployer
      const accounts = (await provider.send("eth_accounts", [])) as string[];
      const sender = getAddress(accounts[accounts.length - 1]);
      expect(sender).to.not.equal(getAddress(ready.account));
      relayer = await startRelayer({
        engine: new MarginEngineClient(
          ready.engine,
          engineArtifact().abi,
          new JsonRpcSigner(provider, sender),
        ),
        provider,
        sender,
        instance: "small",
        vkey: loadKeyInfo("small").vkey,
        stateDir,
        port: 0,
        batchSize: 1,
        maxWaitSeconds: 1,
        log: (e) => events.push(e.event),
      });
      const before = await engineState();
      expect(before.provenEpoch).to.equal(2n); // renewing epoch 2 again: the engine takes it
      const [traderEth, senderEth] = await Promise.all([
        provider.getBalance(ready.account),
        provider.getBalance(sender),
      ]);
      // the page connected through the injected wallet above; its proof is reused
      await page.fill("#relayer-url", `${relayer.url}/`);
      await page.click("#submit");
      await page.waitForSelector("#chain-message[data-tx], #chain-message.error", {
        timeout: 120000,
      });
      const msg = await text(page, "#chain-message");
      expect(msg).to.match(
        new RegExp(
          `^renewed through the relayer ${relayer.url} \\(proof [0-9a-f-]+\\): tx 0x[0-9a-f]{64} sent by ${sender}, which paid the gas; epoch 2; renewed at tier 0 \\(×1\\.0000\\), valid until `,
        ),
      );
      const tx = (await page.getAttribute("#chain-message", "data-tx")) as string;
      const id = (await page.getAttribute("#chain-message", "data-relayer-id")) as string;
      expect(msg).to.contain(tx).and.contain(id);
      expect(relayer.store.get(id)).to.include({ status: "accepted", tx });
      // on chain: the relayer's sender sent the batch with the trader's ProofAccepted
      const receipt = await provider.getTransactionReceipt(tx);
      expect(receipt?.status).to.equal(1);
      expect(getAddress(receipt?.from ?? "")).to.equal(sender);
      expect(getAddress(receipt?.to ?? "")).to.equal(getAddress(ready.engine));
      const abi = new Interface(engineArtifact().abi);
      const accepted = (receipt?.logs ?? [])
        .map((l) => abi.parseLog(l))
        .filter((l) => l?.name === "ProofAccepted");
      expect(accepted.map((l) => [getAddress(l?.args[0] as string), l?.args[1]])).to.deep.equal([
        [getAddress(ready.account), 2n],
      ]);
      const after = await engineState();
      expect(after.provenEpoch).to.equal(2n);
      expect(after.validUntil >= before.validUntil).to.equal(true);
      expect(await page.getAttribute("#chain-message", "data-tier")).to.equal("0");
      expect(await page.getAttribute("#chain-message", "data-valid-until")).to.equal(
        String(after.validUntil),
      );
      expect(await text(page, "#prove-status")).to.contain("reusing the proof made above");
      // the wallet paid nothing, the relayer paid the gas; the page posted only the proof
      expect(await provider.getBalance(ready.account)).to.equal(traderEth);
      expect((await provider.getBalance(sender)) < senderEth).to.equal(true);
      expect(uploads.filter((u) => u.includes(relayer?.url ?? "?"))).to.deep.equal([
        `POST ${relayer.url}/proofs`,
      ]);
      await page.waitForSelector('#account-status[data-proven-epoch="2"]');
      await shot(page, "3c-relayer");
    } finally {
      await page.fill("#relayer-url", "");
      const t0 = Date.now();
      await relayer?.stop();
      provider.destroy();
      fs.rmSync(stateDir, { recursive: true, force: true });
      expect(Date.now() - t0, "relayer stop time, ms").to.be.below(10000);
    }
    expect(events).to.include.members(["listening", "queued", "sending", "sent", "batch"]);
    expect(events).to.not.include("rpc-error");
    // stopped: its port no longer answers
    const down = await fetch(`${relayer.url}/health`).then(
      () => "answered",
      () => "refused",
    );
    expect(down).to.equal("refused");
  });

  it("a relayer URL that is malformed or where nothing listens is refused at once", async () => {
    const free = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const before = await engineState();
    const attempt = async (url: string) => {
      await page.fill("#relayer-url", url);
      const t0 = Date.now();
      await page.click("#submit");
      await page.waitForSelector("#chain-message.error", { timeout: 20000 });
      expect(Date.now() - t0, "refused within, ms").to.be.below(10000);
      return text(page, "#chain-message");
    };
    try {
      expect(await attempt("ftp://127.0.0.1/")).to.equal(
        "settings: relayer URL: must be an http(s) URL",
      );
      const url = `http://127.0.0.1:${free}`;
      expect(await attempt(url)).to.match(
        new RegExp(
          `^relayer ${url} is not reachable \\(.+\\): check that it runs and the relayer URL$`,
        ),
      );
      expect(await page.getAttribute("#chain-message", "data-tx")).to.equal(null);
    } finally {
      await page.fill("#relayer-url", "");
    }
    expect(await engineState()).to.deep.equal(before);
  });

  it("a bad file is refused naming the file, the field and the rule", async () => {
    const p = await newPage(context);
    const bad = readJson(ex("portfolio-perps.json")) as { positions: Array<{ quantity: unknown }> };
    bad.positions[0].quantity = 2.5;
    await p.click("#files-json > summary"); // the textareas are in "The files as JSON"
    await p.fill("#portfolio-text", JSON.stringify(bad, null, 2));
    await p.fill("#balances-text", fs.readFileSync(ex("balances-perps.json"), "utf8"));
    await p.waitForSelector("#files-message.error");
    expect(await text(p, "#files-message")).to.match(
      /^portfolio\.json: positions\[0\]\.quantity: .*string/,
    );
    expect(await p.isHidden("#report")).to.equal(true);
    expect(await p.isDisabled("#prove")).to.equal(true);
    await shot(p, "4-bad-file");
    await p.fill("#portfolio-text", "{ not json");
    await p.waitForFunction(() =>
      document.getElementById("files-message")?.textContent?.includes("not valid JSON"),
    );
    await p.setInputFiles("#balances-file", {
      name: "balances-other.json",
      mimeType: "application/json",
      buffer: Buffer.from(
        fs
          .readFileSync(ex("balances-perps.json"), "utf8")
          .replace(
            "4b20993bc481177ec7e8f571cecae8a9e22c02db",
            "1111111111111111111111111111111111111111",
          ),
      ),
    });
    await p.fill("#portfolio-text", fs.readFileSync(ex("portfolio-perps.json"), "utf8"));
    await p.waitForFunction(() =>
      /balances-other\.json: account/.test(
        document.getElementById("files-message")?.textContent ?? "",
      ),
    );
    await p.close();
  });

  it("an insolvent book gets the report, the binding scenario and no proof", async () => {
    const p = await newPage(context);
    await p.setInputFiles("#portfolio-file", ex("portfolio-insolvent.json"));
    await p.setInputFiles("#balances-file", ex("balances-insolvent.json"));
    await p.waitForSelector("#report:not([hidden])");
    expect(await p.getAttribute("#verdict", "data-solvent")).to.equal("false");
    expect(await text(p, "#report-message")).to.match(/^insolvent: equity .* is below /);
    expect(await p.isDisabled("#prove")).to.equal(true);
    await shot(p, "5-insolvent");
    await p.close();
  });

  it("a zkey that is not the pinned one is refused, naming the artifact", async () => {
    const ctx = await venue!.browser.newContext();
    await ctx.route("**/keys/small/small.zkey", (route) =>
      route.fulfill({ status: 200, body: Buffer.from("not the proving key") }),
    );
    const p = await exampleLoaded(ctx);
    await p.click("#prove");
    await p.waitForSelector("#prove-status.error", { timeout: 60000 });
    expect(await text(p, "#prove-status")).to.match(
      /^small zkey \(http:.*small\.zkey\): sha256 [0-9a-f]{64} is not the expected [0-9a-f]{64}: refusing a different key$/,
    );
    await shot(p, "6-wrong-key");
    await ctx.close();
  });

  it("a verification key that is not the pinned one is refused; a reformatted one is not", async () => {
    const vkey = readJson(path.join(ROOT, "build", "small", "verification_key.json")) as {
      vk_alpha_1: string[];
    };
    const attempt = async (body: string) => {
      const ctx = await venue!.browser.newContext();
      await ctx.route("**/keys/small/verification_key.json", (route) =>
        route.fulfill({ status: 200, contentType: "application/json", body }),
      );
      const p = await exampleLoaded(ctx);
      await p.click("#prove");
      await p.waitForSelector('#prove-status[data-done="true"], #prove-status.error', {
        timeout: 120000,
      });
      const status = await text(p, "#prove-status");
      await ctx.close();
      return status;
    };
    // the same key, other JSON formatting: accepted (pinned by its canonical hash)
    expect(await attempt(JSON.stringify(vkey))).to.match(/^proof made and verified/);
    const other = { ...vkey, vk_alpha_1: [...vkey.vk_alpha_1] };
    other.vk_alpha_1[0] = (BigInt(other.vk_alpha_1[0]) + 1n).toString();
    expect(await attempt(JSON.stringify(other, null, 1))).to.match(
      /^small verification key \(http:.*verification_key\.json\): canonical sha256 [0-9a-f]{64} is not the expected [0-9a-f]{64}: refusing a different key$/,
    );
  });

  it("the README's wallet example runs as written", async () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.split(/^## Use it in a wallet$/m)[1]?.split(/^## /m)[0] ?? "";
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code, 'README "Use it in a wallet" has a ```js block').to.be.a("string");
    // served by the app's own server (a page Playwright fulfils would count as a public
    // origin, and chromium would refuse its requests to the loopback node)
    const file = path.join(ROOT, "build", "app", "readme-example.html");
    fs.writeFileSync(
      file,
      `<!doctype html><meta charset="utf-8"><script type="module">${code}</script>\n`,
    );
    const p = await context.newPage();
    const logs: string[] = [];
    p.on("console", (m) => logs.push(m.text()));
    p.on("pageerror", (e) => pageErrors.push(e.message));
    const renewed = p.waitForEvent("console", {
      predicate: (m) => /renewed in 0x/.test(m.text()) || pageErrors.length > 0,
      timeout: 180000,
    });
    try {
      await p.goto(new URL("readme-example.html", ready.url).href);
      await renewed;
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(logs.join("\n")).to.match(/health \d+\.\d{4}/);
    expect(logs.join("\n")).to.match(/renewed in 0x[0-9a-f]{64}/);
    await p.close();
  });
});
