// Every width, cap and multiplier bound is written once per language: src/bounds.ts (SDK),
// circuits/bounds.circom (circuit), contracts/libraries/Bounds.sol (engine). This test reads
// all three and fails on any disagreement, in either direction: a different value, or a
// constant that one language carries and the table below does not say it should (or the
// reverse). It also fails when a circuit template or the engine writes a bound as a literal
// instead of taking it from its language's bounds file.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import * as bounds from "../../src/bounds";

const ROOT = path.join(__dirname, "..", "..");
const CIRCUITS = path.join(ROOT, "circuits");
const CIRCOM_BOUNDS = path.join(CIRCUITS, "bounds.circom");
const SOL_BOUNDS = path.join(ROOT, "contracts", "libraries", "Bounds.sol");
/** Engine files whose public constants re-export Bounds.sol. */
const ENGINE_FILES = ["contracts/MarginEngine.sol", "contracts/engine/BalancesHashing.sol"];

type TsName = keyof typeof bounds;
interface Row {
  /** Name in circuits/bounds.circom, or null: the circuit does not carry it. */
  circom: string | null;
  /** Name in contracts/libraries/Bounds.sol, or null: the engine does not carry it. */
  sol: string | null;
  /** For a `*_LIMIT`: the width it is 2^ of. */
  limitOf?: TsName;
}

const both = (name: string): Row => ({ circom: name, sol: name });
const circuit = (name: string): Row => ({ circom: name, sol: null });
const engine = (name: string): Row => ({ circom: null, sol: name });
const sdkOnly: Row = { circom: null, sol: null };
const limit = (of: TsName, sol: string | null = null): Row => ({ circom: null, sol, limitOf: of });

/**
 * The name mapping: every export of src/bounds.ts, and where else it lives. `Record<TsName, _>`
 * makes tsc fail when an export is missing here; the test fails on extra rows.
 */
