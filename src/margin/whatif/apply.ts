/**
 * Positions added to a portfolio, in integers: what a trade (a draft, or a quantity being
 * sized) does to the portfolio before the margin maths runs again. An added position on an
 * instrument already held is merged (quantities and cost bases add; a position that nets to
 * zero leaves its slot, its cost basis booked in cash); a new one takes the next slot, at most the instance's N.
 */
import { Q_LIMIT } from "../../bounds";
import { ArgumentError } from "../../errors";
import type { IntegerPortfolio, PositionSlot } from "../../portfolio";
import type { RiskTableFields } from "../../risk-table";

/** A position to add: instrument id, quantity (1e-8 contracts, signed) and cost basis (V). */
export interface AddedPosition {
  instrument: string;
  q: bigint;
  /** Cost basis in V; omitted: traded at the mark, c = q x mark (Equity unchanged). */
  c?: bigint;
}

/** The leaf of `instrument` in `table`; ArgumentError naming `name` when unknown. */
export function leafOf(
  table: RiskTableFields,
  instrument: string,
  name: string,
): RiskTableFields["instruments"][number] {
  const inst = table.instruments.find((i) => i.id === instrument);
  if (!inst)
    throw new ArgumentError(name, `unknown instrument "${instrument}" (not in the risk table)`);
  return inst;
}

/**
 * `portfolio` with `added` merged in. Throws an {@link ArgumentError} naming
 * `name[k]` for an unknown instrument, a quantity past 2^64 or a slot past N.
 */
export function addPositions(
  table: RiskTableFields,
  portfolio: IntegerPortfolio,
  added: readonly AddedPosition[],
  name = "positions",
): IntegerPortfolio {
  const positions: PositionSlot[] = portfolio.positions.map((p) => ({ ...p }));
  added.forEach((a, k) => {
    const inst = leafOf(table, a.instrument, `${name}[${k}].instrument`);
    const c = a.c ?? a.q * inst.mark;
    const held = positions.findIndex((p) => p.index === inst.index);
    if (held >= 0) {
      positions[held] = {
        ...positions[held],
        q: positions[held].q + a.q,
        c: positions[held].c + c,
      };
    } else {
      positions.push({
        instrument: inst.id,
        instrumentId: inst.idField,
        index: inst.index,
        q: a.q,
        c,
      });
    }
  });
  // a position netted to zero leaves its slot; its cost basis stays in the NLV as cash
  let cash = portfolio.cash;
  for (const p of positions) if (p.q === 0n) cash -= p.c;
  const kept = positions.filter((p) => p.q !== 0n);
  kept.forEach((p) => {
    if ((p.q < 0n ? -p.q : p.q) >= Q_LIMIT)
      throw new ArgumentError(
        `${name}`,
        `the position in ${p.instrument} would reach 2^64 x 1e-8 contracts (the quantity bound)`,
      );
  });
  if (kept.length > table.instance.N)
    throw new ArgumentError(
      name,
      `${kept.length} positions exceed the ${table.instance.N} position slots of circuit instance "${table.instance.name}"`,
    );
  return { ...portfolio, positions: kept, cash };
}
