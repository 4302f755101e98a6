/**
 * The margin report's charts, drawn as SVG: requirement per scenario for each group and, when
 * the risk table has correlations (SPEC 7.1), the joint scenarios sum_g r_g req_{g,s} / 10000
 * beside them. Every bar has a title; each chart is an image with an aria-label naming the
 * worst scenario; the joint chart also marks its worst bar with a text label.
 */
import { type MarginResult, type RiskTable, money } from "../src/browser";
import { jointUsd } from "./features";
import { el } from "./dom";

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

interface Bars {
  /** One value per scenario, in the unit `scale` divides (V, or V x basis points). */
  values: bigint[];
  /** The highlighted scenario, if any loses. */
  worst?: number;
  /** A bar's value as shown: "1,234.56 USD". */
  show: (v: bigint) => string;
  /** Accessible name of the chart. */
  label: string;
  /** Writes "worst" above the highlighted bar (not colour alone). */
  markWorst: boolean;
}

/** Bars around a mid line (losses up, gains down), scaled to the chart's own largest value. */
function barChart(table: RiskTable, b: Bars): SVGSVGElement {
  const S = b.values.length;
  const W = 40;
  const H = 160;
  const mid = 90;
  const max = b.values.reduce((a, r) => (r < 0n ? (-r > a ? -r : a) : r > a ? r : a), 1n);
  const chart = svg("svg", {
    viewBox: `0 0 ${S * W} ${H + 30}`,
    role: "img",
    "aria-label": b.label,
  });
  chart.append(svg("line", { x1: 0, x2: S * W, y1: mid, y2: mid, stroke: "#8a939c" }));
  b.values.forEach((r, s) => {
    const h = Number((r < 0n ? -r : r) * 80n) / Number(max);
    const cls = s === b.worst ? "bar worst" : r < 0n ? "bar gain" : "bar";
    const bar = svg("rect", {
      class: cls,
      x: s * W + 6,
      width: W - 12,
      y: r < 0n ? mid : mid - h,
      height: Math.max(h, 0.5),
    });
    bar.append(
      svg("title", {}, `scenario ${s} (${table.scenarios[s]?.label ?? ""}): ${b.show(r)}`),
    );
    chart.append(bar);
    if (b.markWorst && s === b.worst)
      chart.append(
        svg(
          "text",
          { class: "worst-mark", x: s * W + W / 2, y: mid - h - 3, "text-anchor": "middle" },
          "worst",
        ),
      );
    chart.append(svg("text", { x: s * W + W / 2, y: H + 20, "text-anchor": "middle" }, String(s)));
  });
  return chart;
}

function chartBox(title: string, data: Record<string, string>, chart: SVGSVGElement): HTMLElement {
  const div = document.createElement("div");
  div.className = "chart";
  Object.assign(div.dataset, data);
  const p = document.createElement("p");
  p.textContent = title;
  div.append(p, chart);
  return div;
}

/** The joint-scenario chart: jointReq[s] / 10000 per scenario, J's scenario highlighted. */
function jointChart(table: RiskTable, m: MarginResult): HTMLElement {
  const loses = m.joint > 0n;
  const worst = loses
    ? `worst: scenario ${m.jointWorstScenario}, ${m.jointWorstScenarioLabel}`
    : "no joint loss";
  const title = `Joint scenarios (Σ_g r_g req_g,s / 10000): J / 10000 = ${jointUsd(m.joint)} (${worst})`;
  const chart = barChart(table, {
    values: m.jointReq,
    worst: loses ? m.jointWorstScenario : undefined,
    show: jointUsd,
    label: `Joint scenarios: requirement per scenario; ${worst}, ${jointUsd(m.joint)}`,
    markWorst: true,
  });
  const box = chartBox(title, { joint: "true" }, chart);
  box.classList.add("joint");
  return box;
}

/** One bar chart per group (req[s] per scenario, the worst highlighted), then the joint one. */
export function renderCharts(table: RiskTable, m: MarginResult): void {
  const box = el("charts");
  box.replaceChildren();
  for (const g of m.groups) {
    const loses = g.requirement > 0n;
    const title =
      `${g.id}: requirement ${money(g.requirement)} USD` +
      (loses
        ? ` (worst: scenario ${g.worstScenario}, ${g.worstScenarioLabel})`
        : " (no scenario loses)");
    const chart = barChart(table, {
      values: g.req,
      worst: loses ? g.worstScenario : undefined,
      show: (v) => `${money(v)} USD`,
      label: `${g.id}: requirement per scenario; ${
        loses ? `worst: scenario ${g.worstScenario}, ${g.worstScenarioLabel}` : "no scenario loses"
      }, ${money(g.requirement)} USD`,
      markWorst: false,
    });
    box.append(chartBox(title, { group: g.id }, chart));
  }
  if (m.features.correlation) box.append(jointChart(table, m));
  el("charts-title").textContent = m.features.correlation
    ? "Requirement per scenario, by group and jointly"
    : "Requirement per scenario, by group";
}