const TABLE: Record<TsName, Row> = {
  Q_BITS: circuit("Q_BITS"),
  Q_LIMIT: limit("Q_BITS"),
  // Bound by the venue-attested commitment; the circuit checks their sum (CASH_SUM_BITS).
  CASH_BITS: sdkOnly,
  CASH_LIMIT: limit("CASH_BITS"),
  CASH_SUM_BITS: circuit("CASH_SUM_BITS"),
  // Sizes the witness comparisons; the SDK refuses a circuit input beyond it.
  REQ_COVERAGE_BITS: sdkOnly,
  REQ_COVERAGE_LIMIT: limit("REQ_COVERAGE_BITS"),
  EQUITY_COVERAGE_BITS: sdkOnly,
  EQUITY_COVERAGE_LIMIT: limit("EQUITY_COVERAGE_BITS"),
  AMOUNT_BITS: both("AMOUNT_BITS"),
  AMOUNT_LIMIT: limit("AMOUNT_BITS", "AMOUNT_LIMIT"),
  AMOUNT_PACK_SHIFT: both("AMOUNT_PACK_SHIFT"),
  WITNESS_BITS: circuit("WITNESS_BITS"),
  WITNESS_LIMIT: limit("WITNESS_BITS"),
  // Bound by the risk root to a table the SDK validated: no circuit or engine check.
  TABLE_BITS: sdkOnly,
  TABLE_LIMIT: limit("TABLE_BITS"),
  UNIT_VALUE_BITS: sdkOnly,
  UNIT_VALUE_LIMIT: limit("UNIT_VALUE_BITS"),
  WITNESS_SLACK_BITS: circuit("WITNESS_SLACK_BITS"),
  SOLVENCY_SLACK_BITS: circuit("SOLVENCY_SLACK_BITS"),
  MULTIPLIER_RANGE_BITS: circuit("MULTIPLIER_RANGE_BITS"),
  MAX_RANGE_BITS: circuit("MAX_RANGE_BITS"),
  // Only hashed in the circuit (bound by the venue-attested commitment).
  NONCE_BITS: sdkOnly,
  NONCE_LIMIT: limit("NONCE_BITS"),
  BPS: both("BPS"),
  MULTIPLIER_MIN: both("MULTIPLIER_MIN"),
  MULTIPLIER_MAX: both("MULTIPLIER_MAX"),
  MAX_POSITION_SLOTS: circuit("MAX_POSITION_SLOTS"),
  MAX_COLLATERAL_SLOTS: both("MAX_COLLATERAL_SLOTS"),
  MAX_GROUPS: circuit("MAX_GROUPS"),
  SCENARIOS: circuit("SCENARIOS"),
  MAX_TREE_DEPTH: sdkOnly,
  MAX_KEEPER_REWARD_BPS: engine("MAX_KEEPER_REWARD_BPS"),
  MIN_PROOF_TTL: engine("MIN_PROOF_TTL"),
  MAX_PROOF_TTL: engine("MAX_PROOF_TTL"),
  MAX_GRACE: engine("MAX_GRACE"),
  MAX_EPOCH_STEP: engine("MAX_EPOCH_STEP"),
  MAX_VALIDITY_TIERS: engine("MAX_VALIDITY_TIERS"),
  // Units of the SDK's encodings.
  V_DECIMALS: sdkOnly,
  Q_DECIMALS: sdkOnly,
  PER_CONTRACT_DECIMALS: sdkOnly,
  MULTIPLIER_DECIMALS: sdkOnly,
  MAX_TOKEN_DECIMALS: sdkOnly,
  SECONDS_PER_YEAR: sdkOnly,
  SECONDS_PER_DAY: sdkOnly,
  // Margin model v2 (SPEC 7.1): word layouts and bounds of the packed risk-table data.
  GROUP_WORD_THRESHOLD_SHIFT: circuit("GROUP_WORD_THRESHOLD_SHIFT"),
  GROUP_WORD_CHARGE_SHIFT: circuit("GROUP_WORD_CHARGE_SHIFT"),
  // The circuit bounds T through its excess check (EXCESS_BITS), not by a width of its own.
  CONCENTRATION_THRESHOLD_BITS: sdkOnly,
  CONCENTRATION_THRESHOLD_LIMIT: limit("CONCENTRATION_THRESHOLD_BITS"),
  CONCENTRATION_CHARGE_BITS: circuit("CONCENTRATION_CHARGE_BITS"),
  CONCENTRATION_CHARGE_LIMIT: limit("CONCENTRATION_CHARGE_BITS"),
  TAG_WORD_FACTOR1_SHIFT: circuit("TAG_WORD_FACTOR1_SHIFT"),
  TAG_WORD_FACTOR2_SHIFT: circuit("TAG_WORD_FACTOR2_SHIFT"),
  TAG_WORD_DISTANCE1_SHIFT: circuit("TAG_WORD_DISTANCE1_SHIFT"),
  TAG_WORD_DISTANCE2_SHIFT: circuit("TAG_WORD_DISTANCE2_SHIFT"),
  TIER_FACTOR_BITS: circuit("TIER_FACTOR_BITS"),
  TIER_ABOVE_BITS: circuit("TIER_ABOVE_BITS"),
  TIER_ABOVE_LIMIT: limit("TIER_ABOVE_BITS"),
  MAX_TIERS: sdkOnly,
  EPOCH_BITS: circuit("EPOCH_BITS"),
  EPOCH_LIMIT: limit("EPOCH_BITS"),
  EPOCH_WORD_CORRELATION_SHIFT: circuit("EPOCH_WORD_CORRELATION_SHIFT"),
  CORRELATION_BITS: circuit("CORRELATION_BITS"),
  CORRELATION_MAX: sdkOnly,
  CORRELATION_DECIMALS: sdkOnly,
  EXCESS_BITS: circuit("EXCESS_BITS"),
  JOINT_BITS: circuit("JOINT_BITS"),
  JOINT_SLACK_BITS: circuit("JOINT_SLACK_BITS"),
  SCAN_BITS: circuit("SCAN_BITS"),
  BPS_BITS: circuit("BPS_BITS"),
};

