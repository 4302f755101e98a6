/**
 * Strict schemas of the human JSON files (SPEC section 5): market.json, portfolio.json,
 * balances.json. Validation errors become {@link InputError}s naming file, path, rule.
 *
 * Decimal values are parsed exactly into {@link Decimal}s here; checks that need the risk
 * table or the circuit instance (token decimals, slot counts, bounds of scaled values)
 * live in risk-table.ts and portfolio.ts.
 */
import { z } from "zod";
import { getAddress } from "ethers";
import { Decimal, Rational, cmp, decimalToRational, parseDecimal, mul, ONE, ZERO } from "./decimal";
import { InputError, formatPath } from "./errors";
import { ID_RE, P } from "./field";
import { CASH_LIMIT, MAX_TOKEN_DECIMALS, NONCE_LIMIT, Q_DECIMALS, V_DECIMALS } from "./bounds";
import { DEFAULT_EXTREME_COVERAGE, DEFAULT_EXTREME_MULTIPLE } from "./scenarios";

// ---------------------------------------------------------------- building blocks

function typeName(x: unknown): string {
  return x === null ? "null" : Array.isArray(x) ? "array" : typeof x;
}

const missingOr =
  (what: string): z.ZodErrorMap =>
  (issue, ctx) => {
    if (issue.code === "invalid_type" && issue.received === "undefined")
      return { message: "missing field" };
    if (issue.code === "invalid_type")
      return { message: `${what} (got a JSON ${typeName(ctx.data)})` };
    if (issue.code === "invalid_enum_value")
      return { message: `${what} (got ${JSON.stringify(ctx.data)})` };
    return { message: ctx.defaultError };
  };

type DecimalCheck = (d: Decimal, r: Rational) => string | undefined;

/** A decimal string, parsed exactly; `check` returns a rule violation or undefined. */
function decimal(check?: DecimalCheck) {
  return z
    .string({
      errorMap: missingOr('must be a decimal string such as "61000.25", not a JSON number'),
    })
    .transform((s, ctx): Decimal => {
      const d = parseDecimal(s);
      if (!d) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `malformed decimal ${JSON.stringify(s)} (digits with an optional fraction, e.g. "61000.25" or "-3"; no exponent, "+", spaces or bare dot)`,
        });
        return z.NEVER;
      }
      const rule = check?.(d, decimalToRational(d));
      if (rule) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: rule });
        return z.NEVER;
      }
      return d;
    });
}

const positive: DecimalCheck = (_d, r) => (cmp(r, ZERO) > 0 ? undefined : "must be greater than 0");
const nonNegative: DecimalCheck = (_d, r) =>
  cmp(r, ZERO) >= 0 ? undefined : "must not be negative";
const unitInterval: DecimalCheck = (_d, r) =>
  cmp(r, ZERO) >= 0 && cmp(r, ONE) < 0 ? undefined : "must be in [0, 1)";
const closedUnitInterval: DecimalCheck = (_d, r) =>
  cmp(r, ZERO) >= 0 && cmp(r, ONE) <= 0 ? undefined : "must be in [0, 1]";
const maxDecimals =
  (n: number, unit: string, next?: DecimalCheck): DecimalCheck =>
  (d, r) =>
    d.scale > n ? `more than ${n} decimals (${unit})` : next?.(d, r);
const boundedUsd: DecimalCheck = maxDecimals(V_DECIMALS, "1e-30 USD is the smallest unit", (d) =>
  (d.units < 0n ? -d.units : d.units) * 10n ** BigInt(V_DECIMALS - d.scale) < CASH_LIMIT
    ? undefined
    : "absolute value must be below 2^200 V (about 1.6e30 USD)",
);

