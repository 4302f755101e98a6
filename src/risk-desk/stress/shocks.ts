/**
 * The hypothetical-shocks file of `zkmargin stress` (docs/STRESS.md): named joint shocks of
 * the market's groups and collateral tokens.
 *
 *   { "version": 1, "scenarios": [ { "name": "crypto crash",
 *       "groups": { "BTC": { "move": "-0.40", "volFactor": "2" }, "ETH": { "move": "-0.50" } },
 *       "collateral": { "USDC": { "move": "-0.05" } } } ] }
 *
 * `move` is a simple return (new price = price x (1 + move)), > -1; `volFactor` multiplies
 * every option's implied volatility of the group, > 0. A group or token left out does not
 * move (collateral tied to a group moves with it unless given its own `move`).
 */
import { z } from "zod";
import { Decimal, Rational, cmp, decimalToRational, rat, rationalToDouble } from "../../decimal";
import { Market } from "../../schema";
import {
  DecimalCheck,
  decimal,
  failAt,
  firstDuplicate,
  identifier,
  missingOr,
  parseWith,
  positive,
  version,
} from "../../format";
import { CollateralMove, GroupMove } from "../market-move";
import { StressScenario } from "./types";

/** Longest scenario name. */
export const MAX_SCENARIO_NAME = 64;

const aboveMinusOne: DecimalCheck = (_d: Decimal, r: Rational) =>
  cmp(r, rat(-1n)) > 0 ? undefined : "must be greater than -1 (a price cannot fall to zero)";

const toDouble = (d: Decimal): number => rationalToDouble(decimalToRational(d));

const groupShock = z
  .object({ move: decimal(aboveMinusOne).optional(), volFactor: decimal(positive).optional() })
  .strict();

const collateralShock = z.object({ move: decimal(aboveMinusOne) }).strict();

const scenarioSchema = z
  .object({
    name: z
      .string({ errorMap: missingOr("must be a string") })
      .min(1, "must not be empty")
      .max(MAX_SCENARIO_NAME, `at most ${MAX_SCENARIO_NAME} characters`),
    groups: z
      .record(identifier, groupShock, { errorMap: missingOr("must be an object: group -> shock") })
      .optional(),
    collateral: z
      .record(identifier, collateralShock, {
        errorMap: missingOr("must be an object: symbol -> shock"),
      })
      .optional(),
  })
  .strict();

const shocksSchema = z
  .object({
    version,
    scenarios: z
      .array(scenarioSchema, { errorMap: missingOr("must be an array") })
      .min(1, "must list at least one scenario"),
  })
  .strict();

/** A validated shocks file (decimals exact). */
export type ShocksFile = z.infer<typeof shocksSchema>;

/**
 * Validates a parsed shocks file against `market`: the schema, unique names, every group id
 * and collateral symbol known to the market, a group shock with at least one field. Throws
 * {@link InputError} naming `file` and the path. Returns the scenarios in file order.
 */
export function parseShocks(json: unknown, market: Market, file = "shocks.json"): StressScenario[] {
  const f = parseWith(shocksSchema, json, file);
  const names = f.scenarios.map((s) => s.name);
  const dup = firstDuplicate(names);
  if (dup >= 0) failAt(file, ["scenarios", dup, "name"], `duplicate scenario name "${names[dup]}"`);
  const groups = new Set(market.groups.map((g) => g.id));
  const symbols = new Set(market.collateral.map((c) => c.symbol));
  return f.scenarios.map((s, i): StressScenario => {
    const groupMoves: Record<string, GroupMove> = {};
    const collateralMoves: Record<string, CollateralMove> = {};
    for (const [id, g] of Object.entries(s.groups ?? {})) {
      const path = ["scenarios", i, "groups", id];
      if (!groups.has(id)) failAt(file, path, `unknown group "${id}" (not in market.json)`);
      if (g.move === undefined && g.volFactor === undefined)
        failAt(file, path, 'give "move", "volFactor" or both');
      groupMoves[id] = {
        ...(g.move !== undefined ? { return: toDouble(g.move) } : {}),
        ...(g.volFactor !== undefined ? { volFactor: toDouble(g.volFactor) } : {}),
      };
    }
    for (const [sym, c] of Object.entries(s.collateral ?? {})) {
      if (!symbols.has(sym))
        failAt(
          file,
          ["scenarios", i, "collateral", sym],
          `unknown collateral symbol "${sym}" (not in market.json)`,
        );
      collateralMoves[sym] = { return: toDouble(c.move) };
    }
    return {
      name: s.name,
      kind: "hypothetical",
      move: { groups: groupMoves, collateral: collateralMoves },
    };
  });
}
