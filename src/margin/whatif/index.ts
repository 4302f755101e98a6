/**
 * What-if tools on the exact margin maths (issue 17 point 3): shifted markets, distance to
 * insolvency, collateral to reach a health, the largest trade, a draft before and after, and
 * their JSON. Browser-safe (nothing Node-only). docs/WHATIF.md states the method.
 */
export * from "./shift";
export * from "./health";
export * from "./evaluator";
export * from "./distance";
export * from "./apply";
export * from "./collateral";
export * from "./quantity";
export * from "./draft";
export * from "./json";
