// Programmatic API of the proving-key pipeline (scripts/build.ts, `zkmargin setup`, test hooks).
export { buildInstance, instanceNames } from "./pipeline";
export type { BuildOptions, BuildResult } from "./pipeline";
export type { Manifest, CompileRecord, KeysRecord, PtauRecord } from "./manifest";
export { readManifest } from "./manifest";
export { canonicalJson, sha256File, vkeyHash } from "./hash";
export { stderrLog, silentLog, memoryLog } from "./log";
export type { BuildLog } from "./log";
export { releaseSnarkjsWorkers } from "./tools";
export { loadInstancesConfig, parseInstancesConfig, renderMain } from "./config";
export type { InstancesConfig } from "./config";
export { checkPtau, requiredPtauPower, generateDevPtau } from "./ptau";
export * as ceremony from "./ceremony";
export { exportVerifierContract, verifierContractName } from "./verifier-contract";
