/**
 * Command-line plumbing shared by the on-chain commands: the common options, option parsing,
 * output, and the mapping of SDK errors to the command line (an SDK {@link ArgumentError}
 * names an argument such as `deadline`; the command reports it under its flag `--deadline`).
 */
import type { Command } from "commander";
import { type ChainCheckCode, ChainCheckError } from "../../../chain";
import { ArgumentError, InputError } from "../../../errors";
import { formatMultiplier } from "../../../report";
import { printJson } from "../../run";

export interface ChainCliOptions {
  rpc?: string;
  privateKey?: string;
  accountIndex?: string;
  deployment?: string;
  json?: boolean;
}

const IN_PROCESS_NOTE =
  "Without --rpc the command runs on an in-process Hardhat network that is FRESH FOR EVERY " +
  "COMMAND (nothing persists between commands): meant for `demo` and dry runs. Start a node " +
  "(`npx hardhat node`) or use any EVM endpoint with --rpc for a session.";

/** Adds the options every chain command takes (and `--deployment` unless it deploys). */
export function chainCommand(cmd: Command, needsDeployment = true): Command {
  cmd
    .option(
      "--rpc <url>",
      "EVM JSON-RPC endpoint (default: in-process Hardhat network, fresh per command)",
    )
    .option(
      "--private-key <hex>",
      "signer key (else env ZKMARGIN_PRIVATE_KEY, else an unlocked node account)",
    )
    .option("--account-index <n>", "unlocked account of the node to sign with", "0")
    .option("--json", "machine-readable output")
    .addHelpText("after", `\n${IN_PROCESS_NOTE}\n`);
  if (needsDeployment)
    cmd.requiredOption(
      "--deployment <deployment.json>",
      "deployment file written by `zkmargin deploy`",
    );
  return cmd;
}

/** `--account-index`: a small non-negative integer. */
export function accountIndex(opts: ChainCliOptions): number {
  const s = opts.accountIndex ?? "0";
  if (!/^(0|[1-9][0-9]{0,3})$/.test(s))
    throw new InputError("command line", "--account-index", "must be a non-negative integer");
  return Number(s);
}

/** An integer option in 0..max. */
export function uintOption(value: string, flag: string, max: bigint | number): bigint {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(value) || BigInt(value) > BigInt(max))
    throw new InputError("command line", flag, `must be an integer 0..${max}`);
  return BigInt(value);
}

/** Longest `--max-rounds` of a service (keeper, oracle). */
const MAX_ROUNDS = 1e9;

/** A service's `--interval <seconds>`: an integer in 1..max. */
export function intervalOption(value: string, max: bigint | number): number {
  const n = Number(uintOption(value, "--interval", max));
  if (n < 1) throw new InputError("command line", "--interval", "must be at least 1");
  return n;
}

/** A service's rounds: 1 with `--once`, else `--max-rounds`, else unbounded (Infinity). */
export function roundsOption(opts: { once?: boolean; maxRounds?: string }): number {
  if (opts.once) return 1;
  return opts.maxRounds
    ? Number(uintOption(opts.maxRounds, "--max-rounds", MAX_ROUNDS))
    : Number.POSITIVE_INFINITY;
}

/** A multiplier in basis points as an option's default text: 10000 -> "1.0", 15000 -> "1.5". */
export function multiplierText(bps: bigint): string {
  const s = formatMultiplier(bps);
  return s.includes(".") ? s : `${s}.0`;
}

export const str = (x: bigint | number): string => x.toString();
export const iso = (t: bigint): string =>
  t === 0n ? "never" : new Date(Number(t) * 1000).toISOString();

/** Prints `json` with --json, else `text` (one trailing newline). */
export function out(opts: { json?: boolean }, json: unknown, text: string): void {
  if (opts.json) printJson(json);
  else process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

/** How a command reports SDK errors: argument -> flag, and hints appended per check code. */
export interface CliErrorMap {
  /** SDK argument name -> the command's flag or operand (`amount` -> `--amount`). */
  flags?: Readonly<Record<string, string>>;
  /** Text appended to a failed check's message (e.g. which flag fixes it). */
  hints?: Readonly<Partial<Record<ChainCheckCode, string>>>;
}

/**
 * An SDK error as the command line reports it: an {@link ArgumentError} becomes an
 * {@link InputError} of the command line naming the flag (`tokens[2]` -> `--tokens[2]`), a
 * failed check gets its hint. Anything else is returned unchanged.
 */
export function toCliError(e: unknown, map: CliErrorMap): unknown {
  if (e instanceof ArgumentError) {
    const m = /^([A-Za-z_$][A-Za-z0-9_$]*)(.*)$/.exec(e.argument);
    const flag = m ? map.flags?.[m[1]] : undefined;
    return m && flag ? new InputError("command line", flag + m[2], e.rule) : e;
  }
  if (e instanceof ChainCheckError) {
    const hint = map.hints?.[e.code];
    return hint ? new ChainCheckError(e.code, `${e.reason}: ${hint}`, { cause: e }) : e;
  }
  return e;
}

/** Runs `fn`, reporting its SDK errors through {@link toCliError}. */
export async function mapErrors<T>(map: CliErrorMap, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toCliError(e, map);
  }
}

/** Hints of a renewal (`submitProof`): a new position set goes through an attestation. */
export const RENEWAL_HINTS: CliErrorMap["hints"] = {
  NoCommitment: "submit with --attestation first",
  CommitmentMismatch: "a new position set needs a venue attestation (--attestation)",
};
