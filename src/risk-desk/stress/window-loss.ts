/**
 * The estimated loss of the whole book over each historical window: the ranking criterion of
 * the worst windows (historical.ts, docs/STRESS.md). Doubles, for ranking only.
 *
 * Every account's equity is linear in the instrument marks and collateral values
 * (Equity = HC_0 + NLV = sum a_j x price_j x (1 - haircut_j) + sum q_i x mark_i x mult_i
 * - sum c_i + cash), so a window's equities follow from the moved marks. A mark depends only
 * on its own group's price (implied volatilities and time are unchanged in a window), so
 * the marks are tabulated per group at MARK_TABLE_POINTS returns evenly spread over the
 * range of the windows' returns (each point one `moveMarket` of that group alone) and
 * interpolated linearly in between; collateral moves exactly as moveMarket moves it (its own
 * return, else its group's, else none).
 */
import { Decimal, decimalToRational, rationalToDouble } from "../../decimal";
import { Market } from "../../schema";
import { moveMarket } from "../market-move";
import type { HistoryWindow } from "./historical";
import { Book } from "./types";

/** Points of each group's mark table. */
export const MARK_TABLE_POINTS = 257;

const dbl = (d: Decimal): number => rationalToDouble(decimalToRational(d));

/** Account equities as flat linear forms: terms [start[k], start[k + 1]) of index/weight. */
interface LinearBook {
  constant: Float64Array;
  start: Int32Array;
  /** < instruments: an instrument; else instruments + collateral slot. */
  index: Int32Array;
  weight: Float64Array;
}

function linearBook(market: Market, book: Book): LinearBook {
  const inst = new Map(market.instruments.map((x, i) => [x.id, i]));
  const n = market.instruments.length;
  const coll = new Map(market.collateral.map((c, j) => [c.symbol, n + j]));
  const constant = new Float64Array(book.accounts.length);
  const start = new Int32Array(book.accounts.length + 1);
  const index: number[] = [];
  const weight: number[] = [];
  book.accounts.forEach((a, k) => {
    let c = dbl(a.portfolio.cash);
    for (const p of a.portfolio.positions) {
      c -= dbl(p.costBasis);
      const i = inst.get(p.instrument);
      if (i === undefined) continue;
      index.push(i);
      weight.push(dbl(p.quantity));
    }
    for (const [sym, amount] of Object.entries(a.balances.balances)) {
      const j = coll.get(sym);
      if (j === undefined) continue;
      index.push(j);
      weight.push(dbl(amount));
    }
    constant[k] = c;
    start[k + 1] = index.length;
  });
  return { constant, start, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

const markValues = (m: Market): number[] =>
  m.instruments.map((x) => dbl(x.mark) * dbl(x.multiplier));

/** One group's marks at `returns` (ascending), per instrument of the market. */
interface MarkTable {
  returns: number[];
  marks: number[][];
}

function markTable(market: Market, group: string, lo: number, hi: number): MarkTable {
  const n = hi > lo ? MARK_TABLE_POINTS : 1;
  const returns = Array.from({ length: n }, (_, p) =>
    n === 1 ? lo : lo + ((hi - lo) * p) / (n - 1),
  );
  const marks = returns.map((r) =>
    markValues(moveMarket(market, { groups: { [group]: { return: r } } }, "market.json")),
  );
  return { returns, marks };
}

function interpolate(t: MarkTable, r: number, i: number): number {
  const n = t.returns.length;
  if (n === 1) return t.marks[0][i];
  const lo = t.returns[0];
  const step = (t.returns[n - 1] - lo) / (n - 1);
  const p = Math.min(n - 2, Math.max(0, Math.floor((r - lo) / step)));
  const f = (r - t.returns[p]) / step;
  return t.marks[p][i] * (1 - f) + t.marks[p + 1][i] * f;
}

/** The estimated book loss of one window (the ranking criterion). */
export interface WindowLoss {
  window: HistoryWindow;
  /** Sum of the negative equities after the move (USD, estimate). */
  badDebt: number;
  /** Sum over accounts of max(0, equity before - equity after) (USD, estimate). */
  grossLoss: number;
}

/** Every window's estimated book loss, in window order. */
export function windowLosses(
  market: Market,
  book: Book,
  windows: readonly HistoryWindow[],
): WindowLoss[] {
  const b = linearBook(market, book);
  const nInst = market.instruments.length;
  const groupOf = market.instruments.map((x) => x.group);
  const tables = new Map<string, MarkTable>();
  for (const g of market.groups) {
    let lo = 0;
    let hi = 0;
    for (const w of windows) {
      const r = w.move.groups?.[g.id]?.return ?? 0;
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
    }
    tables.set(g.id, markTable(market, g.id, lo, hi));
  }
  const base = [
    ...markValues(market),
    ...market.collateral.map((c) => dbl(c.price) * (1 - dbl(c.haircut))),
  ];
  const values = new Float64Array(base.length);
  const equity = (k: number): number => {
    let e = b.constant[k];
    for (let t = b.start[k]; t < b.start[k + 1]; t++) e += b.weight[t] * values[b.index[t]];
    return e;
  };
  values.set(base);
  const before = Float64Array.from(book.accounts, (_, k) => equity(k));
  return windows.map((w) => {
    const ret = (g: string): number => w.move.groups?.[g]?.return ?? 0;
    for (let i = 0; i < nInst; i++)
      values[i] = interpolate(tables.get(groupOf[i]) as MarkTable, ret(groupOf[i]), i);
    market.collateral.forEach((c, j) => {
      const r = w.move.collateral?.[c.symbol]?.return ?? (c.group ? ret(c.group) : 0);
      values[nInst + j] = base[nInst + j] * (1 + r);
    });
    let badDebt = 0;
    let grossLoss = 0;
    for (let k = 0; k < before.length; k++) {
      const e = equity(k);
      if (e < 0) badDebt -= e;
      if (e < before[k]) grossLoss += before[k] - e;
    }
    return { window: w, badDebt, grossLoss };
  });
}
