/** The risk desk's stress test of a venue's book (docs/STRESS.md). */
export * from "./types";
export * from "./shocks";
export * from "./book";
export * from "./evaluate";
export * from "./lapse-order";
export * from "./historical";
export * from "./summary";
export * from "./run";
export * from "./report";
export * from "./chart";
export * from "./window-loss";
