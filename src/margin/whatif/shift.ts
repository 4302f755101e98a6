/**
 * A market shifted by relative price moves of its groups, in exact decimal arithmetic: the
 * market data the what-if tools (./distance.ts) re-run the margin maths on.
 *
 * A move is an integer number of basis points m (-10000 < m), so every moved price is
 * P x (10000 + m) / 10000, an exact decimal with 4 more decimals than P: no rounding. For a
 * moved group g:
 *  - the group price, and the price of every collateral token tied to g (`collateral[].group`,
 *    the wrong-way link of SPEC 7.1), are multiplied by (1 + m) exactly;
 *  - a linear instrument's (future, perpetual) mark is multiplied by (1 + m) exactly: its
 *    model value (src/instruments/linear.ts) is mark x F / P_g;
 *  - an option's mark moves by the change of its model value, the one the risk table values
 *    scenarios with (src/risk-table/compile.ts: Black-76 at the same iv and expiry, zero
 *    rate; intrinsic once expired): mark' = mark + V(F') - V(F), rounded half away from zero
 *    to 1e-8 USD (the rule of src/risk-desk/market-move.ts) and floored at 0. The quote's
 *    distance from the model is kept, so a zero move leaves every mark unchanged.
 * Implied volatilities, psr, vsr, floors, concentration, haircuts, epoch and timestamp are
 * unchanged: a shift is a move of prices only.
 */
import { Decimal, ZERO, add, cmp, decimalToRational, mul, pow10, rat, sub } from "../../decimal";
import { roundHalfAwayRat } from "../../decimal";
import { ArgumentError } from "../../errors";
import type { Market, MarketCollateral, MarketGroup, MarketInstrument } from "../../schema";
import { instrumentKind } from "../../instruments";
import { MARK_DECIMALS } from "../../risk-desk/market-move";

/** Relative price moves by group id, integer basis points (-10000 < m <= MOVE_BPS_MAX). */
export type GroupMoves = Readonly<Record<string, number>>;

/** The largest move down (a price must stay positive): -99.99 %. */
export const MOVE_BPS_MIN = -9999;
/** The largest move up: +10,000 % (x 101). */
export const MOVE_BPS_MAX = 1_000_000;

const BPS = 10000n;

/** Throws an {@link ArgumentError} naming `name` unless `bps` is a move in range. */
export function checkMove(bps: number, name: string): void {
  if (!Number.isSafeInteger(bps) || bps < MOVE_BPS_MIN || bps > MOVE_BPS_MAX)
    throw new ArgumentError(
      name,
      `must be an integer number of basis points in ${MOVE_BPS_MIN}..${MOVE_BPS_MAX}`,
    );
}

/** d x (10000 + bps) / 10000, exact, trailing zeros removed. */
export function scaleDecimal(d: Decimal, bps: number): Decimal {
  let units = d.units * (BPS + BigInt(bps));
  let scale = d.scale + 4;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

/** The option's mark after its group moved from `price` by `bps` (see the file comment). */
function shiftedOptionMark(
  inst: MarketInstrument,
  group: MarketGroup,
  bps: number,
  timestamp: number,
): Decimal {
  const kind = instrumentKind(inst.kind);
  const groupPrice = decimalToRational(group.price);
  const at = {
    timestamp,
    groupPrice,
    vol: "none" as const,
    vsr: decimalToRational(group.vsr),
  };
  const before = kind.value(inst, { ...at, forward: groupPrice });
  const after = kind.value(inst, {
    ...at,
    forward: decimalToRational(scaleDecimal(group.price, bps)),
  });
  const moved = add(decimalToRational(inst.mark), sub(after, before));
  if (cmp(moved, ZERO) <= 0) return { units: 0n, scale: 0 };
  let units = roundHalfAwayRat(mul(moved, rat(pow10(MARK_DECIMALS))));
  let scale = MARK_DECIMALS;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

function shiftedInstrument(
  inst: MarketInstrument,
  group: MarketGroup,
  bps: number,
  timestamp: number,
): MarketInstrument {
  if (bps === 0) return inst;
  const mark =
    inst.kind === "option"
      ? shiftedOptionMark(inst, group, bps, timestamp)
      : scaleDecimal(inst.mark, bps);
  return { ...inst, mark };
}

function shiftedCollateral(c: MarketCollateral, moves: GroupMoves): MarketCollateral {
  const bps = c.group === undefined ? 0 : (moves[c.group] ?? 0);
  return bps === 0 ? c : { ...c, price: scaleDecimal(c.price, bps) };
}

/**
 * `market` with group g's price moved by `moves[g]` basis points (groups not named stay),
 * every instrument of g re-marked and every collateral token tied to g re-priced as the file
 * comment says. Throws an {@link ArgumentError} naming `moves.<id>` for an unknown group or
 * a move out of range. `shiftMarket(m, {})` returns the same data.
 */
export function shiftMarket(market: Market, moves: GroupMoves): Market {
  const ids = new Set(market.groups.map((g) => g.id));
  for (const [id, bps] of Object.entries(moves)) {
    if (!ids.has(id)) throw new ArgumentError(`moves.${id}`, "unknown group");
    checkMove(bps, `moves.${id}`);
  }
  const byId = new Map(market.groups.map((g) => [g.id, g]));
  return {
    ...market,
    groups: market.groups.map((g) =>
      moves[g.id] ? { ...g, price: scaleDecimal(g.price, moves[g.id]) } : g,
    ),
    collateral: market.collateral.map((c) => shiftedCollateral(c, moves)),
    instruments: market.instruments.map((inst) =>
      shiftedInstrument(
        inst,
        byId.get(inst.group) as MarketGroup,
        moves[inst.group] ?? 0,
        market.timestamp,
      ),
    ),
  };
}
