/**
 * Strict schemas of the human JSON files (SPEC section 5): market.json, portfolio.json,
 * balances.json. Validation errors become {@link InputError}s naming file, path, rule.
 *
 * Decimal values are parsed exactly into {@link Decimal}s here; checks that need the risk
 * table or the circuit instance (token decimals, slot counts, bounds of scaled values)
 * live in risk-table.ts and portfolio.ts.
 */
import { z } from "zod";
import { Rational, cmp, decimalToRational, mul, ONE, ZERO } from "./decimal";
import { InputError, formatPath } from "./errors";
import { ID_RE } from "./field";
import { CORRELATION_DECIMALS, MAX_TIERS, MAX_TOKEN_DECIMALS, Q_DECIMALS } from "./bounds";
import {
  DecimalCheck,
  address,
  boundedUsd,
  closedUnitInterval,
  decimal,
  firstDuplicate,
  identifier,
  integer,
  maxDecimals,
  missingOr,
  nonNegative,
  nonce,
  parseWith,
  positive,
  salt,
  unitInterval,
  version,
} from "./format";
import { DEFAULT_EXTREME_COVERAGE, DEFAULT_EXTREME_MULTIPLE } from "./scenarios";
import { MarketInstrument, instrumentSchema } from "./instruments";

// ---------------------------------------------------------------- market.json

const groupSchema = z
  .object({
    id: identifier,
    price: decimal(positive),
    psr: decimal(unitInterval),
    vsr: decimal(unitInterval),
    vsrTenor: z
      .object(
        { days: decimal(positive), power: decimal(nonNegative) },
        {
          errorMap: missingOr('must be an object { "days", "power" }'),
        },
      )
      .strict()
      .optional(),
    correlation: decimal(
      maxDecimals(CORRELATION_DECIMALS, "1 basis point is the smallest unit", closedUnitInterval),
    ).optional(),
  })
  .strict();

const tierSchema = z
  .object(
    { above: decimal(positive), haircut: decimal(unitInterval) },
    { errorMap: missingOr('must be an object { "above", "haircut" }') },
  )
  .strict();

const collateralSchema = z
  .object({
    symbol: identifier,
    token: address,
    decimals: integer(0, MAX_TOKEN_DECIMALS),
    price: decimal(positive),
    haircut: decimal(unitInterval),
    group: identifier.optional(),
    tiers: z
      .array(tierSchema, { errorMap: missingOr("must be an array of tiers") })
      .min(1, `must hold 1 to ${MAX_TIERS} tiers (omit it for none)`)
      .max(MAX_TIERS, `must hold 1 to ${MAX_TIERS} tiers`)
      .optional(),
  })
  .strict();

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
/** An instrument entry: one of the kinds of src/instruments/registry.ts. */
export type { MarketInstrument };

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
    checkTiers(c, j, fail);
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

/**
 * The rules of `collateral[j].tiers` the schema cannot see alone: `above` in the token's
 * base units, strictly increasing; haircuts non-decreasing from the token's own.
 */
function checkTiers(
  c: MarketCollateral,
  j: number,
  fail: (path: Array<string | number>, rule: string) => never,
): void {
  let above = ZERO;
  let haircut = decimalToRational(c.haircut);
  (c.tiers ?? []).forEach((t, i) => {
    const at = (field: string) => ["collateral", j, "tiers", i, field];
    if (t.above.scale > c.decimals)
      fail(at("above"), `more than ${c.decimals} decimals (the token's base unit is the smallest)`);
    const a = decimalToRational(t.above);
    if (cmp(a, above) <= 0)
      fail(at("above"), "must be greater than the previous tier's (strictly increasing)");
    const h = decimalToRational(t.haircut);
    if (cmp(h, haircut) < 0)
      fail(
        at("haircut"),
        i === 0
          ? "must be at least the token's own haircut"
          : "must be at least the previous tier's (non-decreasing)",
      );
    above = a;
    haircut = h;
  });
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

/** The zod schemas of the human files, for scripts/schemas.ts (docs/schema/*.schema.json). */
export const FILE_SCHEMAS = {
  portfolio: portfolioSchema,
  balances: balancesSchema,
  market: marketSchema,
};
