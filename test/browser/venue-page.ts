/**
 * The harness of the page tests that run against the local venue (app, account, what-if, the
 * newcomer's walk): the build they need, `zkmargin app --instance small` and Chromium started
 * and stopped together, and the page helpers each of them uses — screenshots, trimmed text,
 * an action's outcome in a status message, and the page's uncaught errors.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { releaseProverThreads } from "../../src/proof";
import { ensureChromium, launchChromium } from "../../scripts/lib/chromium";
import { type Ready, startApp } from "./local-app";

export const ROOT = path.resolve(__dirname, "..", "..");
export const SHOTS = path.join(ROOT, "test-artifacts", "browser");

/** The built keys and contracts the local venue needs; the missing ones (a test skips). */
export function missingBuild(): string[] {
  return [
    path.join(ROOT, "build", "small", "small.zkey"),
    path.join(ROOT, "artifacts", "contracts", "MarginEngine.sol", "MarginEngine.json"),
    path.join(ROOT, "artifacts", "contracts", "subaccounts", "SubAccounts.sol", "SubAccounts.json"),
  ].filter((f) => !fs.existsSync(f));
}

/** The local venue and a browser, started together and stopped together. */
export interface Venue {
  app: ChildProcess;
  ready: Ready;
  browser: Browser;
  stop(): Promise<void>;
}

/** Starts `zkmargin app --instance small` (the local venue) and Chromium. */
export async function startVenue(): Promise<Venue> {
  const why = ensureChromium();
  if (why) throw new Error(why);
  const started = startApp(ROOT);
  const ready = await started.ready;
  const browser = await launchChromium();
  const app = started.app;
  return {
    app,
    ready,
    browser,
    async stop() {
      await browser.close();
      if (app.exitCode === null) {
        const exited = new Promise((r) => app.once("exit", r));
        app.kill("SIGTERM");
        await exited;
      }
      await releaseProverThreads();
    },
  };
}

/** Page helpers bound to one page; screenshots are named `<prefix>-<name>.png`. */
export function pageTools(page: Page, prefix: string) {
  return {
    /** The whole page, or only `selector`'s element. */
    async shot(name: string, selector?: string): Promise<void> {
      fs.mkdirSync(SHOTS, { recursive: true });
      const file = path.join(SHOTS, `${prefix}-${name}.png`);
      if (selector) await page.locator(selector).screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: true });
    },
    async text(selector: string): Promise<string> {
      return (await page.textContent(selector))?.trim() ?? "";
    },
    /** Waits for a new outcome (ok or error) of status message `id` after `action`. */
    async outcome(id: string, action: () => Promise<void>, timeout = 60000) {
      await page.$eval(`#${id}`, (m) => ((m as HTMLElement).dataset.kind = ""));
      await action();
      await page.waitForSelector(`#${id}[data-kind="ok"], #${id}[data-kind="error"]`, {
        timeout,
      });
      return {
        kind: await page.getAttribute(`#${id}`, "data-kind"),
        text: (await page.textContent(`#${id}`))?.trim() ?? "",
      };
    },
  };
}

/** Collects the page's uncaught errors into `into` (each test's afterEach expects none). */
export function collectErrors(page: Page, into: string[]): void {
  page.on("pageerror", (e) => into.push(e.message));
}
