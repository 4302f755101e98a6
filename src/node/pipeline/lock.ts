// A lock file so concurrent builds (two terminals, parallel test workers, a CLI and a mocha
// root hook) never write the same artifacts at once. The file holds the owner's pid; a lock
// whose process is gone is stale and taken over.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BuildLog } from "./log";

interface Owner {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Owner;
  } catch {
    return undefined; // vanished, or half-written by its creator
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while holding `lockFile` (created with O_EXCL). Waits, polling, while another
 * live process or another call in this process holds it; gives up after `timeoutMs`.
 */
export async function withLock<T>(
  lockFile: string,
  fn: () => Promise<T>,
  opts: { log?: BuildLog; timeoutMs?: number; pollMs?: number } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 4 * 3600 * 1000;
  const pollMs = opts.pollMs ?? 250;
  const t0 = Date.now();
  let lastNotice = 0;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, "wx");
      const owner: Owner = {
        pid: process.pid,
        host: os.hostname(),
        since: new Date().toISOString(),
      };
      fs.writeSync(fd, JSON.stringify(owner));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = readOwner(lockFile);
    const stale =
      owner === undefined
        ? ageMs(lockFile) > 10000 // unreadable for 10 s: its creator died while writing it
        : owner.host === os.hostname() && !alive(owner.pid);
    if (stale) {
      opts.log?.warn(`removing stale lock ${lockFile} (pid ${owner?.pid ?? "?"} is gone)`);
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    const waited = Date.now() - t0;
    if (waited > timeoutMs) {
      throw new Error(`timed out after ${Math.round(waited / 1000)} s waiting for ${lockFile}`);
    }
    if (Date.now() - lastNotice > 30000) {
      lastNotice = Date.now();
      opts.log?.info(`waiting for ${lockFile} (held by pid ${owner?.pid ?? "?"})`);
    }
    await sleep(pollMs);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
