/**
 * The signals of every template under test (circuits/*.circom), as witness-tester types:
 * `WitnessTester<inputs, signals read>`. An input missing a signal, or naming one the
 * template does not have (a misspelling), does not compile.
 */
import type { SolvencyInput } from "../../src/circuit-input";
import type { WitnessTester } from "./tester";

// range-check.circom
export type RangeCheckTester = WitnessTester<"in", "bits">;
export type GreaterEqTester = WitnessTester<"a" | "b", never>;
export type SignedAbsTester = WitnessTester<"in", "absValue" | "isNonNeg">;
export type OneHotTester = WitnessTester<"index", "sel">;

// merkle-root.circom, instrument-inclusion.circom
export type MerklePathNodeTester = WitnessTester<"leaf" | "indexBits" | "pathElements", "node">;
export type MerkleCapRootTester = WitnessTester<"nodes", "root">;
export type MuxByBitsTester = WitnessTester<"values" | "bits", "out">;
export type InstrumentLeafTester = WitnessTester<
  "instrumentId" | "groupWord" | "mark" | "floor" | "risk",
  "leaf"
>;
export type InstrumentInclusionIn =
  | "enabled"
  | "instrumentCap"
  | "instrumentId"
  | "groupWord"
  | "mark"
  | "floor"
  | "risk"
  | "leafIndex"
  | "pathElements";
export type InstrumentInclusionTester = WitnessTester<InstrumentInclusionIn, never>;

// risk-root.circom
type CollateralTable = "token" | "tagWord" | "unitValue";
export type CollateralRootTester = WitnessTester<CollateralTable, "collateralRoot">;
export type RiskRootTester = WitnessTester<
  "instrumentRoot" | "epochWord" | "timestamp" | CollateralTable,
  "riskRoot"
>;

// state-hash.circom
type CommittedState =
  "account" | "cash" | "nonce" | "salt" | "instrumentId" | "quantity" | "costBasis";
export type PositionCommitmentTester = WitnessTester<CommittedState, "commitment">;
export type StateHashTester = WitnessTester<CommittedState | "amount", "stateHash">;

// account-values.circom
export type AccountValuesIn =
  | "quantity"
  | "costBasis"
  | "mark"
  | "floor"
  | "cash"
  | "amount"
  | "effectiveAmount"
  | "unitValue0";
export type AccountValuesTester = WitnessTester<
  AccountValuesIn,
  "absQuantity" | "floorTotal" | "netLiquidationValue" | "haircutCollateral" | "equity"
>;

// tiers.circom, concentration.circom, correlation.circom
export type ExcessOverTester = WitnessTester<"x" | "y", "excess" | "above">;
export type FloorBpsTester = WitnessTester<"in", "quotient">;
export type TieredAmountTester = WitnessTester<"amount" | "gap" | "factor", "effective">;
export type ConcentrationAddOnTester = WitnessTester<
  "absQuantity" | "isEmpty" | "threshold" | "charge" | "excessWitness",
  "liquidity"
>;
export type CorrelatedScanTester = WitnessTester<
  "req" | "groupWitness" | "correlation" | "jointWitness" | "scanWitness",
  never
>;

// scenario-requirements.circom
export type ScenarioRequirementsIn =
  "quantity" | "groupIndex" | "risk" | "amount" | "groupTag" | "unitValue";
export type ScenarioRequirementsTester = WitnessTester<ScenarioRequirementsIn, "req">;

// solvency-inequality.circom
export type SolvencyInequalityIn =
  | "req"
  | "groupWitness"
  | "correlation"
  | "jointWitness"
  | "scanWitness"
  | "liquidity"
  | "equity"
  | "floorTotal"
  | "multiplier";
export type SolvencyInequalityTester = WitnessTester<SolvencyInequalityIn, never>;

// solvency.circom: the inputs are the fields of the SDK's circuit input (src/circuit-input.ts).
export type SolvencyIn = keyof SolvencyInput;
/** Intermediate signals of Solvency's main that tests read. */
export type SolvencyRead =
  "floorTotal" | "netLiquidationValue" | "haircutCollateral" | "equity" | "req";
export type SolvencyTester = WitnessTester<SolvencyIn, SolvencyRead>;
