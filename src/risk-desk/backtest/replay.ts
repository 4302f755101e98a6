/**
 * The margin backtest: replays history with the calibration of each day (no look-ahead) and
 * compares every test portfolio's maintenance margin with its realised loss over the horizon.
 *
 * - Steps: the horizon is rounded UP to whole bars h (a 4200 s horizon on hourly bars is
 *   measured over 2 bars: conservative). The first step is the first bar at least `warmupDays`
 *   after the first common bar; then every h bars (non-overlapping windows, so exceedances of
 *   a correct model are independent), while the window's end is in the history.
 * - Calibration of step t: the one of day D = floor(t / recalibrateSeconds) x
 *   recalibrateSeconds (UTC midnight by default), computed from the histories cut at D (no bar
 *   after D is passed to the calibrator: no look-ahead). Cached per day.
 * - Market at t: moveMarket(template, { timestamp t, shiftExpiries (options keep their time to
 *   expiry), each group at its close at t with the day's psr and vsr, each collateral token
 *   with a history of its own at its close, every haircut the day's }). Its compiled risk
 *   table is shared by every portfolio.
 * - Market at t + h: the market at t moved to the closes at t + h and time t + h (options age),
 *   with the SAME risk parameters.
 * - Per portfolio slice (its positions and collateral of one group; see slicesOf):
 *   MM_t = computeMargin(table_t, ...) at multiplier 1.0 (exact), the realised loss
 *   Equity_t - Equity_(t+h), Equity = HC_0 + NLV exactly as the solvency rule counts it, and
 *   an exceedance when loss > MM_t (exact integers): an account holding exactly its margin
 *   would have ended the horizon with negative equity. Collateral is valued after haircut on
 *   both dates, as the solvency rule counts it: the haircut is the venue's separate buffer
 *   against the collateral's own fall and is not part of the margin being tested.
 * - Only the instruments the portfolios hold are compiled (a margin depends on no other row).
 */
import { ArgumentError } from "../../errors";
import { computeMargin } from "../../margin";
import { checkSameAccount, toIntegerBalances, toIntegerPortfolio } from "../../portfolio";
import { type RiskTableFields, compileRiskFields } from "../../risk-table";
import type { Market } from "../../schema";
import { type MarketMove, moveMarket } from "../market-move";
import { alignHistories } from "../history";
import type { PriceHistory } from "../history/types";
import { isoTime } from "../history";
import { dailyCalibrator } from "./calibrator";
import { resolveBacktestOptions } from "./options";
import { type Slice, defaultTestPortfolios, slicesOf } from "./portfolios";
import { summarize } from "./summary";
import { type GroupExposure, modelExceedanceProbability, unitScenarios } from "./target";
import type {
  BacktestOptions,
  BacktestResult,
  Calibrator,
  DayCalibration,
  Observation,
  TestPortfolio,
} from "./types";
import type { CalibrationOptions } from "../calibrate/options";

export interface BacktestInput {
  histories: readonly PriceHistory[];
  /** The template market.json: instruments, collateral, groups (prices and ranges replaced). */
  market: Market;
  /** Test portfolios (default: {@link defaultTestPortfolios}). */
  portfolios?: readonly TestPortfolio[];
  /** Options passed to `calibrate` (its horizon is the backtest's). */
  calibration?: Partial<CalibrationOptions>;
  /** Replaces the daily `calibrate` (tests: a deliberately wrong calibration). */
  calibrator?: Calibrator;
}

/** Progress: `done` of `total` steps replayed. */
export type Progress = (done: number, total: number) => void;

const USD_PER_V = 1e-30;
const ONE_X = 10_000n;

/** The histories cut at time `day` (bars with time <= day). */
export function historiesUpTo(hs: readonly PriceHistory[], day: number): PriceHistory[] {
  return hs.map((h) => {
    let n = h.times.length;
    while (n > 0 && h.times[n - 1] > day) n--;
    return {
      ...h,
      times: h.times.slice(0, n),
      closes: h.closes.slice(0, n),
      ...(h.volumes ? { volumes: h.volumes.slice(0, n) } : {}),
    };
  });
}

