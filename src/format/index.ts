/** The format layer: shared zod primitives and the one zod -> InputError mapping. */
export * from "./primitives";
export * from "./parse";
