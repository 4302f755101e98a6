/** Instrument kinds: what each one is in market.json and how it is valued; the registry. */
export * from "./kind";
export * from "./registry";
export * from "./vsr-tenor";
export * from "./concentration";
