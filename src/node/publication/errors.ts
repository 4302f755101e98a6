/**
 * Errors of fetching and checking published artifacts. Each is data: a class with the
 * fields a caller needs (artifact, where it came from, what was expected, what was found),
 * not a message prefix to parse. All of them are {@link CheckFailedError}s (the CLI exits
 * with 1): the input was well formed, but the bytes were not the pinned ones, or could not be
 * had. A malformed manifest, option or config file is an {@link InputError} instead (exit 2).
 *
 * `artifact` names the file as the publication does (`small/small.zkey`, `artifacts.json`);
 * `location` is where the bytes were read: a URL, or an absolute path (a local publication, a
 * cached file under build/, a build output being published).
 */
import { CheckFailedError } from "../../errors";

/** A published artifact that failed a check. */
export class ArtifactError extends CheckFailedError {
  readonly artifact: string;
  readonly location: string;

  constructor(artifact: string, location: string, detail: string) {
    super(`${artifact} (${location}): ${detail}`);
    this.name = "ArtifactError";
    this.artifact = artifact;
    this.location = location;
  }
}

/**
 * Where the refused bytes were: `download` (fetched or copied from the publication),
 * `cache` (a file already under build/ that does not have the pinned hash: changed on disk
 * since it was installed, or from another build or publication) or
 * `build` (a build output that is not what its own build manifest records, when publishing).
 */
export type HashOrigin = "download" | "cache" | "build";

/** The bytes do not hash to the pinned sha256: refused, never used. */
export class ArtifactHashMismatchError extends ArtifactError {
  readonly expected: string;
  readonly actual: string;
  readonly origin: HashOrigin;
  /** Sizes in bytes, when known (a different size is reported as a different hash). */
  readonly expectedBytes?: number;
  readonly actualBytes?: number;

  constructor(o: {
    artifact: string;
    location: string;
    expected: string;
    actual: string;
    origin: HashOrigin;
    expectedBytes?: number;
    actualBytes?: number;
    /** Appended to the message (e.g. how to recover). */
    hint?: string;
  }) {
    const what =
      o.origin === "cache"
        ? "file on disk: "
        : o.origin === "build"
          ? "build output differs from its build manifest: "
          : "";
    const sizes =
      o.expectedBytes !== undefined &&
      o.actualBytes !== undefined &&
      o.expectedBytes !== o.actualBytes
        ? ` (${o.actualBytes} bytes, expected ${o.expectedBytes})`
        : "";
    super(
      o.artifact,
      o.location,
      `${what}sha256 ${o.actual}${sizes} is not the ${o.origin === "build" ? "recorded" : "pinned"} ${o.expected}: refusing these bytes` +
        (o.hint ? `; ${o.hint}` : ""),
    );
    this.name = "ArtifactHashMismatchError";
    this.expected = o.expected;
    this.actual = o.actual;
    this.origin = o.origin;
    this.expectedBytes = o.expectedBytes;
    this.actualBytes = o.actualBytes;
  }
}

/** The artifact could not be had: HTTP error status, network error, missing file, too large. */
export class ArtifactUnavailableError extends ArtifactError {
  /** HTTP status when the server answered with an error (404, 500, ...). */
  readonly status?: number;
  readonly reason: string;

  constructor(artifact: string, location: string, reason: string, status?: number) {
    super(artifact, location, reason);
    this.name = "ArtifactUnavailableError";
    this.reason = reason;
    this.status = status;
  }
}

/** The download ended before all announced bytes arrived (connection closed early). */
export class TruncatedDownloadError extends ArtifactError {
  /** Bytes announced (Content-Length, else the size in the publication manifest). */
  readonly expectedBytes: number;
  readonly receivedBytes: number;

  constructor(
    artifact: string,
    location: string,
    expectedBytes: number,
    receivedBytes: number,
    cause?: string,
  ) {
    super(
      artifact,
      location,
      `truncated download: received ${receivedBytes} of ${expectedBytes} bytes` +
        (cause ? ` (${cause})` : ""),
    );
    this.name = "TruncatedDownloadError";
    this.expectedBytes = expectedBytes;
    this.receivedBytes = receivedBytes;
  }
}

/**
 * The files of a publication hash correctly but contradict each other or the publication
 * manifest (e.g. the published build manifest records another zkey hash, or the verification
 * key is not the zkey's): the venue published an inconsistent set.
 */
export class InconsistentPublicationError extends ArtifactError {
  /** What disagrees, e.g. `keys.zkeySha256` or `vkeyHash`. */
  readonly field: string;
  readonly expected: string;
  readonly actual: string;

  constructor(o: {
    artifact: string;
    location: string;
    field: string;
    expected: string;
    actual: string;
  }) {
    super(o.artifact, o.location, `${o.field} is ${o.actual}, expected ${o.expected}`);
    this.name = "InconsistentPublicationError";
    this.field = o.field;
    this.expected = o.expected;
    this.actual = o.actual;
  }
}
