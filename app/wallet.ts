/**
 * The chain side of the page: connecting to the engine through an injected EIP-1193 wallet or
 * a JSON-RPC endpoint, showing the account's on-chain status, and submitting the proof
 * (renewal, or attestAndProve when an attestation is loaded).
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
  formatMultiplier,
  accountStatus,
  attestAndProve,
  renew,
} from "../src/browser";
import { describe, el, input, say } from "./dom";
import { proveInput } from "./prover";
import { recompute, updateButtons } from "./report";
import { state } from "./state";

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
    await showAccount();
  } catch (e) {
    say("chain-message", describe(e), "error");
  }
  updateButtons();
}

async function showAccount(): Promise<void> {
  if (!state.engine || !state.provider) return;
  const account = state.portfolio
    ? getAddress(state.portfolio.accountAddress)
    : state.signerAddress;
  if (!account) return;
  const s = await accountStatus(state.engine, account, state.provider);
  const until =
    s.state.validUntil > 0n ? new Date(Number(s.state.validUntil) * 1000).toISOString() : "never";
  const p = el("account-status");
  say(
    "account-status",
    `account ${account}: proven for epoch ${s.state.provenEpoch} (latest ${s.latestEpoch}), ` +
      `valid until ${until}, status ${s.status}${s.state.frozen ? ", FROZEN (liquidated)" : ""}` +
      (s.liveness.paused ? "; the engine is PAUSED (no new commitments, no liquidations)" : "") +
      (s.liveness.latestExpiry <= s.now
        ? "; the risk oracle is DOWN (no fresh epoch: no renewals, no liquidations)"
        : ""),
    s.liquidatable || s.state.frozen ? "error" : "info",
  );
  p.dataset.provenEpoch = String(s.state.provenEpoch);
  p.dataset.validUntil = String(s.state.validUntil);
}

/** The "submit" button: renews the account, or attests and proves with a loaded attestation. */
export async function onSubmit(): Promise<void> {
  if (!state.engine || !state.table || !state.portfolio || state.busy) return;
  state.busy = true;
  updateButtons();
  say("chain-message", "checking the account against the engine …");
  try {
    const ctx = {
      engine: state.engine,
      table: state.table,
      prover: proveInput,
      log: (line: string) => say("chain-message", line),
      riskFile: input("risk-url").value.trim(),
    };
    const r = state.attestation
      ? await attestAndProve(ctx, state.portfolio, state.attestation, "attestation.json")
      : await renew(ctx, state.portfolio);
    say(
      "chain-message",
      `${state.attestation ? "attestAndProve" : "submitProof"} mined: tx ${r.tx.hash} in block ${r.tx.blockNumber}, gas ${r.tx.gasUsed.toLocaleString("en-US")}; epoch ${r.epoch}`,
      "ok",
    );
    el("chain-message").dataset.tx = r.tx.hash;
    state.attestation = undefined;
    input("attestation-file").value = "";
    await showAccount();
  } catch (e) {
    say("chain-message", describe(e), "error");
  } finally {
    state.busy = false;
    updateButtons();
  }
}
