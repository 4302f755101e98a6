/**
 * The account panel's figures: the SDK's `accountStatus` of the account the page acts as (proven
 * and latest epoch, valid until, lapse and liquidation times, the engine's pause and the risk
 * oracle's liveness), the collateral tokens' symbols and decimals (`describeTokens`, read once
 * per engine), balances and claimable credits per token, a live "time left" counted on from
 * the chain's time in this browser, and in words what the trader can do before a lapse.
 */
import { ZeroAddress, getAddress } from "ethers";
import { type AccountStatus, accountStatus, describeTokens, formatScaled } from "../../src/browser";
import { el } from "../dom";
import { state } from "../state";
import { isoTime } from "../time";
import { actingAccount } from "../wallet";

/** A collateral token of the engine: its slot, address, symbol and decimals. */
export interface TokenInfo {
  slot: number;
  token: string;
  symbol: string;
  decimals: number;
}

/** One read of the chain: the status and when (this browser's clock, ms) it was read. */
export interface Snapshot {
  status: AccountStatus;
  tokens: TokenInfo[];
  /** `performance.now()` at the read: the chain's time is counted on from there. */
  readAt: number;
  /** Which account: "sub-account 1" or "main account". */
  which: string;
}

let tokenCache: { engine: string; tokens: TokenInfo[] } | undefined;

/** The engine's collateral tokens (empty slots left out), read once per engine. */
export async function engineTokens(): Promise<TokenInfo[]> {
  const { engine, provider } = state;
  if (!engine || !provider) return [];
  if (tokenCache?.engine === engine.address) return tokenCache.tokens;
  const slots = (await engine.collateralTokens())
    .map((token, slot) => ({ token: getAddress(token), slot }))
    .filter((t) => t.token !== ZeroAddress);
  const described = await describeTokens(
    slots.map((t) => t.token),
    provider,
  );
  const tokens = described.map((d, i) => ({
    slot: slots[i].slot,
    token: slots[i].token,
    symbol: d.symbol,
    decimals: d.decimals,
  }));
  tokenCache = { engine: engine.address, tokens };
  return tokens;
}

/** Reads the acting account's status from the chain (undefined when not connected). */
export async function readSnapshot(): Promise<Snapshot | undefined> {
  const { engine, provider } = state;
  const account = actingAccount();
  if (!engine || !provider || !account) return undefined;
  const [status, tokens] = await Promise.all([
    accountStatus(engine, getAddress(account), provider),
    engineTokens(),
  ]);
  const which = state.actAs.index > 0 ? `sub-account ${state.actAs.index}` : "main account";
  return { status, tokens, readAt: performance.now(), which };
}

/** The chain's time now: the block time read, counted on by this browser's clock. */
export function chainNow(s: Snapshot): bigint {
  return s.status.now + BigInt(Math.floor((performance.now() - s.readAt) / 1000));
}

/** A span of seconds in words: "1 h 02 min", "4 min 59 s", "10 min", "12 s". */
export function span(seconds: bigint): string {
  const s = seconds < 0n ? -seconds : seconds;
  const h = s / 3600n;
  const m = (s % 3600n) / 60n;
  const sec = s % 60n;
  if (h > 0n) return m === 0n ? `${h} h` : `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0n) return sec === 0n ? `${m} min` : `${m} min ${String(sec).padStart(2, "0")} s`;
  return `${sec} s`;
}

const STATE_WORDS: Record<AccountStatus["status"], string> = {
  "no-positions": "no positions attested: nothing to prove, nothing to liquidate",
  frozen: "FROZEN: liquidated; its collateral was seized (use a new account or sub-account)",
  valid: "valid: the proof covers the account",
  grace: "LAPSED, in its grace period: renew now; anyone may liquidate it after the grace",
  liquidatable:
    "LIQUIDATABLE now: anyone may call liquidate, which seizes all its collateral and freezes it; a renewal mined first still rescues it",
};

/** The engine's state in words: paused, the risk oracle down, withdrawals suspended. */
function engineWords(s: AccountStatus): string {
  const parts: string[] = [];
  if (s.liveness.paused)
    parts.push(
      "PAUSED by the guardian: no new commitments and no liquidations; renewals, deposits and withdrawals stay open, and a full grace period runs after the unpause",
    );
  if (s.liveness.latestExpiry <= s.now)
    parts.push(
      `the risk oracle is DOWN (its latest epoch expired at ${isoTime(s.liveness.latestExpiry)}): no renewals and no liquidations until it publishes a fresh epoch`,
    );
  if (s.liveness.withdrawalsSuspended)
    parts.push("withdrawals that need a proof are SUSPENDED by the guardian");
  return parts.join("; ") || "running: not paused, the risk oracle is live";
}

/** When the account lapses: at validUntil, or earlier at a stress declaration after its epoch. */
function lapseWords(s: AccountStatus): string {
  if (s.state.frozen) return "already liquidated";
  if (s.state.commitment === 0n) return "never (no positions)";
  const stressed = s.declarations.find((d) => d.epoch > s.state.provenEpoch);
  if (stressed && stressed.declaredAt < s.state.validUntil)
    return `at ${isoTime(stressed.declaredAt)}: stress was declared for epoch ${stressed.epoch}, newer than the proven epoch`;
  return `after ${isoTime(s.state.validUntil)}, when the proof's validity ends`;
}

