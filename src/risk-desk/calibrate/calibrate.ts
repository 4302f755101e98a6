/**
 * `calibrate`: the venue's risk parameters from price (and volume) history (SPEC 7.3;
 * methodology in docs/RISK.md, "Calibration").
 *
 * Per risk group with a history (file id = group id): PSR = ES_c of |R| over the liquidation
 * horizon by filtered historical simulation with EWMA volatility; VSR = ES_c of the relative
 * change of the EWMA volatility over the horizon; (v2) the correlation to the market factor.
 * Per collateral token with a history (file id = symbol): the haircut = ES_c of -R over the
 * horizon; (v2) tiers from its volume. Per instrument of a group with volume: (v2) the
 * concentration threshold and charge. A group or token without a history keeps its
 * market.json values (and `notes` says so). Pure and deterministic.
 */
import { SECONDS_PER_DAY } from "../../bounds";
import { ArgumentError, CheckFailedError, InputError } from "../../errors";
import { type Decimal, decimalToRational, formatScaled, rationalToDouble } from "../../decimal";
import type { Market, MarketInstrument } from "../../schema";
import {
  ceilUnits4,
  concentrationFor,
  ewmaBurnIn,
  ewmaVolatility,
  factorCorrelations,
  haircutFromReturns,
  lossesOf,
  standardisedResiduals,
  tailRisk,
  expectedShortfall,
  tierExtraBars,
  tiersFromVolume,
  units4,
  volatilityScanRange,
} from "../estimators";
import { type AlignedHistories, alignHistories, logReturns } from "../history";
import type { PriceHistory } from "../history/types";
import { type Fit, fitHistory } from "./fit";
import { type CalibrationOptions, resolveCalibrationOptions } from "./options";
import type {
  Calibration,
  CollateralCalibration,
  GroupCalibration,
  InstrumentCalibration,
} from "./types";

export type { Calibration, CollateralCalibration, GroupCalibration, InstrumentCalibration };
export type { DataRange, HistoryStats } from "./types";
export type { CalibrationOptions } from "./options";

/** A market.json decimal as written (exact, not re-rounded). */
const text = (d: Decimal): string => formatScaled(d.units, d.scale);

function byId(histories: readonly PriceHistory[]): Map<string, PriceHistory> {
  const m = new Map<string, PriceHistory>();
  histories.forEach((h, i) => {
    if (m.has(h.id))
      throw new ArgumentError(`histories[${i}].id`, `duplicate history id "${h.id}"`);
    m.set(h.id, h);
  });
  return m;
}

function toDouble(d: Decimal): number {
  return rationalToDouble(decimalToRational(d));
}

/** Extra bars the concentration charge looks at: the time to trade the threshold amount. */
function concentrationExtra(o: CalibrationOptions, interval: number): number {
  return ((o.concentrationFraction / o.participation) * SECONDS_PER_DAY) / interval;
}

function calibrateGroup(
  g: Market["groups"][number],
  fit: Fit,
  market: Market,
  o: CalibrationOptions,
): GroupCalibration {
  const abs = tailRisk(lossesOf(fit.samples[0], Math.abs), o.confidence);
  const psrUnits = ceilUnits4(abs.es);
  const em = market.scenario.extremeMultiple;
  const xMax = em.num > em.den ? em : { num: 1n, den: 1n };
  if (BigInt(psrUnits) * xMax.num >= 10_000n * xMax.den)
    throw new CheckFailedError(
      `group ${g.id}: calibrated psr ${units4(psrUnits)} x extremeMultiple ${rationalToDouble(xMax)} ` +
        `is not below 1 (scenario prices would not stay positive); from ${fit.history.source}: ` +
        `use a shorter horizon, a lower confidence or a smaller extremeMultiple`,
    );
  const esVol = volatilityScanRange(
    [...fit.ewma.sigma, fit.ewma.forecast],
    fit.horizonBars,
    o.confidence,
    fit.burnIn,
  );
  return {
    id: g.id,
    calibrated: true,
    psr: units4(psrUnits),
    vsr: units4(ceilUnits4(esVol)),
    correlation: null,
    stats: fit.stats,
    esAbs: abs.es,
    varAbs: abs.var,
    esVol,
  };
}

function calibrateCollateral(
  c: Market["collateral"][number],
  fit: Fit,
  o: CalibrationOptions,
): CollateralCalibration {
  const base = haircutFromReturns(fit.samples[0], o.confidence, o.minHaircut);
  const out: CollateralCalibration = {
    symbol: c.symbol,
    calibrated: true,
    haircut: base.haircut,
    stats: fit.stats,
    esLong: base.es,
  };
  if (o.v2Fields && fit.stats.adv !== null) {
    const es = fit.samples.slice(1).map((s) =>
      expectedShortfall(
        lossesOf(s, (r) => -r),
        o.confidence,
      ),
    );
    out.tiers = tiersFromVolume(fit.stats.adv, o.tierMultiples, base.units, es, c.decimals);
  }
  return out;
}

function instrumentNotional(inst: MarketInstrument, groupPrice: number): number {
  const mult = toDouble(inst.multiplier);
  return (inst.kind === "option" ? groupPrice : toDouble(inst.mark)) * mult;
}