function integer(min: number, max: number) {
  return z.number({ errorMap: missingOr("must be a JSON integer") }).superRefine((n, ctx) => {
    if (!Number.isSafeInteger(n))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be an integer" });
    else if (n < min || n > max)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be in ${min}..${max}` });
  });
}

const identifier = z
  .string({ errorMap: missingOr("must be a string") })
  .regex(ID_RE, "must be 1-31 characters from [A-Za-z0-9._:/+-]");

/** An EVM address; mixed-case addresses must carry a valid EIP-55 checksum. Kept as written. */
const address = z
  .string({ errorMap: missingOr("must be a 0x-prefixed address string") })
  .superRefine((s, ctx) => {
    if (!/^0x[0-9a-fA-F]{40}$/.test(s)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be an address: 0x followed by 40 hex digits",
      });
      return;
    }
    const body = s.slice(2);
    if (body !== body.toLowerCase() && body !== body.toUpperCase()) {
      try {
        getAddress(s);
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: "bad EIP-55 checksum (mixed-case address)",
        });
      }
    }
  });

const version = z.literal(1, {
  errorMap: (_issue, ctx) => ({
    message: ctx.data === undefined ? "missing field" : "must be 1 (the only supported version)",
  }),
});

// ---------------------------------------------------------------- market.json

const groupSchema = z
  .object({
    id: identifier,
    price: decimal(positive),
    psr: decimal(unitInterval),
    vsr: decimal(unitInterval),
  })
  .strict();

const collateralSchema = z
  .object({
    symbol: identifier,
    token: address,
    decimals: integer(0, MAX_TOKEN_DECIMALS),
    price: decimal(positive),
    haircut: decimal(unitInterval),
    group: identifier.optional(),
  })
  .strict();

const instrumentBase = {
  id: identifier,
  group: identifier,
  mark: decimal(nonNegative),
  multiplier: decimal(positive),
  floor: decimal(nonNegative),
};

const linearSchema = z
  .object({ ...instrumentBase, kind: z.enum(["future", "perpetual"]) })
  .strict();
const optionSchema = z
  .object({
    ...instrumentBase,
    kind: z.literal("option"),
    right: z.enum(["call", "put"], { errorMap: missingOr('must be "call" or "put"') }),
    strike: decimal(positive),
    expiry: integer(0, Number.MAX_SAFE_INTEGER),
    iv: decimal(positive),
  })
  .strict();

const instrumentSchema = z.discriminatedUnion("kind", [linearSchema, optionSchema], {
  errorMap: (issue, ctx) =>
    issue.code === "invalid_union_discriminator"
      ? { message: 'kind must be "future", "perpetual" or "option"' }
      : { message: ctx.defaultError },
});

const scenarioSchema = z
  .object({
    extremeMultiple: decimal(positive).optional(),
    extremeCoverage: decimal(closedUnitInterval).optional(),
  })
  .strict();

const marketSchema = z
  .object({
    version,
    epoch: integer(0, Number.MAX_SAFE_INTEGER),
    timestamp: integer(1, Number.MAX_SAFE_INTEGER),
    groups: z.array(groupSchema, { errorMap: missingOr("must be an array") }),
    collateral: z.array(collateralSchema, { errorMap: missingOr("must be an array") }),
    instruments: z.array(instrumentSchema, { errorMap: missingOr("must be an array") }),
    scenario: scenarioSchema.optional(),
  })
  .strict();

type MarketParsed = z.infer<typeof marketSchema>;
/** A market group (risk group / underlying). */
export type MarketGroup = z.infer<typeof groupSchema>;
/** A collateral token entry. */
export type MarketCollateral = z.infer<typeof collateralSchema>;
/** An instrument entry (future, perpetual or option). */
export type MarketInstrument = z.infer<typeof instrumentSchema>;

/** A validated market.json (decimals parsed exactly; scenario defaults filled in). */
export interface Market {
  version: 1;
  epoch: number;
  timestamp: number;
  groups: MarketGroup[];
  collateral: MarketCollateral[];
  instruments: MarketInstrument[];
  scenario: { extremeMultiple: Rational; extremeCoverage: Rational };
}

// ---------------------------------------------------------------- portfolio.json / balances.json

const nonce = z
  .union([z.number(), z.string()], { errorMap: missingOr("must be a non-negative integer") })
  .transform((v, ctx): bigint => {
    let n: bigint | undefined;
    if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === "string" && /^(0|[1-9][0-9]{0,19})$/.test(v)) n = BigInt(v);
    if (n === undefined || n < 0n || n >= NONCE_LIMIT) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be an integer in 0..2^64-1 (a JSON integer or a decimal string)",
      });
      return z.NEVER;
    }
    return n;
  });

const salt = z
  .string({ errorMap: missingOr("must be a 0x-prefixed hex string") })
  .transform((s, ctx): bigint => {
    if (!/^0x[0-9a-fA-F]{1,64}$/.test(s) || BigInt(s) >= P) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be 0x-prefixed hex (at most 32 bytes) below the BN254 field modulus",
      });
      return z.NEVER;
    }
    return BigInt(s);
  });

const quantityCheck: DecimalCheck = maxDecimals(
  Q_DECIMALS,
  "1e-8 contract is the smallest unit",
  (_d, r) => (r.num === 0n ? "must not be zero (book realized P&L in cash instead)" : undefined),
);

const positionSchema = z
  .object({
    instrument: identifier,
    quantity: decimal(quantityCheck),
    costBasis: decimal(boundedUsd),
  })
  .strict();

const portfolioSchema = z
  .object({
    version,
    account: address,
    positions: z.array(positionSchema, { errorMap: missingOr("must be an array") }),
    cash: decimal(boundedUsd),
    nonce,
    salt,
  })
  .strict();

/** A validated portfolio.json. */
export type Portfolio = z.infer<typeof portfolioSchema>;
/** One validated position. */
export type PortfolioPosition = z.infer<typeof positionSchema>;

const balancesSchema = z
  .object({
    version,
    account: address,
    balances: z.record(z.string(), decimal(nonNegative), {
      errorMap: missingOr("must be an object: symbol -> amount"),
    }),
  })
  .strict();

/** A validated balances.json. */
export type Balances = z.infer<typeof balancesSchema>;

// ---------------------------------------------------------------- parsing

function toInputError(file: string, error: z.ZodError): InputError {
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

function parseWith<T extends z.ZodTypeAny>(schema: T, json: unknown, file: string): z.output<T> {
  const r = schema.safeParse(json);
  if (!r.success) throw toInputError(file, r.error);
  return r.data;
}

function firstDuplicate(values: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    if (seen.has(values[i])) return i;
    seen.add(values[i]);
  }
  return -1;
}

/**
 * Validates a parsed market.json. Throws {@link InputError} naming `file`, the JSON path
 * and the rule. Checks the schema, duplicate group ids / instrument ids / collateral
 * symbols / tokens, unknown group references, and `extremeMultiple x psr < 1` (every
 * scenario price stays positive).
 */
export function parseMarket(json: unknown, file = "market.json"): Market {
  const m: MarketParsed = parseWith(marketSchema, json, file);
  const fail = (path: Array<string | number>, rule: string): never => {
    throw new InputError(file, formatPath(path), rule);
  };
  const groupIds = m.groups.map((g) => g.id);
  let d = firstDuplicate(groupIds);
  if (d >= 0) fail(["groups", d, "id"], `duplicate group id "${groupIds[d]}"`);
  d = firstDuplicate(m.instruments.map((i) => i.id));
  if (d >= 0) fail(["instruments", d, "id"], `duplicate instrument id "${m.instruments[d].id}"`);
  d = firstDuplicate(m.collateral.map((c) => c.symbol));
  if (d >= 0)
    fail(["collateral", d, "symbol"], `duplicate collateral symbol "${m.collateral[d].symbol}"`);
  d = firstDuplicate(m.collateral.map((c) => c.token.toLowerCase()));
  if (d >= 0) fail(["collateral", d, "token"], "duplicate collateral token address");
  m.collateral.forEach((c, j) => {
    if (BigInt(c.token) === 0n)
      fail(["collateral", j, "token"], "the zero address marks an empty slot");
    if (c.group !== undefined && !groupIds.includes(c.group))
      fail(["collateral", j, "group"], `unknown group "${c.group}"`);
  });
  m.instruments.forEach((inst, i) => {
    if (!groupIds.includes(inst.group))
      fail(["instruments", i, "group"], `unknown group "${inst.group}"`);
  });
  const extremeMultiple = m.scenario?.extremeMultiple
    ? decimalToRational(m.scenario.extremeMultiple)
    : DEFAULT_EXTREME_MULTIPLE;
  const extremeCoverage = m.scenario?.extremeCoverage
    ? decimalToRational(m.scenario.extremeCoverage)
    : DEFAULT_EXTREME_COVERAGE;
  const xMax = cmp(extremeMultiple, ONE) > 0 ? extremeMultiple : ONE;
  m.groups.forEach((g, i) => {
    if (cmp(mul(decimalToRational(g.psr), xMax), ONE) >= 0) {
      fail(
        ["groups", i, "psr"],
        "psr x extremeMultiple must be below 1 (scenario prices must stay positive)",
      );
    }
  });
  return {
    version: 1,
    epoch: m.epoch,
    timestamp: m.timestamp,
    groups: m.groups,
    collateral: m.collateral,
    instruments: m.instruments,
    scenario: { extremeMultiple, extremeCoverage },
  };
}

/** Validates a parsed portfolio.json (schema, duplicate instruments). */
export function parsePortfolio(json: unknown, file = "portfolio.json"): Portfolio {
  const p = parseWith(portfolioSchema, json, file);
  const d = firstDuplicate(p.positions.map((x) => x.instrument));
  if (d >= 0) {
    throw new InputError(
      file,
      formatPath(["positions", d, "instrument"]),
      `duplicate instrument "${p.positions[d].instrument}" (merge the positions)`,
    );
  }
  return p;
}

/** Validates a parsed balances.json (schema, symbol format). */
export function parseBalances(json: unknown, file = "balances.json"): Balances {
  const b = parseWith(balancesSchema, json, file);
  for (const sym of Object.keys(b.balances)) {
    if (!ID_RE.test(sym))
      throw new InputError(
        file,
        formatPath(["balances", sym]),
        "symbol must be 1-31 characters from [A-Za-z0-9._:/+-]",
      );
  }
  return b;
}
