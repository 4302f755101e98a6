/**
 * The margin report: recomputed from the files, the risk table and the multiplier after every
 * change, shown as figures, a verdict, the report JSON and the charts; enables the buttons.
 */
import {
  type MarginResult,
  buildSolvencyInput,
  computeMargin,
  healthString,
  marginReportJson,
  money,
  parseMultiplier,
} from "../src/browser";
import { renderCharts } from "./chart";
import { describe, el, input, say } from "./dom";
import { emit } from "./events";
import { renderFeatures } from "./features";
import { loadFiles } from "./files";
import { state } from "./state";

function renderReport(m: MarginResult): void {
  const set = (id: string, v: bigint) => {
    el(id).textContent = `${money(v)} USD`;
  };
  set("r-hc", m.haircutCollateral);
  set("r-nlv", m.netLiquidationValue);
  set("r-equity", m.equity);
  set("r-scan", m.scan);
  set("r-floor", m.floor);
  set("r-mm", m.maintenanceMargin);
  el("r-health").textContent = healthString(m) ?? "no margin required";
  const v = el("verdict");
  v.textContent = m.solvent
    ? `Solvent at ×${input("multiplier").value}: equity covers the margin.`
    : `Insolvent at ×${input("multiplier").value}: equity does not cover the margin; no proof can be made.`;
  v.className = `verdict ${m.solvent ? "solvent" : "insolvent"}`;
  v.dataset.solvent = String(m.solvent);
  el("report-json").textContent = JSON.stringify(marginReportJson(m), null, 2);
  el("report").hidden = false;
}

/** The multiplier typed in (e.g. "1.0"), in basis points. */
export function multiplierBps(): bigint {
  return parseMultiplier(input("multiplier").value.trim(), "multiplier");
}

export function recompute(): void {
  state.margin = undefined;
  const ok = loadFiles();
  if (!ok || !state.table || !state.portfolio || !state.balances) {
    el("report").hidden = true;
    say("report-message", "");
    updateButtons();
    return;
  }
  try {
    const mult = multiplierBps();
    const m = computeMargin(state.table, state.portfolio, state.balances.amounts, mult);
    state.margin = m;
    renderReport(m);
    renderFeatures(m, state.portfolio);
    renderCharts(state.table, m);
    if (m.solvent) say("report-message", "");
    else {
      try {
        buildSolvencyInput(state.table, state.portfolio, state.balances, mult);
      } catch (e) {
        say("report-message", describe(e), "error");
      }
    }
  } catch (e) {
    el("report").hidden = true;
    say("report-message", describe(e), "error");
  }
  updateButtons();
  emit("report");
}

export function updateButtons(): void {
  const ready = !!state.margin?.solvent && !state.busy;
  el<HTMLButtonElement>("prove").disabled = !ready;
  el<HTMLButtonElement>("submit").disabled = !(ready && state.engine);
}
