/** `zkmargin risk calibrate`'s SDK: calibrate, the market.json fragment, report and chart. */
export * from "./calibrate";
export * from "./options";
export * from "./fragment";
export * from "./report";
export * from "./chart";
export { MIN_RETURNS } from "./fit";
