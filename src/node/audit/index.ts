// Auditor tooling: `zkmargin audit`, `zkmargin inspect`, circuit hygiene (circom --inspect).
export { runAudit, formatAuditReport, writeManifestFromBuild, rebuildInstances } from "./audit";
export type { AuditReport, AuditCheck, AuditOptions, KeyOverrides } from "./audit";
export { readCommittedManifest, committedManifestPath, sourceHashes } from "./manifest";
export type { CommittedManifest } from "./manifest";
export { inspectProof, formatInspectReport } from "./inspect-proof";
export type { InspectReport } from "./inspect-proof";
export * from "./keys";
export * from "./batch-checks";
export * from "./circom-inspect";