/** The template cut to the instruments the portfolios hold. */
function heldOnly(market: Market, portfolios: readonly TestPortfolio[]): Market {
  const held = new Set(portfolios.flatMap((p) => p.portfolio.positions.map((x) => x.instrument)));
  return { ...market, instruments: market.instruments.filter((i) => held.has(i.id)) };
}

interface Series {
  groups: { id: string; closes: number[] }[];
  collateral: { symbol: string; closes: number[] }[];
  times: number[];
  interval: number;
  used: PriceHistory[];
}

function series(histories: readonly PriceHistory[], market: Market): Series {
  const ids = new Set([
    ...market.groups.map((g) => g.id),
    ...market.collateral.map((c) => c.symbol),
  ]);
  const used = histories.filter((h) => ids.has(h.id));
  for (const g of market.groups)
    if (!used.some((h) => h.id === g.id))
      throw new ArgumentError("histories", `no history of group ${g.id} (a file ${g.id}.csv)`);
  const aligned = alignHistories(used);
  const closesOf = (id: string) => aligned.closes[used.findIndex((h) => h.id === id)];
  return {
    groups: market.groups.map((g) => ({ id: g.id, closes: closesOf(g.id) })),
    collateral: market.collateral
      .filter((c) => used.some((h) => h.id === c.symbol))
      .map((c) => ({ symbol: c.symbol, closes: closesOf(c.symbol) })),
    times: aligned.times,
    interval: used[0].interval,
    used,
  };
}

function prices(s: Series, i: number): Pick<MarketMove, "groups" | "collateral"> {
  return {
    groups: Object.fromEntries(s.groups.map((g) => [g.id, { price: g.closes[i] }])),
    collateral: Object.fromEntries(s.collateral.map((c) => [c.symbol, { price: c.closes[i] }])),
  };
}

function stepMarket(template: Market, s: Series, i: number, cal: DayCalibration): Market {
  const p = prices(s, i);
  const move: MarketMove = {
    timestamp: s.times[i],
    shiftExpiries: true,
    groups: Object.fromEntries(
      s.groups.map((g) => [g.id, { ...p.groups?.[g.id], ...cal.groups[g.id] }]),
    ),
    collateral: Object.fromEntries(
      template.collateral.map((c) => [
        c.symbol,
        { ...p.collateral?.[c.symbol], ...cal.collateral[c.symbol] },
      ]),
    ),
  };
  return moveMarket(template, move, `market at ${isoTime(s.times[i])}`);
}

interface Prepared {
  name: string;
  slices: Slice[];
  obs: Observation[][];
}

