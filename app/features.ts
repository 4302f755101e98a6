/**
 * The SPEC 7.1 figures of the margin report (issue 14), shown only for the features the risk
 * table uses (MarginResult.features): the joint-scenario requirement and the diversification
 * credit, the liquidity add-on per concentrated position and in total, the effective amount of
 * each tiered token the account holds. A v1 table leaves #v2-figures empty and hidden.
 */
import {
  CORRELATION_DECIMALS,
  type IntegerPortfolio,
  type MarginResult,
  PER_CONTRACT_DECIMALS,
  Q_DECIMALS,
  formatScaled,
  jointScenarioLabels,
  money,
} from "../src/browser";
import { el, h } from "./dom";
import { state } from "./state";

const usd = (v: bigint) => `${money(v)} USD`;
/** J and jointReq[s] are in V x basis points: USD rounded to cents, as the CLI shows them. */
export const jointUsd = (j: bigint) => usd(j / 10000n);
const contracts = (x: bigint) => formatScaled(x, Q_DECIMALS);
const abs = (x: bigint) => (x < 0n ? -x : x);

/** A figures row: label, value and an optional note, tagged `data-figure` for tests. */
function figure(name: string, label: string, value: string, note = ""): HTMLElement {
  return h(
    "tr",
    { "data-figure": name },
    h("th", { scope: "row" }, label),
    h("td", {}, value),
    h("td", { class: "note" }, note),
  );
}

function correlationPart(m: MarginResult): HTMLElement {
  const rho = m.groups
    .map((g) => `${g.id} ${formatScaled(BigInt(g.correlation), CORRELATION_DECIMALS)}`)
    .join(", ");
  return h(
    "div",
    { id: "v2-correlation", "data-part": "correlation" },
    h("h3", {}, "Correlation offsets across groups"),
    h(
      "table",
      { class: "figures" },
      h(
        "tbody",
        {},
        figure(
          "uncorrelated-scan",
          "Scan, groups scanned separately (Σ w_g)",
          usd(m.uncorrelatedScan),
        ),
        figure(
          "joint",
          "Joint-scenario requirement (J / 10000)",
          jointUsd(m.joint),
          m.joint > 0n && state.table
            ? `worst: scenario ${m.jointWorstScenario}, ${
                jointScenarioLabels(state.table, m.jointWorstScenario).long
              }`
            : "no joint loss",
        ),
        figure("scan", "Scan with the correlation offsets", usd(m.scan)),
        figure("diversification-credit", "Diversification credit", usd(m.diversificationCredit)),
      ),
    ),
    h("p", { class: "hint" }, `Correlation r_g: ${rho}.`),
  );
}

function liquidityPart(m: MarginResult, portfolio: IntegerPortfolio): HTMLElement {
  const head = ["Instrument", "|q|", "Threshold", "Excess", "Charge (USD / contract)", "Add-on"];
  const rows = m.positionLiquidity
    .filter((p) => p.concentrated)
    .map((p) =>
      h(
        "tr",
        { "data-instrument": p.instrument, "data-slot": String(p.slot) },
        h("th", { scope: "row" }, p.instrument),
        h("td", {}, contracts(abs(portfolio.positions[p.slot]?.q ?? 0n))),
        h("td", {}, contracts(p.threshold)),
        h("td", {}, contracts(p.excess)),
        h("td", {}, formatScaled(p.charge, PER_CONTRACT_DECIMALS)),
        h("td", {}, usd(p.addOn)),
      ),
    );
  return h(
    "div",
    { id: "v2-liquidity", "data-part": "liquidity" },
    h("h3", {}, "Liquidity add-on (concentrated positions)"),
    h(
      "table",
      { class: "data" },
      h("thead", {}, h("tr", {}, ...head.map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        ...(rows.length > 0
          ? rows
          : [h("tr", {}, h("td", { colspan: "6" }, "no position in a concentrated instrument"))]),
      ),
      h(
        "tfoot",
        {},
        h(
          "tr",
          { "data-figure": "liquidity" },
          h("th", { scope: "row", colspan: "5" }, "Liquidity add-on total"),
          h("td", {}, usd(m.liquidity)),
        ),
      ),
    ),
  );
}

function tiersPart(m: MarginResult): HTMLElement | undefined {
  const held = m.collateral.filter((c) => c.tiered && c.amount > 0n);
  if (held.length === 0) return undefined;
  const head = ["Token", "Posted", "Effective amount (tiers)"];
  return h(
    "div",
    { id: "v2-tiers", "data-part": "tiers" },
    h("h3", {}, "Tiered collateral"),
    h(
      "table",
      { class: "data" },
      h("thead", {}, h("tr", {}, ...head.map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        ...held.map((c) =>
          h(
            "tr",
            { "data-token": c.symbol },
            h("th", { scope: "row" }, c.symbol),
            h("td", {}, `${formatScaled(c.amount, c.decimals)} ${c.symbol}`),
            h("td", {}, `${formatScaled(c.effectiveAmount, c.decimals)} ${c.symbol}`),
          ),
        ),
      ),
    ),
  );
}

/** Fills #v2-figures with the parts of the features in use; hides it when there are none. */
export function renderFeatures(m: MarginResult, portfolio: IntegerPortfolio): void {
  const parts: HTMLElement[] = [];
  if (m.features.correlation) parts.push(correlationPart(m));
  if (m.features.concentration) parts.push(liquidityPart(m, portfolio));
  if (m.features.tiers) {
    const t = tiersPart(m);
    if (t) parts.push(t);
  }
  const box = el("v2-figures");
  box.replaceChildren(...parts);
  box.hidden = parts.length === 0;
  el("r-scan-label").textContent = m.features.correlation
    ? "Scan (after the correlation offsets)"
    : "Scan (sum of group requirements)";
  el("r-mm-label").textContent = m.features.concentration
    ? "Maintenance margin (with the liquidity add-on)"
    : "Maintenance margin";
}
