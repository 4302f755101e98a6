/**
 * The epoch's market.json and risk table from a round of validated prices: the template's
 * instruments repriced at the feeds' group prices ({@link moveMarket}: linear marks scale,
 * options are Black-76 at the new price and time), collateral at its feed or vault price
 * (else with its group), the calibration fragment's PSR, VSR and haircuts (and its SPEC 7.1
 * correlations, tiers and concentration add-ons), the given
 * epoch (the engine's latest + 1) and timestamp (the chain's time). moveMarket checks the
 * result as parseMarket does; buildRiskTable compiles it for the circuit instance.
 */
import type { Market } from "../schema";
import { type RiskTable, buildRiskTable } from "../risk-table";
import { type CollateralMove, type GroupMove, moveMarket } from "../risk-desk/market-move";
import type { CalibrationFragment } from "../risk-desk/calibrate/fragment";

export interface EpochMarketInput {
  template: Market;
  calibration?: CalibrationFragment;
  /** Validated USD prices by group id and by collateral symbol. */
  prices: {
    groups: Readonly<Record<string, number>>;
    collateral: Readonly<Record<string, number>>;
  };
  epoch: number;
  timestamp: number;
  /** Circuit instance of the risk table. */
  instance: string;
}

export interface EpochMarket {
  market: Market;
  table: RiskTable;
}

/**
 * The template with the calibration applied and nothing repriced (its own prices and
 * time): checks at start-up that the calibration and template make a valid market.
 */
export function calibratedTemplate(
  template: Market,
  calibration: CalibrationFragment | undefined,
  source: string,
): Market {
  return moveMarket(template, calibrationMove(template, calibration, {}, {}), source);
}

function calibrationMove(
  template: Market,
  calibration: CalibrationFragment | undefined,
  groupPrices: Readonly<Record<string, number>>,
  collateralPrices: Readonly<Record<string, number>>,
) {
  const groups: Record<string, GroupMove> = {};
  for (const g of template.groups) {
    const cal = calibration?.groups.find((x) => x.id === g.id);
    const price = groupPrices[g.id];
    groups[g.id] = {
      ...(price !== undefined ? { price } : {}),
      ...(cal ? { psr: cal.psr, vsr: cal.vsr } : {}),
      ...(cal?.correlation !== undefined ? { correlation: cal.correlation } : {}),
    };
  }
  const collateral: Record<string, CollateralMove> = {};
  for (const c of template.collateral) {
    const cal = calibration?.collateral.find((x) => x.symbol === c.symbol);
    const price = collateralPrices[c.symbol];
    collateral[c.symbol] = {
      ...(price !== undefined ? { price } : {}),
      ...(cal ? { haircut: cal.haircut } : {}),
      ...(cal?.tiers ? { tiers: cal.tiers } : {}),
    };
  }
  const concentration: Record<string, { threshold: string; charge: string }> = {};
  for (const i of calibration?.instruments ?? []) concentration[i.id] = i.concentration;
  return { groups, collateral, concentration };
}

/** Builds the epoch's market and its risk table (errors name `oracle epoch <n>`). */
export function buildEpochMarket(input: EpochMarketInput): EpochMarket {
  const source = `oracle epoch ${input.epoch} market`;
  const move = calibrationMove(
    input.template,
    input.calibration,
    input.prices.groups,
    input.prices.collateral,
  );
  const market = moveMarket(
    input.template,
    { ...move, epoch: input.epoch, timestamp: input.timestamp },
    source,
  );
  return { market, table: buildRiskTable(market, input.instance, source) };
}

/** Ids and symbols of the calibration that the template does not have (not applied). */
export function unusedCalibration(template: Market, calibration: CalibrationFragment): string[] {
  const groups = new Set(template.groups.map((g) => g.id));
  const symbols = new Set(template.collateral.map((c) => c.symbol));
  const ids = new Set(template.instruments.map((i) => i.id));
  return [
    ...calibration.groups.filter((g) => !groups.has(g.id)).map((g) => `groups.${g.id}`),
    ...calibration.collateral
      .filter((c) => !symbols.has(c.symbol))
      .map((c) => `collateral.${c.symbol}`),
    ...(calibration.instruments ?? [])
      .filter((i) => !ids.has(i.id))
      .map((i) => `instruments.${i.id}`),
  ];
}
