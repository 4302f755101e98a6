/**
 * The margin model (SPEC sections 4 and 7.1): `computeMargin`, its result type, the SPEC 7.1
 * terms and the multiplier parser. The import path `./margin` is this folder.
 */
export * from "./types";
export { computeMargin } from "./compute";
export { parseMultiplier } from "./multiplier";
export { solventAt, type SolvencyFigures } from "./solvency";
export { effectiveAmount, jointScan, liquidityExcess, type JointScan } from "./features";
export * from "./whatif";
