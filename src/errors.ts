/**
 * Error types of the SDK. Each carries a stable machine-readable `code`; callers test the
 * class (`instanceof InsolventError`) or the code, never the message. The CLI maps them to
 * exit codes: {@link InputError} -> 2 (bad input), {@link CheckFailedError} -> 1 (a check
 * failed).
 *
 * Codes: `input` (a file's field), `argument` (an SDK function's argument), `check-failed`
 * (a generic failed check), `insolvent`, `chain-revert`, and the pre-flight checks of the
 * chain actions, named as the engine's custom errors (`BadNonce`, `StaleEpoch`, ...; see
 * src/chain/check-error.ts).
 *
 * SDK errors name the thing (a file and its field, an argument), never a command-line flag:
 * the CLI adds the flag.
 */

/**
 * Bad input: names the file, the JSON path of the offending field and the rule broken.
 * `message` is `<file>: <path>: <rule>`.
 */
export class InputError extends Error {
  readonly code: string = "input";
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

/**
 * A bad argument of an SDK function (no file involved): names the argument, e.g. `deadline`,
 * `amount` or `tokens[2]`. `message` is `<argument>: <rule>`. The CLI rethrows it as an
 * {@link InputError} naming its own flag (`--deadline`).
 */
export class ArgumentError extends InputError {
  override readonly code: string = "argument";
  readonly argument: string;

  constructor(argument: string, rule: string) {
    super("argument", argument, rule);
    this.message = `${argument}: ${rule}`;
    this.name = "ArgumentError";
    this.argument = argument;
  }
}

/** A check that ran on valid input and failed (e.g. an insolvent portfolio). */
export class CheckFailedError extends Error {
  readonly code: string = "check-failed";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CheckFailedError";
  }
}

/** The margin figures an {@link InsolventError} carries (all in V; multiplier in bps). */
export interface InsolvencyFigures {
  equity: bigint;
  maintenanceMargin: bigint;
  /** Margin multiplier in basis points. */
  multiplier: bigint;
}

/**
 * The portfolio is insolvent at the multiplier: 10000 Equity < M MM, or Equity < 0. The
 * message says why (binding group and scenario); the figures are fields.
 */
export class InsolventError extends CheckFailedError {
  override readonly code: string = "insolvent";
  readonly equity: bigint;
  readonly maintenanceMargin: bigint;
  readonly multiplier: bigint;

  constructor(reason: string, figures: InsolvencyFigures) {
    super(reason);
    this.name = "InsolventError";
    this.equity = figures.equity;
    this.maintenanceMargin = figures.maintenanceMargin;
    this.multiplier = figures.multiplier;
  }
}

/**
 * A portfolio beyond the circuit's coverage bounds (abs(req_{g,s}) < 2^150 V, Equity <
 * 2^150 V, PROTOCOL section 4): its margin report is exact, but no proof can be built for it.
 * `group` and `scenario` name the requirement, or are null when equity is beyond.
 */
export class OutOfCoverageError extends CheckFailedError {
  override readonly code: string = "coverage";
  readonly group: string | null;
  readonly scenario: number | null;

  constructor(message: string, group: string | null, scenario: number | null) {
    super(message);
    this.name = "OutOfCoverageError";
    this.group = group;
    this.scenario = scenario;
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
