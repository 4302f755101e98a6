// Shared fixtures for the SDK tests (not a test file itself).
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { InputError } from "../../src/errors";

export const ROOT = path.join(__dirname, "..", "..");
export const EXAMPLES = path.join(ROOT, "examples");

/** Deep copy of a JSON file of examples/. */
export function example(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES, name), "utf8")) as Record<string, unknown>;
}

/** A small hand-checkable market: BTC at 60000, psr 0.1, vsr 0.2. */
export function tinyMarket(): Record<string, unknown> {
  return {
    version: 1,
    epoch: 1,
    timestamp: 1763900000,
    groups: [{ id: "BTC", price: "60000", psr: "0.1", vsr: "0.2" }],
    collateral: [
      { symbol: "USDC", token: "0x" + "11".repeat(20), decimals: 6, price: "1", haircut: "0" },
      {
        symbol: "WBTC",
        token: "0x" + "22".repeat(20),
        decimals: 8,
        price: "60000",
        haircut: "0.1",
        group: "BTC",
      },
    ],
    instruments: [
      {
        id: "BTC-PERP",
        group: "BTC",
        kind: "perpetual",
        mark: "60000",
        multiplier: "1",
        floor: "100",
      },
    ],
  };
}

export const ACCOUNT = "0x" + "ab".repeat(20);

export function tinyPortfolio(
  positions: Array<{ instrument: string; quantity: string; costBasis: string }>,
  cash = "0",
): Record<string, unknown> {
  return { version: 1, account: ACCOUNT, positions, cash, nonce: 1, salt: "0x01" };
}

export function tinyBalances(balances: Record<string, string>): Record<string, unknown> {
  return { version: 1, account: ACCOUNT, balances };
}

/** Asserts that `fn` throws an InputError for `file` at `path` whose rule matches `rule`. */
export function expectInputError(
  fn: () => unknown,
  file: string,
  pathStr: string,
  rule: RegExp,
): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected an InputError").to.be.instanceOf(InputError);
  const err = caught as InputError;
  expect(err.file).to.equal(file);
  expect(err.path).to.equal(pathStr);
  expect(err.rule).to.match(rule);
  expect(err.message).to.equal(`${file}: ${pathStr}: ${err.rule}`);
  return err;
}

/** 1 USD in V. */
export const USD = 10n ** 30n;

/** The top-level keys of the margin report JSON (SPEC section 5), in order. */
export const MARGIN_REPORT_KEYS = [
  "haircutCollateral",
  "netLiquidationValue",
  "equity",
  "scan",
  "floor",
  "maintenanceMargin",
  "multiplier",
  "health",
  "solvent",
  "raw",
] as const;

/** A Groth16 proof with small fixed coordinates (shape tests; it verifies against nothing). */
export function fixedProof(): {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol: "groth16";
  curve: "bn128";
} {
  return {
    pi_a: ["11", "12", "1"],
    pi_b: [
      ["21", "22"],
      ["23", "24"],
      ["1", "0"],
    ],
    pi_c: ["31", "32", "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}

/** What a CLI run printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI's `main` in this process with stdout and stderr captured (a spawned ts-node
 * CLI takes about 10 s to start here): `runCliInProcess("risk", "calibrate", ...)`.
 */
export async function runCliInProcess(...args: string[]): Promise<CliRun> {
  const { main } = await import("../../src/cli"); // loaded on first use: most tests need no CLI
  const out: string[] = [];
  const err: string[] = [];
  const so = process.stdout.write.bind(process.stdout);
  const se = process.stderr.write.bind(process.stderr);
  const saved = process.exitCode;
  process.stdout.write = ((s: string | Uint8Array) => out.push(String(s)) > 0) as typeof so;
  process.stderr.write = ((s: string | Uint8Array) => err.push(String(s)) > 0) as typeof se;
  process.exitCode = undefined;
  try {
    await main(["node", "zkmargin", ...args]);
  } finally {
    process.stdout.write = so;
    process.stderr.write = se;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = saved;
  return { code, stdout: out.join(""), stderr: err.join("") };
}
