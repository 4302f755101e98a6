// Circuit hygiene: compile an instance with circom's `--inspect` and hold every warning
// against an allow-list (circuits/inspect-allowlist.json) in which each entry gives a reason.
// A warning no entry explains fails the check; so does an entry that no longer matches
// anything (a stale explanation hides the next real warning).
import fs from "node:fs";
import path from "node:path";
import { circuitsDir } from "../artifacts";
import { CIRCOM_FLAGS, compileInTempDir, stripAnsi } from "../circom/driver";
import { renderMain } from "../pipeline/config";
import type { InstancesConfig } from "../pipeline/config";

/** One warning printed by `circom --inspect`. */
export interface CircomWarning {
  /** circom's code, e.g. "CA01" (unused signal) or "T3002" (`<--` where `<==` would do). */
  code: string;
  /** First line of the message. */
  message: string;
  /** `file:line` when circom gives a location. */
  location?: string;
  /** Template named by the message or the innermost one of the call trace. */
  template?: string;
}

/** An allow-list entry: which warnings it explains and why they are harmless. */
export interface AllowEntry {
  code: string;
  /** Substring of the message (or of `location`) the entry is limited to. */
  match?: string;
  template?: string;
  reason: string;
}

export interface AllowList {
  version: 1;
  allow: AllowEntry[];
}

export function allowListPath(): string {
  return path.join(circuitsDir(), "inspect-allowlist.json");
}

/** Parses circom's output into warnings (blocks starting with `warning[CODE]:`). */
export function parseCircomWarnings(output: string): CircomWarning[] {
  const lines = stripAnsi(output).split("\n");
  const out: CircomWarning[] = [];
  let cur: CircomWarning | undefined;
  let inTrace = false;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    const head = /^warning\[([A-Za-z0-9]+)\]:\s*(.*)$/.exec(line);
    if (head !== null) {
      cur = { code: head[1], message: head[2].trim() };
      const t = /In template "([^"(]+)/.exec(cur.message);
      if (t !== null) cur.template = t[1];
      out.push(cur);
      inTrace = false;
      continue;
    }
    if (cur === undefined) continue;
    const loc = /┌─\s*"?([^":]+)"?:(\d+):\d+/.exec(line);
    if (loc !== null && cur.location === undefined) cur.location = `${loc[1]}:${loc[2]}`;
    if (/call trace:/.test(line)) {
      inTrace = true;
      continue;
    }
    const trace = /^\s*->\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
    if (inTrace && trace !== null)
      cur.template = trace[1]; // innermost is last
    else if (/^(error|warning)\[|^\S/.test(line)) inTrace = false;
  }
  return out;
}

/** Reads and validates the allow-list: every entry needs a code and a non-empty reason. */
export function loadAllowList(file = allowListPath()): AllowList {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<AllowList>;
  if (raw.version !== 1 || !Array.isArray(raw.allow))
    throw new Error(`${file}: expected { "version": 1, "allow": [...] }`);
  raw.allow.forEach((e, i) => {
    if (typeof e.code !== "string" || e.code === "")
      throw new Error(`${file}: allow[${i}].code: required`);
    if (typeof e.reason !== "string" || e.reason.trim().length < 10)
      throw new Error(`${file}: allow[${i}].reason: required (say why the warning is harmless)`);
  });
  return raw as AllowList;
}

function matches(e: AllowEntry, w: CircomWarning): boolean {
  if (e.code !== w.code) return false;
  if (e.template !== undefined && e.template !== w.template) return false;
  if (e.match !== undefined && !`${w.message} ${w.location ?? ""}`.includes(e.match)) return false;
  return true;
}

export interface InspectOutcome {
  warnings: CircomWarning[];
  unexplained: CircomWarning[];
  /** Allow-list entries that matched no warning (stale). */
  unused: AllowEntry[];
}

/** Splits warnings into explained and unexplained; `unused` lists entries that matched nothing. */
export function applyAllowList(warnings: CircomWarning[], list: AllowList): InspectOutcome {
  const used = new Set<number>();
  const unexplained = warnings.filter((w) => {
    const i = list.allow.findIndex((e) => matches(e, w));
    if (i >= 0) used.add(i);
    return i < 0;
  });
  return { warnings, unexplained, unused: list.allow.filter((_, i) => !used.has(i)) };
}

export function formatWarning(w: CircomWarning): string {
  return (
    `warning[${w.code}] ${w.message}` +
    (w.location !== undefined ? ` at ${w.location}` : "") +
    (w.template !== undefined ? ` (template ${w.template})` : "")
  );
}

/**
 * Compiles `instance` with `--inspect` in a temporary directory (nothing under build/ is
 * touched) and returns the parsed warnings.
 */
export async function inspectInstance(
  config: InstancesConfig,
  instance: string,
  sourcesDir = circuitsDir(),
): Promise<CircomWarning[]> {
  return compileInTempDir(
    {
      name: instance,
      // The template source resolved through the sources directory (an include path).
      mainText: renderMain(config, instance, config.source),
      includeDirs: [sourcesDir],
      // The build's flags minus the outputs inspection does not need.
      flags: [...CIRCOM_FLAGS.filter((f) => f !== "--wasm" && f !== "--sym"), "--inspect"],
    },
    ({ output }) => parseCircomWarnings(output),
  );
}