/** The engine's constants that re-export a bound: engine name -> Bounds.sol name. */
const ENGINE_GETTERS: Record<string, string> = {
  MIN_MULTIPLIER: "MULTIPLIER_MIN",
  MAX_MULTIPLIER: "MULTIPLIER_MAX",
  MAX_KEEPER_REWARD_BPS: "MAX_KEEPER_REWARD_BPS",
  MIN_PROOF_TTL: "MIN_PROOF_TTL",
  MAX_PROOF_TTL: "MAX_PROOF_TTL",
  MAX_GRACE: "MAX_GRACE",
  MAX_EPOCH_STEP: "MAX_EPOCH_STEP",
  MAX_VALIDITY_TIERS: "MAX_VALIDITY_TIERS",
  _BPS: "BPS",
  MAX_SLOTS: "MAX_COLLATERAL_SLOTS",
  MAX_AMOUNT: "AMOUNT_LIMIT",
  _AMOUNT_SHIFT: "AMOUNT_PACK_SHIFT",
};
/** Engine constants that are not bounds (a field modulus, a delay). */
const ENGINE_NOT_BOUNDS = new Set(["SNARK_SCALAR_FIELD", "ADMIN_TRANSFER_DELAY"]);

const stripComments = (s: string): string =>
  s.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/\/\/[^\n]*/g, "");

const UNITS: Record<string, bigint> = {
  seconds: 1n,
  minutes: 60n,
  hours: 3600n,
  days: 86400n,
  weeks: 604800n,
};

/**
 * Evaluates a constant expression of circom or Solidity: integer literals (with `_`
 * separators and Solidity time units), names (`X`, `X()`, `Bounds.X`), parentheses,
 * `* / + - << >>`.
 */
function evaluate(expr: string, lookup: (name: string) => bigint): bigint {
  const tokens = expr.match(/\d[\d_]*|[A-Za-z_][\w.]*|<<|>>|\S/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (want?: string): string => {
    const t = tokens[i++];
    if (t === undefined || (want !== undefined && t !== want))
      throw new Error(`cannot evaluate "${expr}": expected ${want ?? "a token"}, got ${t}`);
    return t;
  };
  const primary = (): bigint => {
    const t = take();
    if (t === "(") {
      const v = shift();
      take(")");
      return v;
    }
    if (t === "-") return -primary();
    if (/^\d/.test(t)) {
      const v = BigInt(t.replace(/_/g, ""));
      const unit = peek();
      if (unit !== undefined && unit in UNITS) {
        take();
        return v * UNITS[unit];
      }
      return v;
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === "(") {
        take("(");
        take(")");
      }
      return lookup(t.replace(/^Bounds\./, ""));
    }
    throw new Error(`cannot evaluate "${expr}": unexpected ${t}`);
  };
  const product = (): bigint => {
    let v = primary();
    while (peek() === "*" || peek() === "/") v = take() === "*" ? v * primary() : v / primary();
    return v;
  };
  const sum = (): bigint => {
    let v = product();
    while (peek() === "+" || peek() === "-") v = take() === "+" ? v + product() : v - product();
    return v;
  };
  function shift(): bigint {
    let v = sum();
    while (peek() === "<<" || peek() === ">>") v = take() === "<<" ? v << sum() : v >> sum();
    return v;
  }
  const v = shift();
  if (i !== tokens.length) throw new Error(`cannot evaluate "${expr}": trailing ${tokens[i]}`);
  return v;
}

/** Resolves `defs` (name -> expression) to values; a name may use names defined before or after. */
function resolve(defs: Map<string, string>, where: string): Map<string, bigint> {
  const values = new Map<string, bigint>();
  const get = (name: string, seen: string[]): bigint => {
    const known = values.get(name);
    if (known !== undefined) return known;
    const expr = defs.get(name);
    if (expr === undefined) throw new Error(`${where}: ${name} is not defined`);
    if (seen.includes(name)) throw new Error(`${where}: ${name} is defined through itself`);
    const v = evaluate(expr, (n) => get(n, [...seen, name]));
    values.set(name, v);
    return v;
  };
  for (const name of defs.keys()) get(name, []);
  return values;
}

/** circuits/bounds.circom: `function NAME() { return EXPR; }`, nothing else. */
function circomBounds(): Map<string, bigint> {
  const text = stripComments(fs.readFileSync(CIRCOM_BOUNDS, "utf8"));
  const defs = new Map<string, string>();
  const re = /function\s+([A-Za-z_]\w*)\s*\(\s*\)\s*\{\s*return\s+([^;{}]+);\s*\}/g;
  for (const m of text.matchAll(re)) {
    expect(defs.has(m[1]), `bounds.circom defines ${m[1]} twice`).to.equal(false);
    defs.set(m[1], m[2]);
  }
  const rest = text.replace(re, "").replace(/pragma\s+circom\s+[\d.]+\s*;/, "");
  expect(rest.trim(), "bounds.circom holds only constant functions").to.equal("");
  return resolve(defs, "bounds.circom");
}

