/**
 * A draft trade: positions the trader considers adding, and the margin report before and
 * after them for side-by-side display. draft.json is
 * `{ "version": 1, "positions": [{ "instrument", "quantity", "costBasis"? }] }`, decimals as
 * in portfolio.json; a position without a cost basis is traded at the mark (q x mark).
 */
import { z } from "zod";
import { CASH_LIMIT, Q_DECIMALS, V_DECIMALS } from "../../bounds";
import { decimalToScaled } from "../../decimal";
import { InputError, formatPath } from "../../errors";
import {
  boundedUsd,
  decimal,
  identifier,
  maxDecimals,
  missingOr,
  parseWith,
  version,
} from "../../format";
import type { IntegerBalances, IntegerPortfolio } from "../../portfolio";
import type { RiskTableFields } from "../../risk-table";
import { computeMargin } from "../compute";
import type { MarginResult } from "../types";
import { type AddedPosition, addPositions } from "./apply";
import { type WhatIfSummary, summarize } from "./health";

const draftSchema = z
  .object({
    version,
    positions: z
      .array(
        z
          .object({
            instrument: identifier,
            quantity: decimal(
              maxDecimals(Q_DECIMALS, "1e-8 contract is the smallest unit", (_d, r) =>
                r.num === 0n ? "must not be zero" : undefined,
              ),
            ),
            costBasis: decimal(boundedUsd).optional(),
          })
          .strict(),
        { errorMap: missingOr("must be an array") },
      )
      .min(1, "must hold at least one position"),
  })
  .strict();

/**
 * Validates a parsed draft.json against `table` into positions to add. Throws
 * {@link InputError} naming `file`, the path and the rule (unknown instrument included).
 */
export function parseDraft(
  json: unknown,
  table: RiskTableFields,
  file = "draft.json",
): AddedPosition[] {
  const d = parseWith(draftSchema, json, file);
  const ids = new Set(table.instruments.map((i) => i.id));
  return d.positions.map((p, k): AddedPosition => {
    if (!ids.has(p.instrument))
      throw new InputError(
        file,
        formatPath(["positions", k, "instrument"]),
        `unknown instrument "${p.instrument}" (not in the risk table of epoch ${table.epoch})`,
      );
    const q = decimalToScaled(p.quantity, Q_DECIMALS) as bigint;
    const c = p.costBasis ? (decimalToScaled(p.costBasis, V_DECIMALS) as bigint) : undefined;
    if (c !== undefined && (c < 0n ? -c : c) >= CASH_LIMIT)
      throw new InputError(file, formatPath(["positions", k, "costBasis"]), "out of range");
    return c === undefined ? { instrument: p.instrument, q } : { instrument: p.instrument, q, c };
  });
}

/** The report before and after a draft. */
export interface DraftComparison {
  before: WhatIfSummary;
  after: WhatIfSummary;
  /** The full reports (src/report formats them). */
  beforeResult: MarginResult;
  afterResult: MarginResult;
  /** The portfolio with the draft merged in. */
  portfolioAfter: IntegerPortfolio;
}

/**
 * Margin, Equity, health and what binds, before and after adding `draftPositions` to
 * `portfolio` (merged as ./apply.ts says) at `multiplierBps`. Throws an
 * {@link ArgumentError} naming `draftPositions[k]` when a position cannot be added.
 */
export function compareDraft(
  table: RiskTableFields,
  portfolio: IntegerPortfolio,
  draftPositions: readonly AddedPosition[],
  balances: IntegerBalances,
  multiplierBps: bigint,
): DraftComparison {
  const portfolioAfter = addPositions(table, portfolio, draftPositions, "draftPositions");
  const beforeResult = computeMargin(table, portfolio, balances.amounts, multiplierBps);
  const afterResult = computeMargin(table, portfolioAfter, balances.amounts, multiplierBps);
  return {
    before: summarize(beforeResult),
    after: summarize(afterResult),
    beforeResult,
    afterResult,
    portfolioAfter,
  };
}
