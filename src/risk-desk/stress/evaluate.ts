/**
 * Every account of the book under one scenario, with the exact SDK (docs/STRESS.md): the
 * shocked market `moveMarket(market, move)` is compiled once per scenario
 * (`compileRiskFields`, no hashing), then `computeMargin` runs per account at the
 * maintenance multiplier. Equity after the shock, shortfall = max(0, -equity), solvency and
 * health come straight from the integer margin result.
 */
import { ArgumentError } from "../../errors";
import { BPS } from "../../bounds";
import { MarginResult, computeMargin } from "../../margin";
import { RiskTableFields, compileRiskFields } from "../../risk-table";
import { Market } from "../../schema";
import { MarketMove, moveMarket } from "../market-move";
import { sameLayout } from "./book";
import { AccountOutcome, IntegerAccount } from "./types";

/** Default maintenance multiplier of the stress test: 1.0 (10000 bps). */
export const DEFAULT_STRESS_MULTIPLIER_BPS = 10000n;

/**
 * The compiled fields of `market` moved by `move` (one scenario or one step toward it).
 * `label` names the scenario in errors. Throws {@link ArgumentError} when the moved market
 * does not keep the base layout (it always does: moveMarket keeps instruments and slots).
 */
export function compileMoved(
  market: Market,
  move: MarketMove,
  base: RiskTableFields,
  label: string,
): RiskTableFields {
  const moved = moveMarket(market, move, `market.json moved by ${label}`);
  const fields = compileRiskFields(moved, base.instance.name, `market.json moved by ${label}`);
  if (!sameLayout(base, fields))
    throw new ArgumentError("move", `${label}: the moved market changed the instrument layout`);
  return fields;
}

/** The margin result of one account in a compiled market at `multiplierBps`. */
export function marginOf(
  fields: RiskTableFields,
  account: IntegerAccount,
  multiplierBps: bigint,
): MarginResult {
  return computeMargin(fields, account.portfolio, account.balances.amounts, multiplierBps);
}

/** Every account's margin result in the base (unshocked) market. */
export function baseMargins(
  base: RiskTableFields,
  accounts: readonly IntegerAccount[],
  multiplierBps: bigint,
): MarginResult[] {
  return accounts.map((a) => marginOf(base, a, multiplierBps));
}

/** Equity / MM in basis points (truncated toward zero), or null when MM = 0. */
export function healthBps(r: MarginResult): bigint | null {
  return r.maintenanceMargin === 0n ? null : (r.equity * BPS) / r.maintenanceMargin;
}

/**
 * Every account under the full shock compiled as `shocked`. `before[i]` is account i's
 * margin in the base market (from {@link baseMargins}).
 */
export function evaluateScenario(
  shocked: RiskTableFields,
  accounts: readonly IntegerAccount[],
  before: readonly MarginResult[],
  multiplierBps: bigint,
): AccountOutcome[] {
  return accounts.map((a, i): AccountOutcome => {
    const r = marginOf(shocked, a, multiplierBps);
    return {
      name: a.name,
      equityBefore: before[i].equity,
      equity: r.equity,
      maintenanceMargin: r.maintenanceMargin,
      shortfall: r.equity < 0n ? -r.equity : 0n,
      solventBefore: before[i].solvent,
      solvent: r.solvent,
      healthBps: healthBps(r),
    };
  });
}