/** contracts/libraries/Bounds.sol: file-level `uintN constant NAME = EXPR;`, nothing else. */
function solBounds(): Map<string, bigint> {
  const text = stripComments(fs.readFileSync(SOL_BOUNDS, "utf8"));
  const defs = new Map<string, string>();
  const re = /\buint(?:\d+)?\s+constant\s+([A-Z_][A-Z0-9_]*)\s*=\s*([^;]+);/g;
  for (const m of text.matchAll(re)) {
    expect(defs.has(m[1]), `Bounds.sol defines ${m[1]} twice`).to.equal(false);
    defs.set(m[1], m[2]);
  }
  const rest = text
    .replace(re, "")
    .replace(/pragma\s+solidity\s+[^;]+;/, "")
    .trim();
  expect(rest, "Bounds.sol holds only constants").to.equal("");
  return resolve(defs, "Bounds.sol");
}

/** Each `*constant NAME = EXPR;` of an engine file. */
function engineConstants(file: string): Array<{ name: string; type: string; expr: string }> {
  const text = stripComments(fs.readFileSync(path.join(ROOT, file), "utf8"));
  const re =
    /\b(u?int\d*|bytes\d+|address)\s+(?:public|internal|private)\s+constant\s+(\w+)\s*=\s*([^;]+);/g;
  return [...text.matchAll(re)].map((m) => ({ type: m[1], name: m[2], expr: m[3].trim() }));
}

/** The value of a src/bounds.ts export as a bigint. */
const tsValue = (name: TsName): bigint => BigInt(bounds[name]);

