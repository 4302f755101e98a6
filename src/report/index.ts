/** Reports: how margin figures are written for people and JSON. */
export * from "./format";
export * from "./margin-report";
export * from "./requirement";
export * from "./scenario-label";
