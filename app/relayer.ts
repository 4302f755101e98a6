/**
 * Renewing through a relayer (`zkmargin relayer`) from the page: the optional "relayer URL"
 * setting, a reachability and engine check (GET /health) before any proving work, the renewal
 * prepared as `renew` would (`prepareRenewal`: same checks, same tier), posted with
 * `submitToRelayer`, then its state polled about every second (bounded) until the relayer's
 * batch is accepted or the proof rejected. The wallet only reads; the relayer sends and pays.
 */
import { getAddress } from "ethers";
import {
  type ActionContext,
  CheckFailedError,
  InputError,
  type IntegerPortfolio,
  RelayerRequestError,
  type RelayerStatus,
  formatMultiplier,
  prepareRenewal,
  relayerStatus,
  submitToRelayer,
} from "../src/browser";
import { el, input, say } from "./dom";
import { isoTime } from "./time";

/** Polling period and bound of a renewal's state at the relayer. */
export const POLL_MS = 1000;
export const POLL_LIMIT_MS = 5 * 60 * 1000;
/** Consecutive failed status reads tolerated while polling (a relayer restarting). */
const POLL_FAILURES = 5;

/** A relayer that cannot be reached, answers badly, or ends a renewal without acceptance. */
export class RelayerPageError extends CheckFailedError {
  override readonly code: string = "relayer";
  constructor(message: string) {
    super(message);
    this.name = "RelayerPageError";
  }
}

/** The relayer URL setting: undefined when empty, else an http(s) URL without trailing slash. */
export function relayerUrl(): string | undefined {
  const url = input("relayer-url").value.trim();
  if (url === "") return undefined;
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url))
    throw new InputError("settings", "relayer URL", "must be an http(s) URL");
  return url.replace(/\/+$/, "");
}

const reason = (e: unknown) => (e instanceof Error ? e.message.split("\n")[0] : String(e));

/** GET /health: the relayer answers and sends to the engine the page is connected to. */
async function checkRelayer(url: string, engine: string): Promise<string> {
  let body: { engine?: unknown; sender?: unknown };
  try {
    const res = await fetch(`${url}/health`, { cache: "no-store" });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = (await res.json()) as typeof body;
  } catch (e) {
    throw new RelayerPageError(
      `relayer ${url} is not reachable (${reason(e)}): check that it runs and the relayer URL`,
    );
  }
  if (typeof body.engine !== "string" || typeof body.sender !== "string")
    throw new RelayerPageError(`${url}/health does not answer as a zkmargin relayer`);
  if (getAddress(body.engine) !== getAddress(engine))
    throw new RelayerPageError(
      `relayer ${url} sends to the engine ${body.engine}, the page is connected to ${engine}`,
    );
  return getAddress(body.sender);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls proof `id` until accepted or rejected (bounded by {@link POLL_LIMIT_MS}). */
async function waitForOutcome(
  url: string,
  id: string,
  sender: string,
  out: string,
): Promise<RelayerStatus> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  let failures = 0;
  for (;;) {
    let s: RelayerStatus | undefined;
    try {
      s = await relayerStatus(url, id);
      failures = 0;
    } catch (e) {
      if (e instanceof RelayerRequestError || ++failures >= POLL_FAILURES)
        throw new RelayerPageError(`relayer ${url}: reading proof ${id} failed: ${reason(e)}`);
    }
    if (s?.status === "accepted" || s?.status === "rejected") return s;
    if (s?.status === "submitted")
      say(out, `proof ${id}: submitted by the relayer ${sender} in tx ${s.tx ?? "…"}`);
    else if (s?.status === "queued")
      say(out, `proof ${id}: queued at the relayer ${url}, waiting for its batch …`);
    if (Date.now() >= deadline)
      throw new RelayerPageError(
        `relayer ${url}: proof ${id} is still ${s?.status ?? "unknown"} after ${POLL_LIMIT_MS / 60000} min: its outcome is at ${url}/proofs/${id}`,
      );
    await sleep(POLL_MS);
  }
}

/**
 * Renews `portfolio`'s account (the main account or a sub-account: `submitProofs` is
 * permissionless, the account is named in the request) through the relayer at `url`; progress
 * and the outcome go to the page message `out` (section 6's by default).
 */
export async function renewThroughRelayer(
  ctx: ActionContext,
  portfolio: IntegerPortfolio,
  url: string,
  out = "chain-message",
): Promise<void> {
  const sender = await checkRelayer(url, ctx.engine.address);
  const r = await prepareRenewal(ctx, portfolio);
  say(out, `sending the proof to the relayer ${url} …`);
  let id: string;
  try {
    ({ id } = await submitToRelayer(url, r));
  } catch (e) {
    if (e instanceof InputError || e instanceof RelayerRequestError) throw e;
    throw new RelayerPageError(`relayer ${url}: the proof was not sent (${reason(e)})`);
  }
  const msg = el(out);
  msg.dataset.relayerId = id;
  const s = await waitForOutcome(url, id, sender, out);
  if (s.status === "rejected")
    throw new RelayerPageError(
      `the relayer rejected proof ${id}: ${s.code ?? "rejected"}: ${s.reason ?? "no reason given"}`,
    );
  const until = isoTime(r.validUntil);
  say(
    out,
    `renewed through the relayer ${url} (proof ${id}): tx ${s.tx ?? "?"} sent by ${sender}, ` +
      `which paid the gas; epoch ${r.epoch}; renewed at tier ${r.tier} ` +
      `(×${formatMultiplier(r.multiplier, 4)}), valid until ${until}`,
    "ok",
  );
  msg.dataset.tier = String(r.tier);
  msg.dataset.validUntil = String(r.validUntil);
  if (s.tx) msg.dataset.tx = s.tx;
}