/** Names present on one side and not the other, as a readable list. */
function difference(a: Iterable<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

describe("bounds agree across SDK, circuit and contracts", () => {
  const circom = circomBounds();
  const sol = solBounds();

  it("the table lists exactly the exports of src/bounds.ts", () => {
    const exported = new Set(Object.keys(bounds));
    const listed = new Set(Object.keys(TABLE));
    expect(difference(exported, listed), "exports missing from TABLE").to.deep.equal([]);
    expect(difference(listed, exported), "TABLE rows with no export").to.deep.equal([]);
  });

  it("circuits/bounds.circom carries exactly the table's circuit constants, with the SDK's values", () => {
    const expected = new Map<string, TsName>();
    for (const [ts, row] of Object.entries(TABLE) as Array<[TsName, Row]>)
      if (row.circom !== null) expected.set(row.circom, ts);
    expect(
      difference(circom.keys(), new Set(expected.keys())),
      "only in bounds.circom",
    ).to.deep.equal([]);
    expect(
      difference(expected.keys(), new Set(circom.keys())),
      "missing in bounds.circom",
    ).to.deep.equal([]);
    for (const [name, ts] of expected)
      expect(circom.get(name), `bounds.circom ${name}() vs src/bounds.ts ${ts}`).to.equal(
        tsValue(ts),
      );
  });

  it("contracts/libraries/Bounds.sol carries exactly the table's engine constants, with the SDK's values", () => {
    const expected = new Map<string, TsName>();
    for (const [ts, row] of Object.entries(TABLE) as Array<[TsName, Row]>)
      if (row.sol !== null) expected.set(row.sol, ts);
    expect(difference(sol.keys(), new Set(expected.keys())), "only in Bounds.sol").to.deep.equal(
      [],
    );
    expect(difference(expected.keys(), new Set(sol.keys())), "missing in Bounds.sol").to.deep.equal(
      [],
    );
    for (const [name, ts] of expected)
      expect(sol.get(name), `Bounds.sol ${name} vs src/bounds.ts ${ts}`).to.equal(tsValue(ts));
  });

  it("every *_LIMIT is 2^ its width", () => {
    for (const [ts, row] of Object.entries(TABLE) as Array<[TsName, Row]>) {
      if (row.limitOf !== undefined)
        expect(tsValue(ts), `${ts} = 2^${row.limitOf}`).to.equal(1n << tsValue(row.limitOf));
    }
  });

  it("the widths fit the circuit's comparisons", () => {
    const widths = Object.keys(bounds).filter((n) => n.endsWith("_BITS")) as TsName[];
    for (const w of widths)
      expect(tsValue(w) <= BigInt(bounds.MAX_RANGE_BITS), `${w} <= MAX_RANGE_BITS`).to.equal(true);
    const range = bounds.MULTIPLIER_MAX - bounds.MULTIPLIER_MIN;
    expect(range < 1n << BigInt(bounds.MULTIPLIER_RANGE_BITS), "multiplier range").to.equal(true);
    expect(bounds.AMOUNT_PACK_SHIFT >= bounds.AMOUNT_BITS, "packing is injective").to.equal(true);
  });

  it("the engine's constants are the Bounds.sol ones (no bound written as a literal)", () => {
    const seen = new Set<string>();
    for (const file of ENGINE_FILES) {
      for (const c of engineConstants(file)) {
        if (!c.type.startsWith("uint") || ENGINE_NOT_BOUNDS.has(c.name)) continue;
        const m = /^(?:Bounds\.)?([A-Z_][A-Z0-9_]*)$/.exec(c.expr);
        if (m && ENGINE_GETTERS[c.name] !== undefined) {
          expect(m[1], `${file}: ${c.name}`).to.equal(ENGINE_GETTERS[c.name]);
          seen.add(c.name);
          continue;
        }
        // Otherwise only an expression over other named constants (e.g. MAX_SLOTS / 2).
        const literal =
          /\b\d{2,}\b/.test(c.expr) || /<<\s*\d/.test(c.expr) || /\d\s*[a-z]/.test(c.expr);
        expect(
          /^[A-Za-z_(][\w.\s()*/+-]*$/.test(c.expr) && !literal,
          `${file}: ${c.name} = ${c.expr}: a bound belongs in contracts/libraries/Bounds.sol`,
        ).to.equal(true);
      }
    }
    expect(difference(Object.keys(ENGINE_GETTERS), seen), "engine getters not found").to.deep.equal(
      [],
    );
  });

  it("every constant of bounds.circom and Bounds.sol is used", () => {
    const circuitText = fs
      .readdirSync(CIRCUITS)
      .filter((f) => f.endsWith(".circom") && f !== "bounds.circom")
      .map((f) => stripComments(fs.readFileSync(path.join(CIRCUITS, f), "utf8")))
      .join("\n");
    for (const name of circom.keys()) {
      const used = new RegExp(`\\b${name}\\(\\)`).test(circuitText);
      expect(used, `${name}() unused by the templates`).to.equal(true);
    }
    const contractText = [SOL_BOUNDS, ...ENGINE_FILES.map((f) => path.join(ROOT, f))]
      .map((f) => stripComments(fs.readFileSync(f, "utf8")))
      .join("\n");
    for (const name of sol.keys()) {
      const uses = contractText.match(new RegExp(`\\b${name}\\b`, "g"))?.length ?? 0;
      expect(uses, `${name} unused by the engine`).to.be.at.least(2); // definition + a use
    }
  });

  it("no circuit template writes a width, cap or multiplier bound as a literal", () => {
    const WIDTH_TAKING =
      /\b(RangeCheck|SignedAbs|GreaterEq|GreaterEqThan|GreaterThan|LessThan|LessEqThan|Num2Bits|Num2Bits_strict|Bits2Num)\s*\(\s*\d/;
    const problems: string[] = [];
    for (const f of fs.readdirSync(CIRCUITS).filter((n) => n.endsWith(".circom"))) {
      if (f === "bounds.circom") continue;
      const lines = stripComments(fs.readFileSync(path.join(CIRCUITS, f), "utf8")).split("\n");
      lines.forEach((line, i) => {
        const at = `${f}:${i + 1}: ${line.trim()}`;
        if (/^\s*pragma\b/.test(line)) return;
        if (WIDTH_TAKING.test(line)) problems.push(`${at} (literal width)`);
        const asserted = /\bassert\s*\((.*)\)/.exec(line);
        if (asserted && /\b(?!0\b|1\b)\d+/.test(asserted[1]))
          problems.push(`${at} (literal in an assert)`);
        if (/<<\s*\d/.test(line)) problems.push(`${at} (literal shift)`);
        if (/\b\d{3,}\b/.test(line)) problems.push(`${at} (literal bound)`);
      });
    }
    expect(problems, "use a constant of circuits/bounds.circom").to.deep.equal([]);
  });
});
