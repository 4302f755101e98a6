/** The risk desk's estimators: one per module, each pure (doubles in, doubles out). */
export * from "./ewma";
export * from "./expected-shortfall";
export * from "./fhs";
export * from "./vsr";
export * from "./correlation";
export * from "./haircut";
export * from "./adv";
export * from "./tiers";
export * from "./concentration";
export * from "./round4";
