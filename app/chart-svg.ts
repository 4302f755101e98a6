/**
 * The bar chart of the report's charts, drawn as SVG: one bar per scenario around a zero
 * line (losses up, gains down and hatched, so neither depends on colour), a USD axis with
 * ticks and a grid, each scenario named under its bar in a few short lines (price move, vol
 * direction, weight), a <title> per bar for hover, and the worst scenario marked with the
 * word "worst" and a triangle. The SVG is an image with an aria-label summarizing it.
 */

const SVG = "http://www.w3.org/2000/svg";

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/** What a chart shows. */
export interface Bars {
  /** One value per scenario, in the unit `usd` converts (V, or V x basis points). */
  values: bigint[];
  /** The value in USD as a number, for the axis and the bar heights only. */
  usd: (v: bigint) => number;
  /** A bar's value as shown: "1,234.56 USD". */
  show: (v: bigint) => string;
  /** Under each bar: its short name in lines ("-24%", "vol up", "(35%)"). */
  axisLabel: (s: number) => string[];
  /** A bar's hover text before its value: "scenario 15, BTC -24% to 65,740, ...". */
  name: (s: number) => string;
  /** The highlighted scenario, if any loses. */
  worst?: number;
  /** Accessible name of the chart. */
  label: string;
}

/** Ticks at 1, 2 or 5 x 10^n covering [-low, high] in about 4 steps. */
export function ticks(high: number, low: number): number[] {
  const range = high + low;
  if (!(range > 0)) return [0, 1];
  const raw = range / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  const step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let i = -Math.ceil(low / step - 1e-9); i <= Math.ceil(high / step - 1e-9); i++)
    out.push(i * step);
  return out;
}

/** A tick value in USD, compact and signed: "+40k", "-1.5M", "+250", "0". */
export function compactUsd(x: number): string {
  const a = Math.abs(x);
  const [d, suffix] =
    a >= 1e9 ? [1e9, "B"] : a >= 1e6 ? [1e6, "M"] : a >= 1e3 ? [1e3, "k"] : [1, ""];
  const v = Math.round((x / d) * 100) / 100;
  return `${v > 0 ? "+" : ""}${v === 0 ? 0 : v}${suffix}`;
}

let patterns = 0;

/** The chart: bars around the zero line, scaled to the axis's outer ticks. */
export function barChart(b: Bars): SVGSVGElement {
  const S = b.values.length;
  const W = 46;
  const left = 52;
  const top = 22;
  const plot = 150;
  const lines = Math.max(3, ...b.values.map((_, s) => b.axisLabel(s).length));
  const height = top + plot + 8 + lines * 11 + 4;
  const nums = b.values.map(b.usd);
  const t = ticks(Math.max(0, ...nums), Math.max(0, ...nums.map((x) => -x)));
  const hi = t[t.length - 1];
  const lo = t[0];
  const y = (x: number) => Math.round((top + ((hi - x) / (hi - lo)) * plot) * 100) / 100;
  const zero = y(0);
  const chart = svg("svg", {
    viewBox: `0 0 ${left + S * W + 6} ${height}`,
    role: "img",
    "aria-label": b.label,
  });
  const hatch = `gain-hatch-${++patterns}`;
  const pattern = svg("pattern", {
    id: hatch,
    patternUnits: "userSpaceOnUse",
    width: 6,
    height: 6,
    patternTransform: "rotate(45)",
  });
  pattern.append(
    svg("path", { d: "M0 0h6v6h-6z", class: "hatch-bg" }),
    svg("path", { d: "M0 0V6", class: "hatch", "stroke-width": 3 }),
  );
  const defs = svg("defs", {});
  defs.append(pattern);
  chart.append(defs);
  const axis = svg("g", { class: "axis", "aria-hidden": "true" });
  for (const v of t) {
    axis.append(
      svg("line", {
        class: v === 0 ? "zero" : "grid",
        x1: left,
        x2: left + S * W,
        y1: y(v),
        y2: y(v),
      }),
      svg("text", { class: "tick", x: left - 4, y: y(v) + 3, "text-anchor": "end" }, compactUsd(v)),
    );
  }
  ["USD", "▲ loss +", "▼ gain -"].forEach((line, i) =>
    axis.append(svg("text", { class: "unit", x: 2, y: top + plot + 16 + i * 11 }, line)),
  );
  axis.append(svg("line", { x1: left, x2: left, y1: top, y2: top + plot, class: "zero" }));
  chart.append(axis);
  b.values.forEach((r, s) => {
    const h = Math.abs(y(nums[s]) - zero);
    const gain = r < 0n;
    const cls = `bar${gain ? " gain" : ""}${s === b.worst ? " worst" : ""}`;
    const x = left + s * W;
    const bar = svg("rect", {
      class: cls,
      x: x + 7,
      width: W - 14,
      y: gain ? zero : zero - Math.max(h, 0.5),
      height: Math.max(h, 0.5),
      ...(gain ? { fill: `url(#${hatch})` } : {}),
    });
    const sign = gain ? "gain" : r > 0n ? "loss" : "no change";
    bar.append(svg("title", {}, `${b.name(s)}: ${b.show(r)} (${sign})`));
    chart.append(bar);
    if (s === b.worst) {
      const mx = x + W / 2;
      const my = zero - h - 3;
      chart.append(
        svg("path", {
          class: "worst-marker",
          d: `M${mx - 4} ${my - 6}h8l-4 6z`,
          "aria-hidden": "true",
        }),
        svg("text", { class: "worst-mark", x: mx, y: my - 8, "text-anchor": "middle" }, "worst"),
      );
    }
    const text = svg("text", { class: "scenario", x: x + W / 2, "text-anchor": "middle" });
    b.axisLabel(s).forEach((line, i) =>
      text.append(svg("tspan", { x: x + W / 2, y: top + plot + 16 + i * 11 }, line)),
    );
    chart.append(text);
  });
  return chart;
}
