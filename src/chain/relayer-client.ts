/**
 * Renewing through a relayer (`zkmargin relayer`): posts a prepared renewal's proof and reads
 * its outcome. Browser-safe (the platform's `fetch`); the relayer sends the transaction, so the
 * wallet pays no gas and its proof shares a batch's pairing check.
 */
import { CheckFailedError, InputError } from "../errors";
import type { PreparedRenewal } from "./renewal";

/** A relayer's answer other than success: `error` is its code (`StateHashMismatch`, ...). */
export class RelayerRequestError extends CheckFailedError {
  override readonly code: string = "relayer";
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** The relayer's error code: a refusal (`UnknownTier`, ...), `rate-limited`, `AlreadyQueued`... */
    readonly error: string,
    /** The request field concerned, e.g. `tier` or `proof.publicSignals[0]`. */
    readonly field: string,
    readonly rule: string,
  ) {
    super(`relayer refused (${status} ${error}): ${field}: ${rule}`);
    this.name = "RelayerRequestError";
  }
}

/** A proof's state at the relayer. */
export interface RelayerStatus {
  id: string;
  account: string;
  epoch: string;
  tier: number;
  status: "queued" | "submitted" | "accepted" | "rejected";
  /** The validUntil the renewal grants. */
  validUntil: string;
  code?: string;
  reason?: string;
  batch?: string;
  tx?: string;
  recovered?: boolean;
}

const endpoint = (url: string, path: string) => `${url.replace(/\/+$/, "")}${path}`;

async function answer(res: Response): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON: reported below with the status
  }
  if (res.ok) return body;
  const error = typeof body.error === "string" ? body.error : "http";
  const field = typeof body.field === "string" ? body.field : "(response)";
  const rule = typeof body.rule === "string" ? body.rule : `HTTP ${res.status}`;
  if (res.status === 400 && error === "input") throw new InputError("relayer request", field, rule);
  throw new RelayerRequestError(res.status, error, field, rule);
}

/**
 * Posts `renewal` (from `prepareRenewal`) to the relayer at `url`; returns the proof's id.
 * A body the relayer finds malformed is an {@link InputError}; a refusal (the engine would
 * refuse it), a rate limit or a proof already queued is a {@link RelayerRequestError}.
 */
export async function submitToRelayer(
  url: string,
  renewal: Pick<PreparedRenewal, "account" | "epoch" | "tier" | "proof">,
): Promise<{ id: string }> {
  const res = await fetch(endpoint(url, "/proofs"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      account: renewal.account,
      epoch: renewal.epoch.toString(),
      tier: renewal.tier,
      proof: renewal.proof,
    }),
  });
  const body = await answer(res);
  if (typeof body.id !== "string")
    throw new RelayerRequestError(res.status, "bad-response", "id", "missing in the answer");
  return { id: body.id };
}

/** The state of proof `id` at the relayer at `url`. */
export async function relayerStatus(url: string, id: string): Promise<RelayerStatus> {
  const res = await fetch(endpoint(url, `/proofs/${encodeURIComponent(id)}`));
  return (await answer(res)) as unknown as RelayerStatus;
}
