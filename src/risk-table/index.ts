/**
 * The risk table of an epoch (SPEC section 4, PROTOCOL sections 3-6): its types, hash
 * layouts, compilation from market.json, the one assembly path (bounds, roots) and
 * risk.json.
 */
export * from "./types";
export {
  riskHash,
  instrumentLeaf,
  collateralLeaf,
  collateralLeaves,
  computeRiskRoot,
  instrumentTree,
  instrumentPath,
  instrumentCap,
  groupWord,
  tagWord,
  epochWord,
  tierSlots,
  groupCorrelations,
  type TierSlot,
} from "./layout";
export { compileConcentration, compileTiers, correlationBps, tierFactor } from "./features";
export {
  assembleRiskTable,
  checkRiskFields,
  riskJsonPath,
  type CheckedValue,
  type Locate,
} from "./assemble";
export { buildRiskTable, compileRiskFields } from "./compile";
export { riskTableToJson, serializeRiskTable, parseRiskTable } from "./risk-json";
