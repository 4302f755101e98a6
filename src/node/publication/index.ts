/**
 * Published proving artifacts: a venue publishes the wasm, zkey and verification key of its
 * circuit instances after a ceremony (publish.ts); a wallet installs them, pinned by the sha256
 * of the publication manifest (install.ts). See manifest.ts for the format and README
 * ("Production keys from a ceremony: publishing and pinning artifacts").
 */
export {
  ArtifactError,
  ArtifactHashMismatchError,
  ArtifactUnavailableError,
  InconsistentPublicationError,
  TruncatedDownloadError,
} from "./errors";
export type { HashOrigin } from "./errors";
export {
  PUBLICATION_FILE,
  PUBLICATION_KIND,
  ROLES,
  parsePublication,
  resolveSource,
} from "./manifest";
export type { FileEntry, InstanceEntry, Publication, Role } from "./manifest";
export { fetchBytes, fetchToFile } from "./fetch";
export type { ByteProgress } from "./fetch";
export { SOURCE_RECORD, destinationOf, installArtifacts } from "./install";
export { checkPin, loadPinnedPublication, publicationCachePath } from "./pinned";
export { checkConsistency } from "./consistency";
export type {
  FileStatus,
  InstallOptions,
  InstallProgress,
  InstallResult,
  InstalledFile,
  InstalledInstance,
  SourceRecord,
} from "./install";
export { publishArtifacts } from "./publish";
export type { PublishOptions, PublishResult } from "./publish";
export { CONFIG_FILE, findConfig, readConfig } from "./config";
export type { ZkmarginConfig } from "./config";
