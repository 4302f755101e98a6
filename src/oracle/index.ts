/** The risk oracle's SDK side (pure): configuration, validation, the epoch's market, stress. */
export * from "./config";
export {
  type CalibrationFragment,
  parseCalibrationFragment,
} from "../risk-desk/calibrate/fragment";
export * from "./validate";
export * from "./market";
export * from "./stress";
