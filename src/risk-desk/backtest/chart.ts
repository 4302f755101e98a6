/**
 * The backtest chart (SVG, src/risk-desk/chart/svg.ts): for each group, over time, the worst
 * realised loss as a multiple of the margin among the portfolios' slices of that group (a
 * line; 1 = the margin, drawn as a reference line), and every exceedance (loss > margin) as a
 * point, so clusters and the groups they hit show at a glance.
 */
import { type ChartSeries, renderSvgChart } from "../chart/svg";
import type { BacktestResult } from "./types";

/** The chart of a backtest as SVG text. */
export function backtestChart(r: BacktestResult): string {
  const series: ChartSeries[] = [];
  const exceed: ChartSeries[] = [];
  for (const { scope } of r.pooled) {
    if (scope === "overall") continue;
    const worst = new Map<number, number>();
    const hits: [number, number][] = [];
    for (const p of r.portfolios)
      for (const s of p.slices) {
        if (s.scope !== scope) continue;
        for (const o of s.observations) {
          if (!(o.margin > 0)) continue;
          const ratio = o.loss / o.margin;
          worst.set(o.time, Math.max(worst.get(o.time) ?? -Infinity, ratio));
          if (o.exceeded) hits.push([o.time, ratio]);
        }
      }
    series.push({
      name: `${scope}: worst loss / margin`,
      kind: "line",
      points: [...worst.entries()].sort((a, b) => a[0] - b[0]),
    });
    exceed.push({ name: `${scope}: exceedances (${hits.length})`, kind: "points", points: hits });
  }
  return renderSvgChart({
    title: `Margin backtest: realised loss over ${r.options.horizonBars} bar(s) against the margin`,
    xLabel: "time (UTC)",
    yLabel: "loss / maintenance margin",
    x: "time",
    series: [...series, ...exceed],
    hLines: [{ y: 1, label: "margin" }],
    width: 900,
    height: 480,
  });
}