/**
 * Correlations of the calibrated groups' standardised returns on their common times; a note
 * instead when they cannot be read side by side (different intervals, no overlap).
 */
function correlations(
  fits: ReadonlyMap<string, Fit>,
  o: CalibrationOptions,
  notes: string[],
): Map<string, string> {
  const ids = [...fits.keys()];
  let aligned: AlignedHistories;
  try {
    aligned = alignHistories(ids.map((id) => (fits.get(id) as Fit).history));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    notes.push(`correlation not estimated: ${e.message}`);
    return new Map();
  }
  const z = aligned.closes.map((closes) => {
    const r = logReturns(closes);
    const e = ewmaVolatility(r, o.lambda, o.ewmaSeedCount);
    return standardisedResiduals(r, e.sigma, ewmaBurnIn(r.length, o.ewmaSeedCount));
  });
  if (z[0].length < 2) {
    notes.push("correlation not estimated: fewer than 2 common returns");
    return new Map();
  }
  const idx = o.factor === null ? undefined : ids.indexOf(o.factor);
  const rho = factorCorrelations(z, idx);
  return new Map(ids.map((id, i) => [id, rho[i].rho]));
}

/**
 * Calibrates `market`'s risk parameters from `histories` (ids: group ids and collateral
 * symbols). Throws {@link ArgumentError} on bad options (named as the option), InputError on
 * a history too short, {@link CheckFailedError} when a group's psr x extremeMultiple >= 1.
 */
export function calibrate(
  histories: readonly PriceHistory[],
  market: Market,
  options: Partial<CalibrationOptions> = {},
): Calibration {
  const o = resolveCalibrationOptions(options);
  const hs = byId(histories);
  const groupIds = market.groups.map((g) => g.id);
  if (o.factor !== null) {
    if (!groupIds.includes(o.factor))
      throw new ArgumentError("factor", `unknown group "${o.factor}"`);
    if (!hs.has(o.factor)) throw new ArgumentError("factor", `no history of group "${o.factor}"`);
  }
  const notes: string[] = [];
  const groupFits = new Map<string, Fit>();
  const groups = market.groups.map((g): GroupCalibration => {
    const h = hs.get(g.id);
    if (!h) {
      notes.push(
        `group ${g.id}: no history, keeps market.json psr ${text(g.psr)} and vsr ${text(g.vsr)}`,
      );
      return {
        id: g.id,
        calibrated: false,
        psr: text(g.psr),
        vsr: text(g.vsr),
        correlation: null,
        stats: null,
        esAbs: null,
        varAbs: null,
        esVol: null,
      };
    }
    const extra = o.v2Fields && h.volumes ? [concentrationExtra(o, h.interval)] : [];
    const fit = fitHistory(h, extra, o);
    groupFits.set(g.id, fit);
    return calibrateGroup(g, fit, market, o);
  });

  if (o.v2Fields && groupFits.size > 0) {
    const rho = correlations(groupFits, o, notes);
    for (const g of groups) g.correlation = rho.get(g.id) ?? null;
  }

  const collateral = market.collateral.map((c): CollateralCalibration => {
    const h = hs.get(c.symbol);
    if (!h) {
      notes.push(
        `collateral ${c.symbol}: no history, keeps market.json haircut ${text(c.haircut)}`,
      );
      return {
        symbol: c.symbol,
        calibrated: false,
        haircut: text(c.haircut),
        stats: null,
        esLong: null,
      };
    }
    const extra =
      o.v2Fields && h.volumes ? tierExtraBars(o.tierMultiples, o.participation, h.interval) : [];
    return calibrateCollateral(c, fitHistory(h, extra, o), o);
  });

  // concentration: ES of |R| over the horizon lengthened by the time to trade the threshold
  const esLonger = new Map<string, number>();
  for (const [id, fit] of groupFits)
    if (o.v2Fields && fit.stats.adv !== null)
      esLonger.set(id, expectedShortfall(lossesOf(fit.samples[1], Math.abs), o.confidence));
  const instruments = market.instruments.map((inst): InstrumentCalibration => {
    const gi = groupIds.indexOf(inst.group);
    const fit = groupFits.get(inst.group);
    const longer = esLonger.get(inst.group);
    const esAbs = groups[gi].esAbs;
    if (!fit || fit.stats.adv === null || longer === undefined || esAbs === null)
      return { id: inst.id, group: inst.group };
    const conc = concentrationFor(
      fit.stats.adv,
      o.concentrationFraction,
      toDouble(inst.multiplier),
      instrumentNotional(inst, toDouble(market.groups[gi].price)),
      esAbs,
      longer,
    );
    return conc
      ? { id: inst.id, group: inst.group, concentration: conc }
      : { id: inst.id, group: inst.group };
  });

  if (o.v2Fields)
    notes.push(
      "correlation, tiers and concentration are v2 fields (SPEC 7.1): written to the fragment and the merged market where estimated",
    );
  const used = new Set([...groupIds, ...market.collateral.map((c) => c.symbol)]);
  return {
    version: 1,
    options: o,
    factor: o.factor ?? "equal-weighted",
    groups,
    collateral,
    instruments,
    unused: [...hs.keys()].filter((id) => !used.has(id)),
    notes,
  };
}
