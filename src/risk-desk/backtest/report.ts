/**
 * The backtest report: JSON (the whole result but the observation series: every exceedance
 * is listed) and text (a table per scope, pooled and per portfolio). Doubles are written
 * with 6 significant digits; money in USD.
 */
import { isoTime } from "../history";
import type { BacktestResult, CoverageSummary } from "./types";

const sig = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);

function summaryJson(s: CoverageSummary) {
  return {
    observations: s.observations,
    exceedances: s.exceedances,
    rate: sig(s.rate),
    target: sig(s.target),
    kupiec: {
      statistic: sig(s.kupiec.statistic),
      pValue: sig(s.kupiec.pValue),
      reject: s.kupiec.reject,
    },
    christoffersen: {
      n00: s.christoffersen.n00,
      n01: s.christoffersen.n01,
      n10: s.christoffersen.n10,
      n11: s.christoffersen.n11,
      statistic: sig(s.christoffersen.statistic),
      pValue: sig(s.christoffersen.pValue),
      reject: s.christoffersen.reject,
    },
    conditionalCoverage: {
      statistic: sig(s.conditional.statistic),
      pValue: sig(s.conditional.pValue),
      reject: s.conditional.reject,
    },
    verdict: s.verdict,
  };
}

/** The report as a JSON value (see the module comment). */
export function backtestReportJson(r: BacktestResult) {
  return {
    version: 1,
    kind: "backtest",
    passed: r.passed,
    options: {
      horizonSeconds: r.options.horizonSeconds,
      horizonBars: r.options.horizonBars,
      interval: r.options.interval,
      warmupDays: r.options.warmupDays,
      recalibrateSeconds: r.options.recalibrateSeconds,
      instance: r.options.instance,
      target: r.targetKind === "policy" ? r.options.target : "model",
    },
    from: r.from,
    to: r.to,
    steps: r.steps,
    calibrations: r.calibrations,
    pooled: r.pooled.map((p) => ({ scope: p.scope, ...summaryJson(p.summary) })),
    portfolios: r.portfolios.map((p) => ({
      name: p.name,
      slices: p.slices.map((s) => ({ scope: s.scope, ...summaryJson(s.summary) })),
      overall: summaryJson(p.overall),
    })),
    exceedances: r.portfolios.flatMap((p) =>
      p.slices.flatMap((s) =>
        s.observations
          .filter((o) => o.exceeded)
          .map((o) => ({
            portfolio: p.name,
            scope: s.scope,
            time: o.time,
            margin: sig(o.margin),
            loss: sig(o.loss),
          })),
      ),
    ),
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(3)}%`;
const num = (x: number): string => x.toFixed(3);
const pv = (x: number): string => x.toFixed(4);

function row(label: string, s: CoverageSummary): string {
  return [
    label.padEnd(24),
    String(s.observations).padStart(6),
    String(s.exceedances).padStart(5),
    pct(s.rate).padStart(8),
    pct(s.target).padStart(8),
    num(s.kupiec.statistic).padStart(8),
    pv(s.kupiec.pValue).padStart(7),
    num(s.christoffersen.statistic).padStart(8),
    pv(s.christoffersen.pValue).padStart(7),
    pv(s.conditional.pValue).padStart(7),
    `  ${s.verdict}`,
  ].join(" ");
}

const HEADER =
  `${"scope".padEnd(24)} ${"obs".padStart(6)} ${"exc".padStart(5)} ${"rate".padStart(8)} ` +
  `${"target".padStart(8)} ${"LR_pof".padStart(8)} ${"p".padStart(7)} ${"LR_ind".padStart(8)} ` +
  `${"p".padStart(7)} ${"p_cc".padStart(7)}   verdict`;

/** The report as text. */
export function backtestReportText(r: BacktestResult): string {
  const o = r.options;
  const lines = [
    `margin backtest ${isoTime(r.from)} to ${isoTime(r.to)}: ${r.steps} steps of ` +
      `${o.horizonBars} bar(s) x ${o.interval} s (horizon ${o.horizonSeconds} s rounded up), ` +
      `${r.calibrations} daily calibrations, warm-up ${o.warmupDays} days`,
    `target: ${
      r.targetKind === "model"
        ? "the model's probability of a loss beyond the margin (mean over observations)"
        : `policy rate ${o.target}`
    }; tests at 5%`,
    "",
    "pooled over portfolios",
    HEADER,
    ...r.pooled.map((p) => row(p.scope, p.summary)),
  ];
  if (r.portfolios.length > 1)
    for (const p of r.portfolios)
      lines.push(
        "",
        `portfolio ${p.name}`,
        HEADER,
        ...p.slices.map((s) => row(s.scope, s.summary)),
        ...(p.slices.length > 1 ? [row("overall", p.overall)] : []),
      );
  lines.push(
    "",
    r.passed ? "PASS: the overall tests do not reject" : "FAIL: the overall tests reject",
  );
  return lines.join("\n") + "\n";
}