/** Runs the backtest; see the module comment. */
export function backtest(
  input: BacktestInput,
  partial: Partial<BacktestOptions> = {},
  onProgress?: Progress,
): BacktestResult {
  const o = resolveBacktestOptions({
    ...partial,
    horizonSeconds: partial.horizonSeconds ?? input.calibration?.horizonSeconds,
  });
  const portfolios = input.portfolios ?? defaultTestPortfolios(input.market);
  if (portfolios.length === 0) throw new ArgumentError("portfolios", "must not be empty");
  const template = heldOnly(input.market, portfolios);
  const calibrator =
    input.calibrator ??
    dailyCalibrator(input.market, { ...input.calibration, horizonSeconds: o.horizonSeconds });
  const s = series(input.histories, template);
  const hBars = Math.max(1, Math.ceil(o.horizonSeconds / s.interval - 1e-9));
  const startTime = s.times[0] + o.warmupDays * 86_400;
  const first = s.times.findIndex((t) => t >= startTime);
  const stepIdx: number[] = [];
  if (first >= 0) for (let i = first; i + hBars < s.times.length; i += hBars) stepIdx.push(i);
  if (stepIdx.length === 0)
    throw new ArgumentError(
      "histories",
      `too short: no ${hBars}-bar window after a warm-up of ${o.warmupDays} days`,
    );

  const days = new Map<number, DayCalibration>();
  const calibrationAt = (t: number): DayCalibration => {
    const day = Math.floor(t / o.recalibrateSeconds) * o.recalibrateSeconds;
    let c = days.get(day);
    if (!c) {
      c = calibrator(historiesUpTo(s.used, day), day, hBars);
      days.set(day, c);
    }
    return c;
  };

  let prepared: Prepared[] | undefined;
  let scen: { up: number[]; down: number[] } = { up: [], down: [] };
  stepIdx.forEach((i, k) => {
    const cal = calibrationAt(s.times[i]);
    const market = stepMarket(template, s, i, cal);
    const table = compileRiskFields(market, o.instance, market.timestamp.toString());
    const later = moveMarket(
      market,
      { timestamp: s.times[i + hBars], ...prices(s, i + hBars) },
      `market at ${isoTime(s.times[i + hBars])}`,
    );
    const tableLater = compileRiskFields(later, o.instance);
    if (!prepared) {
      prepared = prepare(portfolios, table);
      scen = unitScenarios(table.scenarios);
    }
    for (const p of prepared)
      p.slices.forEach((slice, j) => {
        p.obs[j].push(observe(slice, table, tableLater, cal, scen, s.times[i]));
      });
    onProgress?.(k + 1, stepIdx.length);
  });

  const result = (prepared ?? []).map((p) => ({
    name: p.name,
    slices: p.slices.map((sl, j) => ({
      scope: sl.scope,
      observations: p.obs[j],
      summary: summarize([p.obs[j]], o.target),
    })),
    overall: summarize(p.obs, o.target),
  }));
  const pooled = template.groups.flatMap((g) => {
    const seqs = result.flatMap((p) => p.slices.filter((x) => x.scope === g.id));
    return seqs.length === 0
      ? []
      : [
          {
            scope: g.id,
            summary: summarize(
              seqs.map((x) => x.observations),
              o.target,
            ),
          },
        ];
  });
  const overall = summarize(
    result.flatMap((p) => p.slices.map((x) => x.observations)),
    o.target,
  );
  pooled.push({ scope: "overall", summary: overall });
  return {
    options: { ...o, horizonBars: hBars, interval: s.interval },
    targetKind: o.target === null ? "model" : "policy",
    from: s.times[stepIdx[0]],
    to: s.times[stepIdx[stepIdx.length - 1] + hBars],
    steps: stepIdx.length,
    calibrations: days.size,
    portfolios: result,
    pooled,
    passed: !overall.kupiec.reject && !overall.christoffersen.reject,
  };
}

function prepare(portfolios: readonly TestPortfolio[], table: RiskTableFields): Prepared[] {
  return portfolios.map((tp) => {
    const pf = tp.files?.portfolio ?? tp.name;
    const bf = tp.files?.balances ?? tp.name;
    const ip = toIntegerPortfolio(tp.portfolio, table, pf);
    const ib = toIntegerBalances(tp.balances, table, bf);
    checkSameAccount(ip, ib, bf);
    const slices = slicesOf(ip, ib, table);
    return { name: tp.name, slices, obs: slices.map(() => []) };
  });
}

function observe(
  slice: Slice,
  table: RiskTableFields,
  later: RiskTableFields,
  cal: DayCalibration,
  scen: { up: number[]; down: number[] },
  time: number,
): Observation {
  const now = computeMargin(table, slice.portfolio, slice.amounts, ONE_X);
  const then = computeMargin(later, slice.portfolio, slice.amounts, ONE_X);
  const loss = now.equity - then.equity;
  const mm = now.maintenanceMargin;
  const g = now.groups.find((x) => x.id === slice.scope);
  const sample = cal.returns[slice.scope];
  const e: GroupExposure | undefined = g && {
    req: g.req,
    ...scen,
    psr: Number(cal.groups[slice.scope].psr),
  };
  const p = e && sample ? modelExceedanceProbability(e, mm, sample) : 0;
  return {
    time,
    margin: Number(mm) * USD_PER_V,
    loss: Number(loss) * USD_PER_V,
    exceeded: loss > mm,
    p,
  };
}
