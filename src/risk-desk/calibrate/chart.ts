/**
 * "Returns against the scan range": per calibrated group, the realised returns over the
 * horizon as points, against the calibrated +-PSR (horizontal lines) and the EWMA band
 * +-ES_t, where ES_t = ES|R| x sigma_t / sigma_now (FHS scales the ES with the volatility, so
 * the band is the ES the method would have given at each time).
 *
 * Realised horizon return at bar i: (close_{i+m} / close_i - 1) x sqrt(n / m) with
 * m = max(1, round(n)) whole bars and n the horizon in bars (the square-root-of-time rule
 * fits a fractional horizon). At most 2,000 points per series are drawn: every k-th point,
 * plus every point beyond the PSR (the exceedances are never thinned away).
 */
import { renderSvgChart, type ChartSeries } from "../chart/svg";
import { ewmaVolatility } from "../estimators";
import { logReturns } from "../history";
import type { PriceHistory } from "../history/types";
import { windowed } from "./fit";
import type { Calibration } from "./types";

/** Most points drawn per series. */
export const MAX_CHART_POINTS = 2000;

/** The SVG chart of `c` (histories as given to `calibrate`). */
export function calibrationChart(histories: readonly PriceHistory[], c: Calibration): string {
  const series: ChartSeries[] = [];
  const hLines: { y: number; label: string }[] = [];
  for (const g of c.groups) {
    const full = histories.find((h) => h.id === g.id);
    if (!g.calibrated || !full || g.esAbs === null || !g.stats) continue;
    const h = windowed(full, c.options.windowDays);
    const n = g.stats.horizonBars;
    const m = Math.max(1, Math.round(n));
    const scale = Math.sqrt(n / m);
    const ewma = ewmaVolatility(logReturns(h.closes), c.options.lambda, c.options.ewmaSeedCount);
    const psr = Number(g.psr);
    const count = h.closes.length - m;
    const step = Math.max(1, Math.ceil(count / MAX_CHART_POINTS));
    const pts: [number, number][] = [];
    const up: [number, number][] = [];
    const down: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const y = (h.closes[i + m] / h.closes[i] - 1) * scale;
      if (i % step === 0 || Math.abs(y) > psr) pts.push([h.times[i], y]);
      if (i % step === 0) {
        const band = (g.esAbs * ewma.sigma[i]) / g.stats.sigma;
        up.push([h.times[i], band]);
        down.push([h.times[i], -band]);
      }
    }
    series.push(
      { name: `${g.id} return over the horizon`, kind: "points", points: pts },
      { name: `${g.id} EWMA +ES band`, kind: "line", points: up, style: "dashed" },
      { name: `${g.id} EWMA -ES band`, kind: "line", points: down, style: "dotted" },
    );
    hLines.push(
      { y: psr, label: `${g.id} +PSR ${g.psr}` },
      { y: -psr, label: `${g.id} -PSR ${g.psr}` },
    );
  }
  return renderSvgChart({
    title: `Returns over ${c.options.horizonSeconds} s against the scan range (ES ${c.options.confidence})`,
    xLabel: "time (UTC)",
    yLabel: "return over the horizon",
    x: "time",
    series,
    hLines,
    width: 1000,
    height: 520,
  });
}
