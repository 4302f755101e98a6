/**
 * Shared CLI plumbing: exit codes, error reporting and JSON output.
 *
 * With `--json` on the command line, a failing command also prints one JSON object on stdout,
 * `{"error": {"code", "message", "file"?, "field"?, "rule"?, "exit"}}`, unless it already
 * printed its JSON report (e.g. `audit --json` whose report says which checks failed). The
 * human message always goes to stderr, unchanged. This is decided here, once, for every command.
 */
import { CommanderError } from "commander";
import { ArgumentError, CheckFailedError, InputError } from "../errors";

/** Exit codes of every command (SPEC section 6). */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** An unexpected internal error (a bug): not part of the SPEC's contract. */
export const EXIT_INTERNAL = 3;

/** The `error` object printed on stdout by a failing command given `--json`. */
export interface JsonError {
  code: string;
  message: string;
  file?: string;
  field?: string;
  rule?: string;
  exit: number;
}

/** Set once a command printed its JSON result on stdout (then no error object follows it). */
let jsonPrinted = false;

/** Starts a command run: forgets any JSON printed by an earlier run in this process. */
export function beginRun(): void {
  jsonPrinted = false;
}

/** True when `argv` (process.argv layout) asks for JSON output: `--json` before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

/** The machine-readable description of `e`, which exits with `exit`. */
export function errorJson(e: unknown, exit: number): JsonError {
  if (e instanceof ArgumentError)
    return { code: e.code, message: e.message, field: e.argument, rule: e.rule, exit };
  if (e instanceof InputError)
    return { code: e.code, message: e.message, file: e.file, field: e.path, rule: e.rule, exit };
  if (e instanceof CheckFailedError) return { code: e.code, message: e.message, exit };
  if (e instanceof CommanderError)
    return { code: "usage", message: e.message.replace(/^error: /, ""), exit };
  return { code: "internal", message: e instanceof Error ? e.message : String(e), exit };
}

/**
 * Maps an error to its exit code and prints it on stderr (no stack trace unless ZKMARGIN_DEBUG
 * is set). With `json`, also prints `{"error": ...}` on stdout (see the file comment).
 */
export function reportError(e: unknown, json = false): number {
  const exit = reportOnStderr(e);
  const helpOrVersion = e instanceof CommanderError && exit === EXIT_OK;
  if (json && !jsonPrinted && !helpOrVersion) printJson({ error: errorJson(e, exit) });
  return exit;
}

function reportOnStderr(e: unknown): number {
  if (e instanceof CommanderError) {
    // commander already printed its message (or the help text)
    return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (e instanceof InputError) {
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof CheckFailedError) {
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT_CHECK_FAILED;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`internal error: ${err.message}\n`);
  if (process.env.ZKMARGIN_DEBUG) process.stderr.write(`${err.stack ?? ""}\n`);
  return EXIT_INTERNAL;
}

/** Writes a JSON value to stdout (2-space indent, trailing newline). */
export function printJson(value: unknown): void {
  jsonPrinted = true;
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
