/**
 * Reads published bytes from a URL (Node 20's global fetch) or a local file, hashing them as
 * they stream (node:crypto sha256) and reporting progress.
 *
 * {@link fetchToFile} writes into a temporary file that the caller renames into place only
 * after the hash matched; on any failure the temporary file is removed. Checks, in order:
 *   - HTTP status (404 etc.) or a missing file: {@link ArtifactUnavailableError};
 *   - a body that ends before its Content-Length (or the published size, when the server sent
 *     none): {@link TruncatedDownloadError};
 *   - a complete body whose sha256 (or size) is not the published one:
 *     {@link ArtifactHashMismatchError} with both hashes.
 * Compression is refused (`Accept-Encoding: identity`), so Content-Length counts the bytes
 * that are hashed. A connection that sends nothing for `idleTimeoutMs` is abandoned.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import {
  ArtifactHashMismatchError,
  ArtifactUnavailableError,
  TruncatedDownloadError,
} from "./errors";
import { Location, describeLocation } from "./manifest";

/** Progress of one artifact: `total` is the expected size in bytes (0 if unknown). */
export type ByteProgress = (loaded: number, total: number) => void;

/** Default idle timeout of a download (no byte received for this long: give up). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

interface Opened {
  /** Content-Length (or the file size); undefined when the server did not say. */
  length?: number;
  chunks: AsyncIterable<Uint8Array>;
  /** Stop reading (abort the request, close the file). */
  close(): void;
}

function causeOf(e: unknown): string {
  const err = e as Error & { cause?: unknown };
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message ?? String(e)}${cause}`;
}

async function open(loc: Location, artifact: string, idleTimeoutMs: number): Promise<Opened> {
  if (loc.kind === "file") {
    let size: number;
    try {
      const st = fs.statSync(loc.path);
      if (!st.isFile()) throw new Error("not a regular file");
      size = st.size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ArtifactUnavailableError(
        artifact,
        loc.path,
        code === "ENOENT" ? "no such file" : `cannot read (${code ?? (e as Error).message})`,
      );
    }
    const stream = fs.createReadStream(loc.path, { highWaterMark: 1 << 20 });
    return { length: size, chunks: stream, close: () => stream.destroy() };
  }

  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(
      () => ac.abort(new Error(`no data for ${idleTimeoutMs / 1000} s`)),
      idleTimeoutMs,
    );
    timer.unref();
  };
  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
  };
  arm();
  let res: Response;
  try {
    res = await fetch(loc.url, {
      signal: ac.signal,
      redirect: "follow",
      headers: { "accept-encoding": "identity" },
    });
  } catch (e) {
    disarm();
    throw new ArtifactUnavailableError(artifact, loc.url, `could not be fetched (${causeOf(e)})`);
  }
  if (!res.ok) {
    disarm();
    await res.body?.cancel().catch(() => undefined);
    throw new ArtifactUnavailableError(
      artifact,
      loc.url,
      `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
      res.status,
    );
  }
  const encoding = res.headers.get("content-encoding");
  const header = res.headers.get("content-length");
  const length =
    header !== null && /^\d+$/.test(header) && (encoding === null || encoding === "identity")
      ? Number(header)
      : undefined;
  const body = res.body;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      if (body === null) return;
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        yield chunk;
      }
    } finally {
      disarm();
    }
  }
  return {
    length,
    chunks: chunks(),
    close: () => {
      disarm();
      ac.abort();
    },
  };
}

/** What streamed: sha256 (hex) and byte count. */
export interface Streamed {
  sha256: string;
  size: number;
}

/**
 * Streams `loc` through sha256 into `sink` (if any), stopping with an error after `maxBytes`.
 * A read error before `expectedBytes` (Content-Length, else `fallbackSize`) is a truncation.
 */
async function stream(
  loc: Location,
  artifact: string,
  o: {
    maxBytes: number;
    fallbackSize?: number;
    idleTimeoutMs: number;
    onProgress?: ByteProgress;
    sink?: (chunk: Uint8Array) => Promise<void>;
  },
): Promise<Streamed> {
  const where = describeLocation(loc);
  const opened = await open(loc, artifact, o.idleTimeoutMs);
  const expected = opened.length ?? o.fallbackSize;
  const hash = crypto.createHash("sha256");
  let loaded = 0;
  let localError: unknown; // writing the temporary file failed: not the source's fault
  o.onProgress?.(0, expected ?? 0);
  try {
    for await (const chunk of opened.chunks) {
      loaded += chunk.length;
      if (loaded > o.maxBytes)
        throw new ArtifactUnavailableError(
          artifact,
          where,
          `larger than ${o.maxBytes} bytes: refusing to read further`,
        );
      hash.update(chunk);
      if (o.sink)
        await o.sink(chunk).catch((e: unknown) => {
          localError = e;
          throw e;
        });
      o.onProgress?.(loaded, expected ?? 0);
    }
  } catch (e) {
    opened.close();
    if (e instanceof ArtifactUnavailableError || (localError !== undefined && e === localError))
      throw e;
    if (expected !== undefined && loaded < expected)
      throw new TruncatedDownloadError(artifact, where, expected, loaded, causeOf(e));
    throw new ArtifactUnavailableError(
      artifact,
      where,
      `download failed after ${loaded} bytes (${causeOf(e)})`,
    );
  }
  if (opened.length !== undefined && loaded < opened.length)
    throw new TruncatedDownloadError(artifact, where, opened.length, loaded);
  return { sha256: hash.digest("hex"), size: loaded };
}

/**
 * The whole of a small resource (the publication manifest), at most `maxBytes`. The caller
 * checks its hash.
 */
export async function fetchBytes(
  loc: Location,
  artifact: string,
  opts: { maxBytes?: number; idleTimeoutMs?: number } = {},
): Promise<{ bytes: Buffer; sha256: string }> {
  const parts: Uint8Array[] = [];
  const r = await stream(loc, artifact, {
    maxBytes: opts.maxBytes ?? 1 << 22,
    idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    sink: (c) => {
      parts.push(c);
      return Promise.resolve();
    },
  });
  return { bytes: Buffer.concat(parts), sha256: r.sha256 };
}

/**
 * Streams `loc` into the new file `tmp` (created exclusively) while hashing, and checks it
 * against the published `sha256` and `size`. On any failure `tmp` is removed and the error
 * (see the file comment) thrown; on success the caller renames `tmp` into place.
 */
export async function fetchToFile(
  loc: Location,
  tmp: string,
  o: {
    artifact: string;
    sha256: string;
    size: number;
    onProgress?: ByteProgress;
    idleTimeoutMs?: number;
  },
): Promise<Streamed> {
  const fh = await fs.promises.open(tmp, "wx");
  let ok = false;
  try {
    const r = await stream(loc, o.artifact, {
      // hash a little past the published size, so a longer file is reported by its hash
      maxBytes: Math.max(2 * o.size, o.size + (16 << 20)),
      fallbackSize: o.size,
      idleTimeoutMs: o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      onProgress: o.onProgress,
      sink: async (c) => {
        await fh.write(c);
      },
    });
    if (r.sha256 !== o.sha256 || r.size !== o.size)
      throw new ArtifactHashMismatchError({
        artifact: o.artifact,
        location: describeLocation(loc),
        expected: o.sha256,
        actual: r.sha256,
        origin: "download",
        expectedBytes: o.size,
        actualBytes: r.size,
      });
    ok = true;
    return r;
  } finally {
    await fh.close().catch(() => undefined);
    if (!ok) fs.rmSync(tmp, { force: true });
  }
}
