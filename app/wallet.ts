/**
 * The chain side of the page: connecting to the engine through an injected EIP-1193 wallet or
 * a JSON-RPC endpoint, listing its validity tiers, showing the status of the account the page
 * acts as (the main account or a sub-account, subaccounts.ts), and submitting the proof
 * (a renewal at the highest tier the portfolio meets, sent by the wallet or, with a relayer
 * URL set, by the relayer (relayer.ts); or attestAndProve, always by the wallet, when an
 * attestation is loaded). The account part of the page (app/account/) reuses the renewal steps
 * (`renewalContext`, `submitPrepared`) and the signer (`currentSigner`) for its renewal on time,
 * deposits and withdrawals.
 */
import {
  BrowserProvider,
  type Eip1193Provider,
  type InterfaceAbi,
  JsonRpcProvider,
  JsonRpcSigner,
  type Signer,
  getAddress,
  isAddress,
} from "ethers";
import {
  type ActionContext,
  InputError,
  MarginEngineClient,
  type PreparedRenewal,
  type TxResult,
  type ValidityTier,
  formatMultiplier,
  accountStatus,
  attestAndProve,
  prepareRenewal,
} from "../src/browser";
import { describe, el, input, say } from "./dom";
import { emit } from "./events";
import { isoTime, ttlText } from "./time";
import { proveInput } from "./prover";
import { relayerUrl, renewThroughRelayer } from "./relayer";
import { recompute, updateButtons } from "./report";
import { state } from "./state";
import { connectRouter, listSubAccounts, route, selectAccount } from "./subaccounts";

declare const __ZKMARGIN_ENGINE_ABI__: InterfaceAbi;

/** The signer of the last successful connect (the wallet's account, or the node's). */
let signerOfPage: Signer | undefined;

/** How the page sends: the injected wallet (which asks to confirm) or a JSON-RPC node (which does not). */
export function walletMode(): "injected" | "rpc" {
  return input("wallet-rpc").checked ? "rpc" : "injected";
}

/** The connected signer, when the page is connected. */
export function currentSigner(): Signer | undefined {
  return state.engine ? signerOfPage : undefined;
}

/** The "connect" button: reaches the engine and takes its maintenance multiplier. */
export async function connect(): Promise<void> {
  state.engine = undefined;
  signerOfPage = undefined;
  updateButtons();
  try {
    const engineAddr = input("engine-address").value.trim();
    if (!isAddress(engineAddr))
      throw new InputError("settings", "MarginEngine", "must be a 0x address");
    let signer: Signer;
    if (walletMode() === "injected") {
      const eth = (window as unknown as { ethereum?: Eip1193Provider }).ethereum;
      if (!eth)
        throw new Error(
          "no browser wallet found (window.ethereum): install one, or choose a JSON-RPC endpoint",
        );
      const provider = new BrowserProvider(eth);
      await provider.send("eth_requestAccounts", []);
      signer = await provider.getSigner();
      state.provider = provider;
    } else {
      const url = input("rpc-url").value.trim();
      if (!/^https?:\/\/\S+$/.test(url))
        throw new InputError("settings", "JSON-RPC URL", "must be an http(s) URL");
      const account = input("rpc-account").value.trim();
      if (!isAddress(account))
        throw new InputError("settings", "account (JSON-RPC)", "must be a 0x address");
      const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1 });
      // any account the node signs for (unlocked or impersonated), listed or not
      signer = new JsonRpcSigner(provider, getAddress(account));
      state.provider = provider;
    }
    const network = await state.provider.getNetwork();
    const code = await state.provider.getCode(engineAddr);
    if (code === "0x")
      throw new Error(
        `no contract at ${engineAddr} on chain ${network.chainId}: check the address`,
      );
    state.engine = new MarginEngineClient(getAddress(engineAddr), __ZKMARGIN_ENGINE_ABI__, signer);
    state.signerAddress = getAddress(await signer.getAddress());
    signerOfPage = signer;
    const { maintenanceMultiplier } = await state.engine.params();
    const m = formatMultiplier(maintenanceMultiplier, 4);
    input("multiplier").value = m;
    say(
      "chain-message",
      `connected to chain ${network.chainId} as ${state.signerAddress}; the engine's maintenance multiplier is ×${m}`,
      "ok",
    );
    recompute();
    showTiers(await state.engine.validityTiers());
    await connectRouter(signer, state.provider);
    await listSubAccounts();
    await showAccount();
  } catch (e) {
    say("chain-message", describe(e), "error");
  }
  updateButtons();
  emit("chain");
}

/** The engine's validity tiers: multiplier and TTL of each, tier 0 first. */
function showTiers(tiers: ValidityTier[]): void {
  const list = el("tiers");
  list.replaceChildren(
    ...tiers.map((t, i) => {
      const li = document.createElement("li");
      li.dataset.tier = String(i);
      li.dataset.multiplier = String(t.multiplier);
      li.dataset.ttl = String(t.ttl);
      li.textContent =
        `tier ${i}: ×${formatMultiplier(t.multiplier, 4)}, valid ${ttlText(t.ttl)} ` +
        `after the epoch${i === 0 ? " (the maintenance multiplier)" : ""}`;
      return li;
    }),
  );
  el("tiers-section").hidden = false;
}

