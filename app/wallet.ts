/**
 * The chain side of the page: connecting to the engine through an injected EIP-1193 wallet or
 * a JSON-RPC endpoint, listing its validity tiers, showing the status of the account the page
 * acts as (the main account or a sub-account, subaccounts.ts), and submitting the proof
 * (a renewal at the highest tier the portfolio meets, sent by the wallet or, with a relayer
 * URL set, by the relayer (relayer.ts); or attestAndProve, always by the wallet, when an
 * attestation is loaded).
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
  InputError,
  MarginEngineClient,
  type TxResult,
  type ValidityTier,
  formatMultiplier,
  accountStatus,
  attestAndProve,
  renew,
} from "../src/browser";
import { describe, el, input, say } from "./dom";
import { emit } from "./events";
import { proveInput } from "./prover";
import { relayerUrl, renewThroughRelayer } from "./relayer";
import { recompute, updateButtons } from "./report";
import { state } from "./state";
import { connectRouter, listSubAccounts, route, selectAccount } from "./subaccounts";

declare const __ZKMARGIN_ENGINE_ABI__: InterfaceAbi;

function walletMode(): "injected" | "rpc" {
  return input("wallet-rpc").checked ? "rpc" : "injected";
}

/** The "connect" button: reaches the engine and takes its maintenance multiplier. */
export async function connect(): Promise<void> {
  state.engine = undefined;
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

const isoTime = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

function duration(seconds: bigint): string {
  const s = Number(seconds);
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
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
        `tier ${i}: ×${formatMultiplier(t.multiplier, 4)}, valid ${duration(t.ttl)} ` +
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
function actingAccount(): string | undefined {
  if (state.actAs.index > 0) return state.actAs.account;
  return state.portfolio ? getAddress(state.portfolio.accountAddress) : state.signerAddress;
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

/** The "submit" button: renews the account, or attests and proves with a loaded attestation. */
export async function onSubmit(): Promise<void> {
  if (!state.engine || !state.table || !state.portfolio || state.busy) return;
  state.busy = true;
  updateButtons();
  say("chain-message", "checking the account against the engine …");
  const msg = el("chain-message");
  for (const k of ["tx", "tier", "validUntil", "relayerId"]) delete msg.dataset[k];
  try {
    const relayer = relayerUrl();
    const account = actingAccount();
    if (state.actAs.index > 0 && getAddress(state.portfolio.accountAddress) !== account)
      throw new InputError(
        el("portfolio-text").dataset.file ?? "portfolio.json",
        "account",
        `names ${state.portfolio.accountAddress}; the page acts as sub-account ${state.actAs.index}, ${account}: load that sub-account's files`,
      );
    const ctx = {
      engine: state.engine,
      route: route(),
      table: state.table,
      prover: proveInput,
      log: (line: string) => say("chain-message", line),
      riskFile: input("risk-url").value.trim(),
    };
    let done: { method: string; tx: TxResult } | undefined;
    let detail = "";
    if (state.attestation) {
      const r = await attestAndProve(ctx, state.portfolio, state.attestation, "attestation.json");
      done = r;
      detail = `; epoch ${r.epoch}`;
      if (relayer) detail += "; sent by the wallet: the relayer takes only renewals";
    } else if (relayer) {
      await renewThroughRelayer(ctx, state.portfolio, relayer);
    } else {
      const r = await renew(ctx, state.portfolio);
      done = r;
      detail =
        `; epoch ${r.epoch}; renewed at tier ${r.tier} (×${formatMultiplier(r.multiplier, 4)}), ` +
        `valid until ${isoTime(r.validUntil)}`;
      msg.dataset.tier = String(r.tier);
      msg.dataset.validUntil = String(r.validUntil);
    }
    if (done) {
      say(
        "chain-message",
        `${done.method} mined: tx ${done.tx.hash} in block ${done.tx.blockNumber}, gas ${done.tx.gasUsed.toLocaleString("en-US")}${detail}`,
        "ok",
      );
      msg.dataset.tx = done.tx.hash;
    }
    state.attestation = undefined;
    input("attestation-file").value = "";
    await showAccount();
    await listSubAccounts();
  } catch (e) {
    say("chain-message", describe(e), "error");
  } finally {
    state.busy = false;
    updateButtons();
    emit("chain");
  }
}
