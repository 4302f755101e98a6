/**
 * Two what-if answers of section 4 on the loaded risk table (no market needed): the smallest
 * amount of a collateral token to add to reach a target health (the SDK's collateralToReach)
 * and the largest quantity of an instrument, picked from the risk table, to buy or sell while
 * health stays at the target (maxQuantity). Health is Equity / (M x MM) at the multiplier
 * chosen (maintenance or initial, ./params.ts). Answers shown are recomputed on every report.
 */
import {
  type RiskTable,
  collateralToReach,
  formatHealth,
  formatMultiplier,
  formatScaled,
  maxQuantity,
  parseHealth,
} from "../../src/browser";
import { describe, el, input, say } from "../dom";
import { state } from "../state";
import { multipliers } from "./params";

/** The target: health X (bps) at the multiplier chosen (bps). */
export function target(): { health: bigint; multiplier: bigint } {
  const health = parseHealth(input("wi-health").value.trim(), "target health");
  const m = multipliers();
  if (!m) throw new Error("multiplier: the multiplier of section 3 must be a decimal such as 1.0");
  const which = el<HTMLSelectElement>("wi-multiplier").value;
  return { health, multiplier: which === "maintenance" ? m.maintenance : m.initial };
}

const x = (m: bigint) => `×${formatMultiplier(m, 1)}`;

/** Fills a select with `values`, keeping the selection when it is still offered. */
export function fillSelect(id: string, values: Array<[string, string]>): void {
  const s = el<HTMLSelectElement>(id);
  const keep = s.value;
  const same =
    s.options.length === values.length &&
    values.every(([v, t], i) => s.options[i].value === v && s.options[i].textContent === t);
  if (!same) {
    s.replaceChildren(
      ...values.map(([v, text]) => {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = text;
        return o;
      }),
    );
    if (values.some(([v]) => v === keep)) s.value = keep;
  }
}

/** The instruments of the risk table as select options. */
export function instrumentOptions(table: RiskTable): Array<[string, string]> {
  return table.instruments.map((i) => [i.id, `${i.id} (${i.kind})`]);
}

function outcome(id: string, text: string, data: Record<string, string>): void {
  say(id, text, "ok");
  const p = el(id);
  for (const k of Object.keys(p.dataset)) if (k !== "kind") delete p.dataset[k];
  Object.assign(p.dataset, data);
}

let asked = { collateral: false, quantity: false };

/** "Add collateral to reach health X". */
export function answerCollateral(): void {
  asked.collateral = true;
  const { table, portfolio, balances } = state;
  if (!table || !portfolio || !balances) {
    say("wi-collateral-out", "Load the book (section 2) first.", "info");
    return;
  }
  try {
    const t = target();
    const slot = Number(el<HTMLSelectElement>("wi-token").value);
    const c = collateralToReach(table, portfolio, balances, t.multiplier, t.health, slot);
    const goal = `health ${formatHealth(c.targetHealth)} at ${x(c.multiplier)}`;
    const data = {
      reached: String(c.reached),
      amount: c.amount === null ? "" : c.amount.toString(),
      symbol: c.symbol,
    };
    if (c.amount === null)
      outcome(
        "wi-collateral-out",
        `Not reachable with ${c.symbol}: no amount below the 2^100 bound reaches ${goal} (health now ${formatHealth(c.healthBefore)}).`,
        data,
      );
    else if (c.amount === 0n)
      outcome(
        "wi-collateral-out",
        `Nothing to add: health is ${formatHealth(c.healthBefore)}, at least ${goal}.`,
        data,
      );
    else
      outcome(
        "wi-collateral-out",
        `Add ${formatScaled(c.amount, c.decimals)} ${c.symbol} (${c.amount} base units) to reach ${goal}: ` +
          `health ${formatHealth(c.healthBefore)} → ${formatHealth(c.healthAfter)}.`,
        data,
      );
  } catch (e) {
    say("wi-collateral-out", describe(e), "error");
  }
}

/** "Largest quantity of instrument I that keeps health above X". */
export function answerQuantity(): void {
  asked.quantity = true;
  const { table, portfolio, balances } = state;
  if (!table || !portfolio || !balances) {
    say("wi-maxq-out", "Load the book (section 2) first.", "info");
    return;
  }
  try {
    const t = target();
    const id = el<HTMLSelectElement>("wi-instrument").value;
    const side = input("wi-sell").checked ? "sell" : "buy";
    const q = maxQuantity(table, portfolio, balances, t.multiplier, id, t.health, side);
    const goal = `health ${formatHealth(q.targetHealth)} at ${x(q.multiplier)}`;
    const data = {
      status: q.status,
      quantity: q.quantity === null ? "" : q.quantity.toString(),
      instrument: q.instrument,
      side: q.side,
    };
    if (q.status === "below-target")
      outcome(
        "wi-maxq-out",
        `No ${q.side} keeps ${goal}: health is ${formatHealth(q.healthBefore)} already.`,
        data,
      );
    else if (q.status === "no-free-slot")
      outcome(
        "wi-maxq-out",
        `${q.instrument} is not held and every position slot of the instance is taken.`,
        data,
      );
    else
      outcome(
        "wi-maxq-out",
        `${q.side === "buy" ? "Buy" : "Sell"} at most ${formatScaled(q.quantity as bigint, 8)} ${q.instrument} ` +
          `(at its mark) keeping ${goal}: health ${formatHealth(q.healthBefore)} → ${formatHealth(q.healthAfter)}` +
          `${q.atQuantityBound ? " (stopped by the 2^64 quantity bound, not by health)" : ""}.`,
        data,
      );
  } catch (e) {
    say("wi-maxq-out", describe(e), "error");
  }
}

/** After a report: refresh the pickers, recompute the answers already asked for. */
export function refreshAnswers(): void {
  const table = state.table;
  if (table) {
    fillSelect(
      "wi-token",
      table.collateral.map((c) => [String(c.slot), c.symbol]),
    );
    fillSelect("wi-instrument", instrumentOptions(table));
  }
  const m = multipliers();
  if (m)
    fillSelect("wi-multiplier", [
      ["initial", `initial ${x(m.initial)}`],
      ["maintenance", `maintenance ${x(m.maintenance)}`],
    ]);
  if (asked.collateral) answerCollateral();
  if (asked.quantity) answerQuantity();
}

/** Forgets the answers (a new risk table). */
export function resetAnswers(): void {
  asked = { collateral: false, quantity: false };
  say("wi-collateral-out", "");
  say("wi-maxq-out", "");
}
