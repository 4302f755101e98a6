/**
 * zkmargin SDK (browser-safe barrel: nothing here touches the file system).
 */
export * from "./errors";
export * from "./decimal";
export * from "./field";
export * from "./bounds";
export * from "./instances";
export * from "./poseidon";
export * from "./merkle";
export * from "./scenarios";
export * from "./black76";
export * from "./schema";
export * from "./instruments";
export * from "./risk-table";
export * from "./portfolio";
export * from "./salt";
export * from "./margin";
export * from "./report";
