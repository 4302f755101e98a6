/**
 * Fetching artifacts by URL with an integrity check (browser and Node 20: fetch and
 * crypto.subtle only). The bytes are hashed before anything uses them; a mismatch throws
 * {@link IntegrityError} naming the artifact, its URL and both hashes.
 */

/** An artifact's bytes did not hash to the pinned value, or could not be fetched. */
export class IntegrityError extends Error {
  constructor(
    readonly artifact: string,
    readonly url: string,
    message: string,
  ) {
    super(`${artifact} (${url}): ${message}`);
    this.name = "IntegrityError";
  }
}

/** Download progress of one artifact (`total` is 0 when the server sent no length). */
export type DownloadProgress = (loaded: number, total: number) => void;

/** sha256 of `bytes` as 64 lower-case hex digits (Web Crypto). */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fetches `url` fully, reporting progress as the body streams in. */
export async function fetchBytes(
  url: string,
  artifact: string,
  onProgress?: DownloadProgress,
): Promise<Uint8Array<ArrayBuffer>> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-cache" });
  } catch (e) {
    throw new IntegrityError(artifact, url, `could not be fetched: ${(e as Error).message}`);
  }
  if (!res.ok) throw new IntegrityError(artifact, url, `HTTP ${res.status} ${res.statusText}`);
  const total = Number(res.headers.get("content-length") ?? 0) || 0;
  if (!res.body) {
    const whole = new Uint8Array(await res.arrayBuffer());
    onProgress?.(whole.length, total);
    return whole;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Fetches `url` and returns its bytes only if their sha256 equals `expectedSha256`.
 * @throws IntegrityError naming `artifact` when the fetch fails or the hash differs.
 */
export async function fetchVerified(
  url: string,
  expectedSha256: string,
  artifact: string,
  onProgress?: DownloadProgress,
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await fetchBytes(url, artifact, onProgress);
  const actual = await sha256Hex(bytes);
  if (actual !== expectedSha256.toLowerCase())
    throw new IntegrityError(
      artifact,
      url,
      `sha256 ${actual} is not the expected ${expectedSha256}: refusing a different key`,
    );
  return bytes;
}
