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
