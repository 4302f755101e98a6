/**
 * The relayer's HTTP API (node:http, JSON):
 *
 * - `POST /proofs` `{account, epoch, tier, proof}` -> 202 `{id, status}`; 400 `{error, field,
 *   rule}` for a bad body (`error: "input"`) or a proof the engine would refuse (`error`: the
 *   refusal code, e.g. `StateHashMismatch`, `UnknownTier`); 413 over the body limit; 429 over
 *   the account's rate limit; 409 when the account already has a proof queued or in a batch;
 *   503 when the chain did not answer the checks.
 * - `GET /proofs/:id` -> the proof's status (queued | submitted | accepted | rejected), code,
 *   reason, batch and transaction; 404 when unknown.
 * - `GET /health` -> counts by status, batches, batches being reconciled.
 *
 * Every check runs before anything is stored: a refused proof is never queued.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { InputError } from "../../errors";
import { type CheckDeps, RelayerRefusal, checkSubmission } from "./check";
import type { RateLimiter } from "./rate-limit";
import { parseSubmission } from "./request";
import type { RelayerStore, StoredProof } from "./store";

export interface ServerDeps {
  store: RelayerStore;
  check: CheckDeps;
  /** Largest accepted body, bytes. */
  maxBodyBytes: number;
  limiter: RateLimiter;
  /** Called when a proof was queued (the service may send a batch now). */
  onQueued?: (p: StoredProof) => void;
  /** Extra fields of GET /health. */
  health?: () => Record<string, unknown>;
}

type Reply = { status: number; body: Record<string, unknown> };

const fail = (status: number, error: string, field: string, rule: string): Reply => ({
  status,
  body: { error, field, rule },
});

/** The public view of a stored proof (without the proof itself). */
export function proofView(p: StoredProof): Record<string, unknown> {
  return {
    id: p.id,
    account: p.account,
    epoch: p.epoch,
    tier: p.tier,
    status: p.status,
    validUntil: p.grants,
    received: new Date(p.received).toISOString(),
    ...(p.code !== undefined ? { code: p.code } : {}),
    ...(p.reason !== undefined ? { reason: p.reason } : {}),
    ...(p.batch !== undefined ? { batch: p.batch } : {}),
    ...(p.tx !== undefined ? { tx: p.tx } : {}),
    ...(p.recovered ? { recovered: true } : {}),
  };
}

/** Reads the body up to `max` bytes; null when larger (the rest is discarded). */
function readBody(req: http.IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > max) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function postProof(deps: ServerDeps, req: http.IncomingMessage): Promise<Reply> {
  const text = await readBody(req, deps.maxBodyBytes);
  if (text === null)
    return fail(413, "too-large", "(body)", `must be at most ${deps.maxBodyBytes} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(400, "input", "(root)", "must be JSON");
  }
  let s;
  try {
    s = parseSubmission(json);
  } catch (e) {
    if (e instanceof InputError) return fail(400, "input", e.path, e.rule);
    throw e;
  }
  if (!deps.limiter.allow(s.account))
    return fail(
      429,
      "rate-limited",
      "account",
      `at most ${deps.limiter.max} proofs per ${deps.limiter.windowMs / 1000} s per account`,
    );
  const busy = () => deps.store.active(s.account);
  const already = (p: StoredProof): Reply => ({
    status: 409,
    body: {
      error: "AlreadyQueued",
      field: "account",
      rule: `proof ${p.id} of this account is ${p.status}`,
      id: p.id,
    },
  });
  const before = busy();
  if (before) return already(before);
  let grants: bigint;
  try {
    ({ grants } = await checkSubmission(deps.check, s));
  } catch (e) {
    if (e instanceof RelayerRefusal) return fail(400, e.code, e.field, e.message);
    return fail(503, "rpc-error", "(chain)", e instanceof Error ? e.message : String(e));
  }
  // another request for the account may have been queued while this one was checked
  const raced = busy();
  if (raced) return already(raced);
  const p: StoredProof = {
    id: randomUUID(),
    account: s.account,
    epoch: s.epoch.toString(),
    tier: s.tier,
    grants: grants.toString(),
    proof: s.proof,
    status: "queued",
    received: Date.now(),
  };
  deps.store.enqueue(p);
  deps.onQueued?.(p);
  return { status: 202, body: { id: p.id, status: "queued" } };
}

async function route(deps: ServerDeps, req: http.IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? "/", "http://relayer");
  if (url.pathname === "/proofs") {
    if (req.method !== "POST") return fail(405, "method", "(method)", "must be POST");
    return postProof(deps, req);
  }
  const m = /^\/proofs\/([0-9a-f-]{1,64})$/.exec(url.pathname);
  if (m && req.method === "GET") {
    const p = deps.store.get(m[1]);
    return p ? { status: 200, body: proofView(p) } : fail(404, "not-found", "id", "no such proof");
  }
  if (url.pathname === "/health" && req.method === "GET")
    return {
      status: 200,
      body: { status: "ok", ...deps.store.counts(), ...(deps.health?.() ?? {}) },
    };
  return fail(404, "not-found", "(path)", "GET /health, GET /proofs/:id or POST /proofs");
}

/** The relayer's HTTP server (not listening yet). */
export function createRelayerServer(deps: ServerDeps): http.Server {
  return http.createServer((req, res) => {
    if (req.method === "OPTIONS") {
      // a page on another origin posts JSON: the browser asks first
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "content-type",
      });
      res.end();
      return;
    }
    route(deps, req)
      .catch((e: unknown): Reply => fail(500, "internal", "(server)", String(e)))
      .then((r) => {
        const body = JSON.stringify(r.body);
        res.writeHead(r.status, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "access-control-allow-origin": "*",
        });
        res.end(body);
      });
  });
}
