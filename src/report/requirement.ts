/**
 * What the margin report adds at its multiplier M: the requirement (M x MM, rounded up to a
 * whole V as the circuit's check `10000 * Equity >= M * MM` implies for an integer Equity),
 * the excess or shortfall (Equity - requirement) and the largest withdrawable amount of each
 * collateral token held: the most base units of token j that can leave, every other balance
 * unchanged, while the account stays solvent at M.
 *
 * The withdrawable amount is found exactly on the integers of the margin maths: taking w base
 * units of token j lowers e_j (piecewise linear with the haircut tiers), so
 * 10^4 Equity - M MM is concave in e_j (a wrong-way token also lowers MM) and the amounts w
 * that stay solvent form one interval from 0 (src/margin/whatif/collateral.ts argues the same);
 * a bisection over base units finds its upper end. An insolvent account can withdraw nothing.
 */
import { BPS } from "../bounds";
import { formatScaled } from "../decimal";
import { type MarginResult, computeMargin, solventAt } from "../margin";
import type { IntegerBalances, IntegerPortfolio } from "../portfolio";
import type { RiskTableFields } from "../risk-table";
import { formatMultiplier, money, usd } from "./format";

export interface Withdrawable {
  slot: number;
  symbol: string;
  decimals: number;
  /** The balance held (base units). */
  balance: bigint;
  /** The most base units that can leave while solvent at the multiplier (0..balance). */
  amount: bigint;
}

export interface RequirementSummary {
  multiplier: bigint;
  /** ceil(M x MM / 10^4) in V: the least Equity solvent at M. */
  requirement: bigint;
  /** Equity - requirement in V: >= 0 an excess, < 0 a shortfall. */
  excess: bigint;
  /** Per collateral token held (non-zero balance), in slot order. */
  withdrawable: Withdrawable[];
}

/** The requirement, excess and withdrawable amounts of `r` (computed at `r.multiplier`). */
export function requirementSummary(
  table: RiskTableFields,
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  r: MarginResult,
): RequirementSummary {
  const m = r.multiplier;
  const scaled = m * r.maintenanceMargin;
  const requirement = scaled <= 0n ? 0n : (scaled + BPS - 1n) / BPS;
  const withdrawable: Withdrawable[] = [];
  for (const c of table.collateral) {
    const balance = balances.amounts[c.slot] ?? 0n;
    if (balance === 0n) continue;
    const ok = (w: bigint): boolean => {
      const amounts = balances.amounts.slice();
      amounts[c.slot] = balance - w;
      return solventAt(computeMargin(table, portfolio, amounts, m), m);
    };
    let amount = 0n;
    if (r.solvent) {
      if (ok(balance)) amount = balance;
      else {
        let lo = 0n; // solvent
        let hi = balance; // not solvent
        while (hi - lo > 1n) {
          const mid = (lo + hi) / 2n;
          if (ok(mid)) lo = mid;
          else hi = mid;
        }
        amount = lo;
      }
    }
    withdrawable.push({ slot: c.slot, symbol: c.symbol, decimals: c.decimals, balance, amount });
  }
  return { multiplier: m, requirement, excess: r.equity - requirement, withdrawable };
}

/** The summary as JSON (decimal strings, raw integers under `raw`). */
export function requirementJson(s: RequirementSummary): unknown {
  return {
    multiplier: formatMultiplier(s.multiplier),
    requirement: usd(s.requirement),
    excess: usd(s.excess),
    withdrawable: Object.fromEntries(
      s.withdrawable.map((w) => [w.symbol, formatScaled(w.amount, w.decimals)]),
    ),
    raw: {
      requirement: s.requirement.toString(),
      excess: s.excess.toString(),
      withdrawable: Object.fromEntries(s.withdrawable.map((w) => [w.symbol, w.amount.toString()])),
    },
  };
}

/** The summary as a short block of text lines (printed after the margin report). */
export function formatRequirementText(s: RequirementSummary): string {
  const m = formatMultiplier(s.multiplier, 2);
  const rows: Array<[string, string, string]> = [
    [`Requirement (${m} x MM)`, `${money(s.requirement)} USD`, ""],
    s.excess >= 0n
      ? ["Excess (Equity - requirement)", `${money(s.excess)} USD`, ""]
      : [
          "Shortfall (requirement - Equity)",
          `${money(-s.excess)} USD`,
          "add collateral or reduce positions",
        ],
  ];
  for (const w of s.withdrawable)
    rows.push([
      `Withdrawable ${w.symbol}`,
      `${formatScaled(w.amount, w.decimals)} ${w.symbol}`,
      w.amount === w.balance ? "all of it" : `of ${formatScaled(w.balance, w.decimals)}`,
    ]);
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `  ${c}` : ""}`);
  return (
    [`At multiplier ${m} (each token alone, the others unchanged):`, ...lines].join("\n") + "\n"
  );
}
