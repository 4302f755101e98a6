/** The margin backtest (SPEC 7.3 `risk backtest`; docs/RISK.md, "Backtest"). */
export * from "./chi-square";
export * from "./kupiec";
export * from "./christoffersen";
export * from "./target";
export * from "./summary";
export * from "./portfolios";
export * from "./options";
export * from "./calibrator";
export * from "./replay";
export * from "./report";
export * from "./chart";
export type * from "./types";