/** The selector of section 6 changed: show the chosen account's status. */
export async function onActAs(): Promise<void> {
  try {
    selectAccount();
    await showAccount();
  } catch (e) {
    say("account-status", describe(e), "error");
  }
  emit("chain");
}

/** The account the page acts as: the chosen sub-account, else the portfolio's or the signer's. */
export function actingAccount(): string | undefined {
  if (state.actAs.index > 0) return state.actAs.account;
  return state.portfolio ? getAddress(state.portfolio.accountAddress) : state.signerAddress;
}

/** Reads the chain again for section 6's status line and section 8's table of accounts. */
export async function refreshChainViews(): Promise<void> {
  await showAccount();
  await listSubAccounts();
}

async function showAccount(): Promise<void> {
  if (!state.engine || !state.provider) return;
  const account = actingAccount();
  if (!account) return;
  const s = await accountStatus(state.engine, account, state.provider);
  const until = s.state.validUntil > 0n ? isoTime(s.state.validUntil) : "never";
  const p = el("account-status");
  const which = state.actAs.index > 0 ? `sub-account ${state.actAs.index} ` : "account ";
  say(
    "account-status",
    `${which}${account}: proven for epoch ${s.state.provenEpoch} (latest ${s.latestEpoch}), ` +
      `valid until ${until}, status ${s.status}${s.state.frozen ? ", FROZEN (liquidated)" : ""}` +
      (s.liveness.paused ? "; the engine is PAUSED (no new commitments, no liquidations)" : "") +
      (s.liveness.latestExpiry <= s.now
        ? "; the risk oracle is DOWN (no fresh epoch: no renewals, no liquidations)"
        : ""),
    s.liquidatable || s.state.frozen ? "error" : "info",
  );
  p.dataset.provenEpoch = String(s.state.provenEpoch);
  p.dataset.validUntil = String(s.state.validUntil);
  p.dataset.account = account;
}

/**
 * The context of a renewal of the account the page acts as, refusing a portfolio that is not
 * that account's (a sub-account needs its own files).
 */
export function renewalContext(log: (line: string) => void): ActionContext {
  if (!state.engine) throw new Error("connect first (section 6)");
  if (!state.table) throw new InputError("settings", "risk table", "fetch it first (section 1)");
  if (!state.portfolio)
    throw new InputError("portfolio.json", "(root)", "load the account's files (section 2)");
  const account = actingAccount();
  if (state.actAs.index > 0 && getAddress(state.portfolio.accountAddress) !== account)
    throw new InputError(
      el("portfolio-text").dataset.file ?? "portfolio.json",
      "account",
      `names ${state.portfolio.accountAddress}; the page acts as sub-account ${state.actAs.index}, ${account}: load that sub-account's files`,
    );
  return {
    engine: state.engine,
    route: route(),
    table: state.table,
    prover: proveInput,
    log,
    riskFile: input("risk-url").value.trim(),
  };
}

/** Clears the outcome attributes of message `out` (tx, tier, validUntil, relayerId). */
export function clearOutcome(out: string): void {
  const msg = el(out);
  for (const k of ["tx", "tier", "validUntil", "relayerId"]) delete msg.dataset[k];
}

/** Sends a prepared renewal (`submitProof`, permissionless) and says so in message `out`. */
export async function submitPrepared(
  ctx: ActionContext,
  r: PreparedRenewal,
  out: string,
): Promise<TxResult> {
  const tx = await ctx.engine.submitProof(r.account, r.epoch, r.tier, r.calldata);
  const msg = el(out);
  say(
    out,
    `submitProof mined: tx ${tx.hash} in block ${tx.blockNumber}, gas ${tx.gasUsed.toLocaleString("en-US")}` +
      `; epoch ${r.epoch}; renewed at tier ${r.tier} (×${formatMultiplier(r.multiplier, 4)}), ` +
      `valid until ${isoTime(r.validUntil)}`,
    "ok",
  );
  msg.dataset.tier = String(r.tier);
  msg.dataset.validUntil = String(r.validUntil);
  msg.dataset.tx = tx.hash;
  return tx;
}

/** The "submit" button: renews the account, or attests and proves with a loaded attestation. */
export async function onSubmit(): Promise<void> {
  if (!state.engine || !state.table || !state.portfolio || state.busy) return;
  state.busy = true;
  updateButtons();
  say("chain-message", "checking the account against the engine …");
  clearOutcome("chain-message");
  try {
    const relayer = relayerUrl();
    const ctx = renewalContext((line: string) => say("chain-message", line));
    if (state.attestation) {
      const r = await attestAndProve(ctx, state.portfolio, state.attestation, "attestation.json");
      say(
        "chain-message",
        `${r.method} mined: tx ${r.tx.hash} in block ${r.tx.blockNumber}, gas ${r.tx.gasUsed.toLocaleString("en-US")}; epoch ${r.epoch}` +
          (relayer ? "; sent by the wallet: the relayer takes only renewals" : ""),
        "ok",
      );
      el("chain-message").dataset.tx = r.tx.hash;
    } else if (relayer) {
      await renewThroughRelayer(ctx, state.portfolio, relayer);
    } else {
      await submitPrepared(ctx, await prepareRenewal(ctx, state.portfolio), "chain-message");
    }
    state.attestation = undefined;
    input("attestation-file").value = "";
    await refreshChainViews();
  } catch (e) {
    say("chain-message", describe(e), "error");
  } finally {
    state.busy = false;
    updateButtons();
    emit("chain");
  }
}