function liquidatableWords(s: AccountStatus): string {
  if (s.liquidatableAfter === null)
    return s.state.frozen ? "already liquidated" : "never (no positions)";
  return `after ${isoTime(s.liquidatableAfter)} (the lapse plus the ${span(s.params.grace)} grace; later after a pause or a risk-oracle outage), while the engine is not paused and the risk oracle is live`;
}

const ADVICE = [
  "Renew before the proof's validity ends, at a fresh epoch: “Prove and submit” (section 6), “Renew now” above, or renewal on time below.",
  "If the margin report says insolvent, deposit collateral (or move it in from a sub-account) until it says solvent, then renew.",
  "After the lapse, a renewal is still accepted during the grace period, as long as nobody has liquidated the account.",
  "Keep this page open with renewal on time, or run a keeper for your own accounts (zkmargin keeper --portfolio p.json --risk risk.json --renew-before 600).",
  "Prove at a higher validity tier (more margin) to renew less often.",
  "A lapse is final: liquidation seizes ALL the account's collateral and freezes the account; it does not close only the shortfall.",
];

function setText(id: string, text: string): void {
  el(id).textContent = text;
}

/** The "time left" line: until the lapse, or since it. */
export function renderClock(s: Snapshot): void {
  const a = s.status;
  const out = el("acct-time-left");
  if (a.state.frozen || a.state.commitment === 0n) {
    out.textContent = "—";
    return;
  }
  const left = a.state.validUntil - chainNow(s);
  out.dataset.seconds = String(left);
  out.textContent =
    left >= 0n
      ? `${span(left)} left (by the chain's clock)`
      : `lapsed ${span(left)} ago (by the chain's clock)`;
}

/** Shows the snapshot's figures in the panel. */
export function renderSnapshot(s: Snapshot): void {
  const a = s.status;
  const fig = el("account-figures");
  fig.dataset.account = a.account;
  fig.dataset.status = a.status;
  fig.dataset.provenEpoch = String(a.state.provenEpoch);
  fig.dataset.latestEpoch = String(a.latestEpoch);
  fig.dataset.validUntil = String(a.state.validUntil);
  fig.dataset.liquidatableAfter =
    a.liquidatableAfter === null ? "never" : String(a.liquidatableAfter);
  setText("acct-account", `${s.which} ${a.account}`);
  const st = el("acct-state");
  st.textContent = STATE_WORDS[a.status];
  st.className = a.status === "valid" || a.status === "no-positions" ? "ok" : "bad";
  setText("acct-proven", a.state.provenEpoch === 0n ? "none" : String(a.state.provenEpoch));
  setText(
    "acct-latest",
    a.latestEpoch > a.state.provenEpoch && a.state.commitment !== 0n
      ? `${a.latestEpoch} (newer than the proven epoch: renew against it)`
      : String(a.latestEpoch),
  );
  setText(
    "acct-valid-until",
    a.state.validUntil > 0n ? isoTime(a.state.validUntil) : "never proven",
  );
  setText("acct-lapses", lapseWords(a));
  setText("acct-liquidatable", liquidatableWords(a));
  setText("acct-engine", engineWords(a));
  renderClock(s);
  el("acct-balances").replaceChildren(
    ...s.tokens.map((t) => {
      const tr = document.createElement("tr");
      tr.dataset.slot = String(t.slot);
      tr.dataset.token = t.token;
      const amount = a.state.balances[t.slot] ?? 0n;
      const credit = a.claimable[t.slot] ?? 0n;
      tr.dataset.amount = String(amount);
      tr.dataset.claimable = String(credit);
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = t.symbol;
      th.title = t.token;
      const cells = [amount, credit].map((v) => {
        const td = document.createElement("td");
        td.textContent = `${formatScaled(v, t.decimals)} ${t.symbol}`;
        return td;
      });
      tr.append(th, ...cells);
      return tr;
    }),
  );
  el("acct-advice").replaceChildren(
    ...ADVICE.map((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      return li;
    }),
  );
  el<HTMLDetailsElement>("acct-advice-box").open =
    a.status === "grace" || a.status === "liquidatable";
  el("account-body").hidden = false;
}
