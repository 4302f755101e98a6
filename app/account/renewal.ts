/**
 * Renewal on time while the page is open: a renewal is due when the proof is within the "renew
 * ahead" window of its lapse (or lapsed, or liquidatable), or when a newer epoch is published
 * than the proven one. Then the banner says so (and a notification, when allowed); when the
 * lapse is near ("renew by itself", on by default; a newer epoch alone only shows the banner,
 * so opening the page never proves by surprise) the page proves in its Web Worker and sends: through the wallet
 * (which asks to confirm), after this page's own confirmation with a JSON-RPC endpoint (the
 * node signs without asking), or through the relayer when a relayer URL is set. It reuses
 * section 6's renewal steps (wallet.ts, relayer.ts) and never overlaps another proof
 * (state.busy). An automatic attempt that fails or is declined is not retried for the same
 * state of the account; "Renew now" always tries.
 */
import {
  type PreparedRenewal,
  InputError,
  formatMultiplier,
  prepareRenewal,
} from "../../src/browser";
import { describe, el, input, say } from "../dom";
import { emit } from "../events";
import { fetchRisk } from "../files";
import { relayerUrl, renewThroughRelayer } from "../relayer";
import { whileBusy } from "../busy";
import { recompute } from "../report";
import { state } from "../state";
import { isoTime } from "../time";
import {
  clearOutcome,
  refreshChainViews,
  renewalContext,
  submitPrepared,
  walletMode,
} from "../wallet";
import { alertTrader } from "./notify";
import { type Snapshot, chainNow, span } from "./status";

const OUT = "account-renew-message";

/**
 * Why a renewal is due (in fixed times, not a countdown: the banner is a live region), and the
 * key of that state (a new key is a new reason to notify).
 */
export interface Due {
  key: string;
  text: string;
  /** The lapse is near or past (not only a newer epoch): the page renews by itself. */
  lapse: boolean;
}

/** The "renew ahead" setting in seconds (1 to 1440 minutes; 10 when the field is empty). */
export function aheadSeconds(): bigint {
  const text = input("renew-ahead").value.trim();
  if (text === "") return 600n;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > 1440)
    throw new InputError("settings", "renew ahead", "must be a whole number of minutes, 1 to 1440");
  return BigInt(text) * 60n;
}

/** Whether `s`'s account needs a renewal now, with `ahead` seconds of warning. */
export function renewalDue(s: Snapshot, ahead: bigint): Due | undefined {
  const a = s.status;
  if (a.state.frozen || a.state.commitment === 0n) return undefined;
  const now = chainNow(s);
  const reasons: string[] = [];
  let bucket = "ahead";
  if (a.status === "liquidatable") {
    bucket = "liquidatable";
    reasons.push(
      "it is LIQUIDATABLE now: anyone may seize all its collateral and freeze it; a renewal mined first rescues it",
    );
  } else if (a.status === "grace" || now > a.state.validUntil) {
    bucket = "grace";
    const after = a.liquidatableAfter;
    reasons.push(
      after !== null && after > now
        ? `it has LAPSED: anyone may liquidate it after ${isoTime(after)}`
        : "it has LAPSED, in its grace period",
    );
  } else if (a.state.validUntil - now <= ahead) {
    reasons.push(
      `it lapses after ${isoTime(a.state.validUntil)}, within the renew-ahead window of ${span(ahead)}`,
    );
  }
  if (a.latestEpoch > a.state.provenEpoch) {
    if (reasons.length === 0) bucket = "epoch";
    reasons.push(
      `epoch ${a.latestEpoch} is published and the proof is for epoch ${a.state.provenEpoch}`,
    );
  }
  if (reasons.length === 0) return undefined;
  if (a.liveness.latestExpiry <= now)
    reasons.push("the risk oracle is down: a renewal waits for its next fresh epoch");
  return {
    key: `${a.account}:${a.state.provenEpoch}:${a.latestEpoch}:${a.state.validUntil}:${bucket}`,
    text: `Renewal due for the ${s.which} ${a.account}: ${reasons.join("; ")}.`,
    lapse: bucket !== "epoch",
  };
}

let last: Snapshot | undefined;
let pending:
  { key: string; ctx: ReturnType<typeof renewalContext>; r: PreparedRenewal } | undefined;
/** Due states tried automatically (failed or declined): not tried again by themselves. */
const attempted = new Set<string>();
/** The latest epoch the risk table was re-fetched for (once per epoch). */
let refetchedFor: bigint | undefined;

