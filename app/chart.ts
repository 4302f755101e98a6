/** The margin report's charts: requirement per scenario for each group, drawn as SVG. */
import { type MarginResult, type RiskTable, money } from "../src/browser";
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

/** One bar chart per group: req[s] for every scenario, the worst one highlighted. */
export function renderCharts(table: RiskTable, m: MarginResult): void {
  const box = el("charts");
  box.replaceChildren();
  for (const g of m.groups) {
    const div = document.createElement("div");
    div.className = "chart";
    div.dataset.group = g.id;
    const title = document.createElement("p");
    title.textContent =
      `${g.id}: requirement ${money(g.requirement)} USD` +
      (g.requirement > 0n
        ? ` (worst: scenario ${g.worstScenario}, ${g.worstScenarioLabel})`
        : " (no scenario loses)");
    div.append(title);
    const S = g.req.length;
    const W = 40;
    const H = 160;
    const mid = 90;
    const max = g.req.reduce((a, r) => (r < 0n ? (-r > a ? -r : a) : r > a ? r : a), 1n);
    const chart = svg("svg", { viewBox: `0 0 ${S * W} ${H + 30}`, role: "img" });
    chart.append(svg("line", { x1: 0, x2: S * W, y1: mid, y2: mid, stroke: "#8a939c" }));
    g.req.forEach((r, s) => {
      const h = Number((r < 0n ? -r : r) * 80n) / Number(max);
      const cls =
        s === g.worstScenario && g.requirement > 0n ? "bar worst" : r < 0n ? "bar gain" : "bar";
      const bar = svg("rect", {
        class: cls,
        x: s * W + 6,
        width: W - 12,
        y: r < 0n ? mid : mid - h,
        height: Math.max(h, 0.5),
      });
      bar.append(
        svg("title", {}, `scenario ${s} (${table.scenarios[s]?.label ?? ""}): ${money(r)} USD`),
      );
      chart.append(bar);
      chart.append(
        svg("text", { x: s * W + W / 2, y: H + 20, "text-anchor": "middle" }, String(s)),
      );
    });
    div.append(chart);
    box.append(div);
  }
}
