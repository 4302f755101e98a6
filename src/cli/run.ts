/**
 * Shared CLI plumbing: exit codes and error reporting.
 */
import { CommanderError } from "commander";
import { CheckFailedError, InputError } from "../errors";

/** Exit codes of every command (SPEC section 6). */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** An unexpected internal error (a bug): not part of the SPEC's contract. */
export const EXIT_INTERNAL = 3;

/** Maps an error to its exit code and prints it on stderr (no stack trace unless ZKMARGIN_DEBUG is set). */
export function reportError(e: unknown): number {
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
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
