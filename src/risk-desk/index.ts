/**
 * The venue's risk desk (SPEC 7.3; docs/RISK.md, docs/STRESS.md): price histories, the
 * estimators, calibration, the margin backtest, the book's stress test, and moving a market.
 * Pure: src/node/risk-desk reads the files, src/cli/commands the command line.
 */
export * from "./market-move";
export * from "./history";
export * from "./estimators";
export * from "./calibrate";
export * from "./backtest";
export * from "./stress";
export { renderSvgChart, type ChartSpec, type ChartSeries } from "./chart/svg";
export { mulberry32, normal, studentT, DEFAULT_SEED } from "./simulate/prng";
export { garchPath, type GarchOptions } from "./simulate/garch";
