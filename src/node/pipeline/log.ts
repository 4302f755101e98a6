// Progress output for the build pipeline: everything goes to stderr, so stdout stays free
// for machine-readable output.

/** Where the pipeline reports progress. */
export interface BuildLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The logger object snarkjs accepts (it calls all five methods). */
export interface SnarkjsLogger {
  log(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Writes `[zkmargin +12.3s] message` lines to stderr. */
export function stderrLog(prefix = "zkmargin"): BuildLog {
  const t0 = Date.now();
  const stamp = (): string => `[${prefix} +${((Date.now() - t0) / 1000).toFixed(1)}s]`;
  return {
    info: (m) => process.stderr.write(`${stamp()} ${m}\n`),
    warn: (m) => process.stderr.write(`${stamp()} WARNING: ${m}\n`),
  };
}

/** Discards everything (tests). */
export const silentLog: BuildLog = { info: () => undefined, warn: () => undefined };

/** Keeps every line in memory (tests that check what was reported). */
export function memoryLog(): BuildLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`WARNING: ${m}`),
  };
}

/**
 * Adapts a BuildLog for snarkjs. snarkjs reports progress of long loops through debug/info
 * many times per second; those are throttled to one line per `intervalMs` (a suppressed
 * line is dropped, not queued). Warnings and errors always pass.
 */
export function snarkjsLogger(log: BuildLog, label: string, intervalMs = 2000): SnarkjsLogger {
  let last = 0;
  const throttled = (m: string): void => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log.info(`${label}: ${String(m).replace(/\s+/g, " ").trim()}`);
  };
  return {
    log: throttled,
    info: throttled,
    debug: throttled,
    warn: (m) => log.warn(`${label}: ${m}`),
    error: (m) => log.warn(`${label}: error: ${m}`),
  };
}

/**
 * Runs `fn` as a named step: logs its start and end with the elapsed time, and while it runs
 * a heartbeat every `heartbeatMs` (so a silent 20-minute step still shows it is alive).
 */
export async function step<T>(
  log: BuildLog,
  name: string,
  fn: () => Promise<T>,
  heartbeatMs = 15000,
): Promise<T> {
  const t0 = Date.now();
  const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  log.info(`${name} ...`);
  const timer = setInterval(() => log.info(`${name}: still running (${elapsed()})`), heartbeatMs);
  timer.unref();
  try {
    const result = await fn();
    log.info(`${name}: done in ${elapsed()}`);
    return result;
  } catch (err) {
    log.warn(`${name}: failed after ${elapsed()}`);
    throw err;
  } finally {
    clearInterval(timer);
  }
}
