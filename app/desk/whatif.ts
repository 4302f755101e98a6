/**
 * Section 4, "What-if and distance to insolvency" (issue 17 point 3): the market the risk
 * table was built from (./market.ts; config.json's marketUrl or typed in), the distance to
 * insolvency of each group and all together (./distance.ts, in a Web Worker), and on the
 * risk table alone the collateral to reach a health, the largest trade (./answers.ts) and a
 * draft position's report before and after (./draft.ts). Exact maths from the SDK only
 * (src/margin/whatif, docs/WHATIF.md).
 */
import { DEFAULT_DISTANCE_OPTIONS, type RiskTable, formatScaled } from "../../src/browser";
import type { AppConfig } from "../config";
import { el, h, input } from "../dom";
import { on } from "../events";
import { state } from "../state";
import {
  answerCollateral,
  answerQuantity,
  fillSelect,
  instrumentOptions,
  refreshAnswers,
  resetAnswers,
} from "./answers";
import { updateDistances } from "./distance";
import { answerDraft, draftTrade, refreshDraft, resetDraft } from "./draft";
import { currentMarket, fetchMarket } from "./market";
import { multipliers, onMultipliers } from "./params";

const o = DEFAULT_DISTANCE_OPTIONS;
const p = (bps: number) => `${formatScaled(BigInt(bps), 2)}%`;

const field = (id: string, label: string, control: HTMLElement, hint = ""): HTMLElement[] => [
  h("label", { for: id }, label),
  hint ? h("div", { class: "field" }, control, h("span", { class: "hint" }, hint)) : control,
];

const select = (id: string) => h("select", { id });
const text = (id: string, value = "", attrs: Record<string, string> = {}) =>
  h("input", { type: "text", id, value, ...attrs });
const button = (id: string, label: string) => h("button", { type: "button", id }, label);
const out = (id: string) => h("p", { id, class: "message", role: "status" });

function build(): void {
  el("whatif").replaceChildren(
    h("label", { for: "market-url" }, "market.json URL (the market the risk table was built from)"),
    h(
      "div",
      { class: "row wrap" },
      text("market-url", "market.json"),
      button("fetch-market", "Fetch the market"),
    ),
    out("market-message"),
    h("h3", {}, "Distance to insolvency"),
    h(
      "p",
      { class: "hint", id: "wi-method" },
      `Method: each point is the exact margin maths (computeMargin) on the risk table of the ` +
        `market with prices moved (volatilities unchanged), scanned outward in ${p(o.stepBps)} ` +
        `steps to -${p(o.maxDownBps)} and +${p(o.maxUpBps)}, then bisected to ${o.precisionBps} bp; `,
      h("a", { href: "docs/WHATIF.md", target: "_blank", rel: "noopener" }, "docs/WHATIF.md"),
      " states it in full.",
    ),
    h("progress", { id: "wi-distance-progress", "aria-label": "distance scan running" }),
    out("wi-distance-status"),
    h("div", {
      id: "wi-distance",
      class: "table-scroll",
      role: "region",
      "aria-label": "Distance to insolvency",
      tabindex: "0",
    }),
    h("h3", {}, "Target health"),
    h(
      "div",
      { class: "grid" },
      ...field(
        "wi-health",
        "health X",
        text("wi-health", "1.0", { size: "8" }),
        "equity / (M × MM)",
      ),
      ...field("wi-multiplier", "at multiplier M", select("wi-multiplier")),
    ),
    h("h3", {}, "Add collateral to reach health X"),
    h(
      "div",
      { class: "row wrap" },
      h("label", { for: "wi-token" }, "token"),
      select("wi-token"),
      button("wi-collateral-go", "Find the smallest amount"),
    ),
    out("wi-collateral-out"),
    h("h3", {}, "Largest trade keeping health X"),
    h(
      "div",
      { class: "row wrap" },
      h("label", { for: "wi-instrument" }, "instrument"),
      select("wi-instrument"),
      h(
        "fieldset",
        { class: "side" },
        h("legend", {}, "side"),
        h(
          "label",
          {},
          h("input", { type: "radio", name: "wi-side", id: "wi-buy", value: "buy", checked: "" }),
          " buy",
        ),
        h(
          "label",
          {},
          h("input", { type: "radio", name: "wi-side", id: "wi-sell", value: "sell" }),
          " sell",
        ),
      ),
      button("wi-maxq-go", "Find the largest quantity"),
      button("wi-maxq-draft", "Draft it"),
    ),
    out("wi-maxq-out"),
    h("h3", {}, "Draft a position: the report before and after"),
    h(
      "div",
      { class: "grid" },
      ...field("wi-draft-instrument", "instrument", select("wi-draft-instrument")),
      ...field(
        "wi-draft-qty",
        "quantity",
        text("wi-draft-qty", "", { placeholder: "e.g. 0.5 (negative sells)" }),
        "contracts; negative sells",
      ),
      ...field(
        "wi-draft-cost",
        "cost basis (optional)",
        text("wi-draft-cost", "", { placeholder: "USD; at the mark when empty" }),
      ),
    ),
    h("p", {}, button("wi-draft-go", "Compare before and after")),
    h("p", { id: "wi-draft-message", class: "message", role: "alert" }),
    h("div", { id: "wi-draft-out", class: "table-scroll" }),
  );
}

let lastTable: RiskTable | undefined;

function update(): void {
  const table = state.table;
  if (table !== lastTable) {
    lastTable = table;
    resetAnswers();
    resetDraft();
  }
  if (table) fillSelect("wi-draft-instrument", instrumentOptions(table));
  refreshAnswers();
  refreshDraft();
  updateDistances(currentMarket(), multipliers());
}

/** Builds section 4 and wires it; fetches config.json's marketUrl once a risk table is in. */
export function initWhatIf(cfg: AppConfig): void {
  build();
  if (cfg.marketUrl) input("market-url").value = cfg.marketUrl;
  el("fetch-market").addEventListener("click", () => void fetchMarket(update));
  el("wi-collateral-go").addEventListener("click", answerCollateral);
  el("wi-maxq-go").addEventListener("click", answerQuantity);
  el("wi-maxq-draft").addEventListener("click", () => {
    answerQuantity();
    const q = el("wi-maxq-out").dataset;
    if (q.status === "ok" && q.instrument && q.quantity) {
      const units = BigInt(q.quantity);
      draftTrade(q.instrument, formatScaled(q.side === "sell" ? -units : units, 8));
    }
  });
  el("wi-draft-go").addEventListener("click", answerDraft);
  for (const id of ["wi-health", "wi-multiplier"])
    el(id).addEventListener("change", () => {
      refreshAnswers();
      refreshDraft();
    });
  on("report", update);
  onMultipliers(update);
  let fetched = false;
  on("report", () => {
    if (!fetched && cfg.marketUrl && state.table) {
      fetched = true;
      void fetchMarket(update);
    }
  });
  update();
}