function showButtons(due: boolean): void {
  el("renew-now").hidden = !due || pending !== undefined;
  el("renew-confirm").hidden = pending === undefined;
  el("renew-decline").hidden = pending === undefined;
  el<HTMLButtonElement>("renew-now").disabled = state.busy;
  el<HTMLButtonElement>("renew-confirm").disabled = state.busy;
}

/** Looks at the last snapshot: banner, notification, and an automatic renewal when ticked. */
export function checkRenewal(s: Snapshot | undefined = last): void {
  last = s;
  if (pending && (!s || s.status.account !== pending.r.account)) pending = undefined;
  let due: Due | undefined;
  try {
    due = s ? renewalDue(s, aheadSeconds()) : undefined;
  } catch (e) {
    // checked every second: the same message is not written (nor announced) again
    if (el(OUT).textContent !== describe(e)) say(OUT, describe(e), "error");
    return;
  }
  if (!due && !pending) {
    alertTrader("", "");
    showButtons(false);
    return;
  }
  if (pending) {
    const r = pending.r;
    alertTrader(
      `${pending.key}:confirm`,
      `The renewal proof for the ${s?.which ?? "account"} ${r.account} is ready: epoch ${r.epoch}, tier ${r.tier} ` +
        `(×${formatMultiplier(r.multiplier, 4)}), valid until ${isoTime(r.validUntil)}. Submit it?`,
    );
  } else if (due) {
    alertTrader(due.key, due.text);
    const auto = input("renew-auto").checked;
    if (auto && due.lapse && !state.busy && !attempted.has(due.key)) {
      attempted.add(due.key);
      void renewNow("auto", due.key);
    }
  }
  showButtons(true);
}

/** "renew by itself" was ticked again: earlier attempts may be retried. */
export function resetAttempts(): void {
  attempted.clear();
}

/** Fetches the risk table again when the engine has a newer epoch than the page's (once each). */
async function freshTable(): Promise<void> {
  const latest = last?.status.latestEpoch;
  if (!state.table || latest === undefined || BigInt(state.table.epoch) >= latest) return;
  if (refetchedFor === latest) return;
  refetchedFor = latest;
  say(OUT, `the engine's latest epoch is ${latest}: fetching the risk table again …`);
  await fetchRisk(recompute);
}

/**
 * Proves a renewal of the account the page acts as and sends it. `auto` with a JSON-RPC
 * endpoint stops at the proof and asks this page to confirm; a click ("button") is the
 * confirmation itself; the wallet asks on its own.
 */
export async function renewNow(trigger: "auto" | "button", key = ""): Promise<void> {
  if (state.busy) {
    say(OUT, "another proof or transaction is running: the renewal waits for it", "info");
    return;
  }
  await freshTable();
  await whileBusy(
    OUT,
    async () => {
      showButtons(true);
      clearOutcome(OUT);
      say(
        OUT,
        `${trigger === "auto" ? "renewal due: " : ""}checking the account against the engine …`,
      );
      const ctx = renewalContext((line: string) => say(OUT, line));
      const portfolio = state.portfolio;
      if (!portfolio) throw new Error("load the account's files (section 2)");
      const relayer = relayerUrl();
      if (relayer) {
        await renewThroughRelayer(ctx, portfolio, relayer, OUT);
      } else {
        const r = await prepareRenewal(ctx, portfolio);
        if (trigger === "auto" && walletMode() === "rpc") {
          pending = { key, ctx, r };
          say(OUT, "the renewal proof is ready: confirm above to submit it", "info");
          return;
        }
        await submitPrepared(ctx, r, OUT);
      }
      await refreshChainViews();
    },
    () => (pending ? checkRenewal() : emit("chain")),
  );
}

/** The banner's "Submit the renewal": sends the proof made by the automatic renewal. */
export async function onConfirm(): Promise<void> {
  const p = pending;
  if (!p || state.busy) return;
  pending = undefined;
  await whileBusy(OUT, async () => {
    showButtons(true);
    say(OUT, "submitting the renewal …");
    await submitPrepared(p.ctx, p.r, OUT);
    await refreshChainViews();
  });
}

/** The banner's "Not now": drops the proof; this due state is not proven again by itself. */
export function onDecline(): void {
  if (!pending) return;
  pending = undefined;
  say(OUT, "renewal not sent: use “Renew now” when ready", "info");
  checkRenewal();
}
