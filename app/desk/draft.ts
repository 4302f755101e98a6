/**
 * A draft position in section 4: an instrument of the risk table, a signed quantity (negative
 * sells) and an optional cost basis (at the mark without one), validated as draft.json
 * (the SDK's parseDraft) and shown as the report before and after it, side by side (the
 * SDK's compareDraft): equity, maintenance margin, health and solvency at the multiplier
 * chosen, and what binds.
 */
import {
  type DraftComparison,
  type RiskTable,
  type WhatIfSummary,
  compareDraft,
  formatHealth,
  formatMultiplier,
  money,
  parseDraft,
} from "../../src/browser";
import { describe, el, h, input, say } from "../dom";
import { state } from "../state";
import { target } from "./answers";
import { bindingText } from "./words";

let asked = false;

/** The figures of one side, as shown (and compared by the tests). */
export function summaryCells(table: RiskTable, s: WhatIfSummary): Record<string, string> {
  return {
    equity: `${money(s.equity)} USD`,
    mm: `${money(s.maintenanceMargin)} USD`,
    health: formatHealth(s.health),
    solvent: s.solvent ? "yes" : "no",
    binds: bindingText(table, s.binding),
  };
}

function sideBySide(table: RiskTable, d: DraftComparison): HTMLTableElement {
  const m = `×${formatMultiplier(d.before.multiplier, 1)}`;
  const before = summaryCells(table, d.before);
  const after = summaryCells(table, d.after);
  const rows: Array<[string, string]> = [
    ["equity", "Equity"],
    ["mm", "Maintenance margin"],
    ["health", `Health (equity / (${m} MM))`],
    ["solvent", `Solvent at ${m}`],
    ["binds", "Binds"],
  ];
  return h(
    "table",
    { class: "data draft", id: "wi-draft-table" },
    h("caption", {}, "The report before and after the draft"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Figure"),
        h("th", { scope: "col" }, "Before"),
        h("th", { scope: "col" }, "After"),
      ),
    ),
    h(
      "tbody",
      {},
      ...rows.map(([k, label]) =>
        h(
          "tr",
          { "data-figure": k },
          h("th", { scope: "row" }, label),
          h("td", { "data-side": "before" }, before[k]),
          h("td", { "data-side": "after" }, after[k]),
        ),
      ),
    ),
  );
}

/** Compares the report before and after the draft position typed in. */
export function answerDraft(): void {
  asked = true;
  const { table, portfolio, balances } = state;
  const out = el("wi-draft-out");
  if (!table || !portfolio || !balances) {
    out.replaceChildren();
    say("wi-draft-message", "Load the book (section 2) first.", "info");
    return;
  }
  try {
    const t = target();
    const cost = input("wi-draft-cost").value.trim();
    const json = {
      version: 1,
      positions: [
        {
          instrument: el<HTMLSelectElement>("wi-draft-instrument").value,
          quantity: input("wi-draft-qty").value.trim(),
          ...(cost ? { costBasis: cost } : {}),
        },
      ],
    };
    const positions = parseDraft(json, table, "draft position");
    const d = compareDraft(table, portfolio, positions, balances, t.multiplier);
    out.replaceChildren(sideBySide(table, d));
    say("wi-draft-message", "");
  } catch (e) {
    out.replaceChildren();
    say("wi-draft-message", describe(e), "error");
  }
}

/** Fills the draft form with a trade (e.g. the largest one found). */
export function draftTrade(instrument: string, quantity: string): void {
  el<HTMLSelectElement>("wi-draft-instrument").value = instrument;
  input("wi-draft-qty").value = quantity;
  input("wi-draft-cost").value = "";
  answerDraft();
}

/** After a report: recompute the comparison shown. */
export function refreshDraft(): void {
  if (asked) answerDraft();
}

/** Forgets the comparison (a new risk table). */
export function resetDraft(): void {
  asked = false;
  el("wi-draft-out").replaceChildren();
  say("wi-draft-message", "");
}
