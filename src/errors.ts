/**
 * Error types of the SDK. The CLI maps them to exit codes:
 * {@link InputError} -> 2 (bad input), {@link CheckFailedError} -> 1 (a check failed).
 */

/**
 * Bad input: names the file, the JSON path of the offending field and the rule broken.
 * `message` is `<file>: <path>: <rule>`.
 */
export class InputError extends Error {
  readonly file: string;
  readonly path: string;
  readonly rule: string;

  constructor(file: string, path: string, rule: string) {
    super(`${file}: ${path || "(root)"}: ${rule}`);
    this.name = "InputError";
    this.file = file;
    this.path = path || "(root)";
    this.rule = rule;
  }
}

/** A check that ran on valid input and failed (e.g. an insolvent portfolio). */
export class CheckFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckFailedError";
  }
}

/** JSON path segments -> `positions[2].quantity` (keys that are not identifiers are quoted). */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
