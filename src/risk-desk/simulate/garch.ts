/**
 * Simulated GARCH(1,1) price paths with known true volatility, for the risk desk's tests,
 * the example histories and the demo.
 *
 * Model (log returns, one per bar after the first):
 *
 *   r_t = mu + eps_t,   eps_t = sigma_t z_t,
 *   sigma_t^2 = omega + alpha eps_{t-1}^2 + beta sigma_{t-1}^2,
 *   sigma_1^2 = omega / (1 - alpha - beta)        (the unconditional variance),
 *
 * with z_t i.i.d. standard normal or unit-variance Student t (`innovations`). With mu = 0
 * (the default) eps_t = r_t. Closes: close_0 = start, close_t = start * exp(r_1 + ... + r_t);
 * times: startTime + i * interval. `n` is the number of BARS, so there are n - 1 returns and
 * `sigma[i]` is the true conditional sd of `logReturns(history.closes)[i]`.
 *
 * Correlated paths: `innovationsFrom: { z, rho }` mixes another path's innovations in,
 * z_t = rho * z_other_t + sqrt(1 - rho^2) * z_own_t (unit variance; exactly normal when both
 * are normal), so two paths have innovation correlation rho. `z` of the result is the
 * sequence of innovations actually used.
 *
 * Volumes (when `volume` is given): lognormal with mean `volume` per bar,
 * v_t = volume * exp(s w_t - s^2 / 2), s = 0.5, w_t standard normal from a second generator
 * seeded with `seed + 1`, so asking for volumes does not change the prices.
 */

import { ArgumentError } from "../../errors";
import type { PriceHistory } from "../history/types";
import { mulberry32, normal, studentT } from "./prng";

/** Innovation distribution: standard normal, or Student t with `nu` dof scaled to variance 1. */
export type Innovations = "normal" | { studentT: number };

export interface GarchOptions {
  seed: number;
  /** Number of bars (closes); there are n - 1 returns. */
  n: number;
  omega: number;
  alpha: number;
  beta: number;
  /** Mean log return per bar (default 0). */
  mu?: number;
  /** First close. */
  start: number;
  /** Time of the first bar, unix seconds. */
  startTime: number;
  /** Bar spacing, seconds. */
  interval: number;
  innovations?: Innovations;
  /** Mean volume per bar in units; when given the history has a volume column. */
  volume?: number;
  /** Correlate with another path: its innovations `z` (length >= n - 1) and the weight rho. */
  innovationsFrom?: { z: readonly number[]; rho: number };
  /** History id (default "SIM"). */
  id?: string;
  /** History source (default `garch(seed=<seed>)`). */
  source?: string;
}

export interface GarchPath {
  history: PriceHistory;
  /** True conditional sd of each return (length n - 1). */
  sigma: number[];
  /** Innovations used (length n - 1), for correlating another path. */
  z: number[];
}

/** Volume dispersion (sd of log volume). */
const VOLUME_LOG_SD = 0.5;

function check(o: GarchOptions): void {
  const positive = (name: string, v: number) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new ArgumentError(name, "must be a positive number");
  };
  if (!Number.isInteger(o.n) || o.n < 2) throw new ArgumentError("n", "must be an integer >= 2");
  positive("omega", o.omega);
  positive("start", o.start);
  positive("interval", o.interval);
  if (!Number.isFinite(o.startTime)) throw new ArgumentError("startTime", "must be a number");
  if (!(o.alpha >= 0)) throw new ArgumentError("alpha", "must be >= 0");
  if (!(o.beta >= 0)) throw new ArgumentError("beta", "must be >= 0");
  if (!(o.alpha + o.beta < 1))
    throw new ArgumentError("beta", "alpha + beta must be < 1 (covariance stationary)");
  if (o.mu !== undefined && !Number.isFinite(o.mu))
    throw new ArgumentError("mu", "must be a number");
  if (o.volume !== undefined) positive("volume", o.volume);
  const from = o.innovationsFrom;
  if (from) {
    if (!(Math.abs(from.rho) <= 1))
      throw new ArgumentError("innovationsFrom.rho", "must be in [-1, 1]");
    if (from.z.length < o.n - 1)
      throw new ArgumentError("innovationsFrom.z", `must have at least ${o.n - 1} innovations`);
  }
}

/** The unconditional variance omega / (1 - alpha - beta) of a GARCH(1,1) return. */
export function garchVariance(omega: number, alpha: number, beta: number): number {
  return omega / (1 - alpha - beta);
}

/** Simulates one GARCH(1,1) path; see the module comment for the model. */
export function garchPath(o: GarchOptions): GarchPath {
  check(o);
  const rand = mulberry32(o.seed);
  const inn = o.innovations ?? "normal";
  const draw = inn === "normal" ? () => normal(rand) : () => studentT(rand, inn.studentT);
  const mu = o.mu ?? 0;
  const from = o.innovationsFrom;
  const own = from ? Math.sqrt(1 - from.rho * from.rho) : 1;

  const sigma: number[] = [];
  const z: number[] = [];
  const closes: number[] = [o.start];
  const times: number[] = [o.startTime];
  let variance = garchVariance(o.omega, o.alpha, o.beta);
  let logPrice = Math.log(o.start);
  for (let t = 1; t < o.n; t++) {
    const s = Math.sqrt(variance);
    const zt = from ? from.rho * from.z[t - 1] + own * draw() : draw();
    const eps = s * zt;
    sigma.push(s);
    z.push(zt);
    logPrice += mu + eps;
    closes.push(Math.exp(logPrice));
    times.push(o.startTime + t * o.interval);
    variance = o.omega + o.alpha * eps * eps + o.beta * variance;
  }

  const history: PriceHistory = {
    id: o.id ?? "SIM",
    source: o.source ?? `garch(seed=${o.seed})`,
    format: "csv",
    times,
    closes,
    interval: o.interval,
  };
  if (o.volume !== undefined) {
    const vr = mulberry32(o.seed + 1);
    const mean = o.volume;
    const sd = VOLUME_LOG_SD;
    history.volumes = closes.map(() => mean * Math.exp(sd * normal(vr) - (sd * sd) / 2));
  }
  return { history, sigma, z };
}
