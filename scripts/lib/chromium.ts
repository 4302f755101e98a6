/**
 * Debian's chromium for the browser tests (test/browser) and the browser benchmark, driven by playwright-core
 * (which never downloads a browser). When /usr/bin/chromium is missing it is installed with
 * apt-get (as `.ci/run` does); without root or apt the tests say exactly what to install.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.ZKMARGIN_CHROMIUM ?? "/usr/bin/chromium";

/** Installs Debian's chromium when missing; returns a reason when that is impossible. */
export function ensureChromium(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const apt = (args: string[]) =>
    spawnSync("apt-get", args, {
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      timeout: 600000,
    });
  const update = apt(["update"]);
  const install =
    update.status === 0 ? apt(["install", "-y", "--no-install-recommends", "chromium"]) : update;
  if (install.status === 0 && fs.existsSync(CHROMIUM)) return undefined;
  return `${CHROMIUM} is missing and \`apt-get install chromium\` failed (${(install.stderr || String(install.error)).trim().split("\n").pop()})`;
}

/** The flags this machine needs (TOOLCHAIN / env notes): no background network, no sandbox as root. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches chromium (playwright gives every launch a fresh, empty profile of its own). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
