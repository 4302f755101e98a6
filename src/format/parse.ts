/**
 * The one mapping from a zod validation failure to an {@link InputError}: every JSON file
 * the toolkit reads is validated by a zod schema and reported through here, so each file
 * names its field and rule the same way.
 */
import { z } from "zod";
import { InputError, formatPath } from "../errors";

/** The first issue of a zod error as an {@link InputError} naming `file`, path and rule. */
export function toInputError(file: string, error: z.ZodError): InputError {
  const issue = error.issues[0];
  let path: Array<string | number> = issue.path;
  let rule = issue.message;
  if (issue.code === "unrecognized_keys") {
    path = [...issue.path, issue.keys[0]];
    rule = "unknown field";
  } else if (issue.code === "invalid_type" && issue.received === "undefined") {
    rule = "missing field";
  } else if (issue.code === "invalid_type" && issue.path.length === 0) {
    rule = `must be a JSON object (got ${issue.received})`;
  }
  return new InputError(file, formatPath(path), rule);
}

/** Validates `json` against `schema`; throws {@link InputError} naming `file` on failure. */
export function parseWith<T extends z.ZodTypeAny>(
  schema: T,
  json: unknown,
  file: string,
): z.output<T> {
  const r = schema.safeParse(json);
  if (!r.success) throw toInputError(file, r.error);
  return r.data;
}

/** A rule failure at `path` of `file` (for checks that run after the schema). */
export function failAt(file: string, path: ReadonlyArray<string | number>, rule: string): never {
  throw new InputError(file, formatPath(path), rule);
}

/** Index of the first value seen before (a duplicate), or -1. */
export function firstDuplicate(values: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    if (seen.has(values[i])) return i;
    seen.add(values[i]);
  }
  return -1;
}
