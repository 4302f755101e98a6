/**
 * Progress on a terminal for long work (proving, key generation): one line per stage with
 * the elapsed time, on stderr so `--json` output on stdout stays clean.
 */
export function stageTimer(quiet = false): (stage: string) => void {
  const start = Date.now();
  let last = start;
  return (stage: string) => {
    if (quiet) return;
    const now = Date.now();
    process.stderr.write(
      `  [${((now - start) / 1000).toFixed(1).padStart(6)} s] ${stage}` +
        (now - last > 50 ? ` (+${((now - last) / 1000).toFixed(1)} s)` : "") +
        "\n",
    );
    last = now;
  };
}

function size(bytes: number, unit: number): string {
  return unit === 1 << 20 ? (bytes / unit).toFixed(1) : String(Math.ceil(bytes / unit));
}

/**
 * Byte progress of downloads on stderr: `  small/small.zkey  12.3 / 20.7 MB  59%`. On a terminal
 * one line per file, rewritten in place (at most ten times a second); otherwise (logs, CI) a
 * line at 25, 50, 75 and 100 percent (files under 1 MB: at 100 only). `total` 0 means unknown.
 */
export function downloadProgress(
  quiet = false,
  out: NodeJS.WriteStream = process.stderr,
): (name: string, loaded: number, total: number) => void {
  const state = new Map<string, { shown: number; at: number }>();
  return (name, loaded, total) => {
    if (quiet) return;
    const pct = total > 0 ? Math.min(100, Math.floor((loaded * 100) / total)) : -1;
    const unit = Math.max(total, loaded) >= 1 << 20 ? 1 << 20 : 1024;
    const u = unit === 1024 ? "kB" : "MB";
    const line =
      `  ${name}  ` +
      (total > 0
        ? `${size(loaded, unit)} / ${size(total, unit)} ${u}  ${String(pct).padStart(3)}%`
        : `${size(loaded, unit)} ${u}`);
    const s = state.get(name) ?? { shown: -1, at: 0 };
    state.set(name, s);
    const done = total > 0 && loaded >= total;
    if (out.isTTY) {
      const now = Date.now();
      if (!done && now - s.at < 100 && s.shown >= 0) return;
      s.at = now;
      s.shown = pct;
      out.write(`\r${line}\x1b[K${done ? "\n" : ""}`);
      return;
    }
    const step = unit === 1024 ? (done ? 100 : 0) : Math.floor(pct / 25) * 25;
    if (step > 0 && step > s.shown) {
      s.shown = step;
      out.write(`${line}\n`);
    }
  };
}
