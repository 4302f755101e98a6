/**
 * Risk tables of shifted markets, rebuilt only where a move changes them. A group's prices
 * move its own instruments and tied collateral only (src/risk-table/compile.ts values each
 * from its own group), so the table at moves {g: m_g} is the base table with, for each moved
 * group g, the leaves of g's instruments of interest and g's collateral slots taken from the
 * compilation of a sub-market: g alone, those instruments and that collateral, shifted by m_g
 * (./shift.ts). The sub-market is compiled by the same `compileRiskFields`, so the spliced
 * leaves are the ones a full rebuild gives (test/sdk/whatif-shift.test.ts checks it); leaves
 * of instruments outside the set keep their base values and must not be read. Compilations
 * are cached per (group, move), so "all groups together" at m reuses each group's at m.
 */
import { compileRiskFields, type RiskTableFields } from "../../risk-table";
import type { Market } from "../../schema";
import { type GroupMoves, shiftMarket } from "./shift";

interface GroupPart {
  /** [base leaf index, compiled leaf] pairs. */
  instruments: Array<[number, RiskTableFields["instruments"][number]]>;
  /** [base slot, compiled slot] pairs. */
  collateral: Array<[number, RiskTableFields["collateral"][number]]>;
  price: string;
}

/** Tables of `market` at moves, for the instruments with leaf indices `indices`. */
export class ShiftedTables {
  readonly base: RiskTableFields;
  private readonly cache = new Map<string, GroupPart>();
  private readonly subMarkets = new Map<
    string,
    { market: Market; leaves: number[]; slots: number[] }
  >();
  /** Sub-market compilations done (a measure of the work). */
  compilations = 0;

  constructor(
    private readonly market: Market,
    private readonly instanceName: string,
    indices: Iterable<number>,
    file = "market.json",
  ) {
    this.base = compileRiskFields(market, instanceName, file);
    const wanted = new Set(indices);
    for (const g of market.groups) {
      const leaves = market.instruments
        .map((inst, i) => (inst.group === g.id && wanted.has(i) ? i : -1))
        .filter((i) => i >= 0);
      const slots = market.collateral
        .map((c, j) => (c.group === g.id ? j : -1))
        .filter((j) => j >= 0);
      this.subMarkets.set(g.id, {
        market: {
          ...market,
          groups: [g],
          instruments: leaves.map((i) => market.instruments[i]),
          collateral: slots.map((j) => market.collateral[j]),
        },
        leaves,
        slots,
      });
    }
  }

  private part(group: string, bps: number): GroupPart {
    const key = `${group}\u0000${bps}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const sub = this.subMarkets.get(group);
    if (!sub) throw new RangeError(`unknown group ${group}`);
    const shifted = shiftMarket(sub.market, { [group]: bps });
    const t = compileRiskFields(
      shifted,
      this.instanceName,
      `market.json moved ${group} ${bps} bps`,
    );
    this.compilations++;
    const part: GroupPart = {
      instruments: sub.leaves.map((leaf, k) => [leaf, t.instruments[k]]),
      collateral: sub.slots.map((slot, k) => [slot, t.collateral[k]]),
      price: t.groups[0].price,
    };
    this.cache.set(key, part);
    return part;
  }

  /** The table at `moves` (exact for the instruments of interest and all collateral). */
  at(moves: GroupMoves): RiskTableFields {
    const moved = Object.entries(moves).filter(([, bps]) => bps !== 0);
    if (moved.length === 0) return this.base;
    const instruments = this.base.instruments.slice();
    const collateral = this.base.collateral.slice();
    const groups = this.base.groups.slice();
    for (const [id, bps] of moved) {
      const part = this.part(id, bps);
      for (const [leaf, c] of part.instruments) {
        const b = instruments[leaf];
        instruments[leaf] = { ...b, mark: c.mark, floor: c.floor, risk: c.risk };
      }
      for (const [slot, c] of part.collateral) {
        collateral[slot] = { ...collateral[slot], unitValues: c.unitValues };
      }
      const gi = groups.findIndex((g) => g.id === id);
      groups[gi] = { ...groups[gi], price: part.price };
    }
    return { ...this.base, groups, instruments, collateral };
  }
}
