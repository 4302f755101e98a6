/**
 * The zkmargin web page (served by `npm run app`): portfolio and balances loaded or pasted and
 * kept in the browser (files.ts), the risk table fetched, the margin report with a chart of
 * requirement per scenario for each group (report.ts, chart.ts), a proof made in a Web Worker
 * with a progress bar (prover.ts), and the proof submitted through an injected EIP-1193 wallet
 * or a JSON-RPC endpoint (wallet.ts) or renewed through a relayer (relayer.ts), as the main account
 * or a sub-account (subaccounts.ts). This file wires the page's events and reads the settings.
 * Built by src/node/app/build.ts, which compiles the pinned keys and the engine ABI in.
 */
import { parseAttestation } from "../src/browser";
import { initAccount } from "./account/index";
import { initBook } from "./book/index";
import type { AppConfig } from "./config";
import { initHealth } from "./desk/health";
import { initWhatIf } from "./desk/whatif";
import { describe, el, input, say } from "./dom";
import { fetchRisk, parseJsonText, readFileInto } from "./files";
import { onProve } from "./prover";
import { recompute } from "./report";
import { state } from "./state";
import { connect, onActAs, onSubmit } from "./wallet";

async function loadExample(cfg: AppConfig): Promise<void> {
  if (!cfg.examples) return;
  for (const [url, area, name] of [
    [cfg.examples.portfolio, "portfolio-text", "portfolio.json"],
    [cfg.examples.balances, "balances-text", "balances.json"],
  ] as const) {
    const res = await fetch(new URL(url, document.baseURI));
    const a = el<HTMLTextAreaElement>(area);
    a.value = await res.text();
    a.dataset.file = name;
  }
  state.proof = undefined;
  recompute();
}

async function start(): Promise<void> {
  readFileInto("portfolio-file", "portfolio-text", recompute);
  readFileInto("balances-file", "balances-text", recompute);
  input("attestation-file").addEventListener("change", async () => {
    const f = input("attestation-file").files?.[0];
    state.attestation = undefined;
    if (!f) return;
    try {
      state.attestation = parseAttestation(parseJsonText(await f.text(), f.name), f.name);
      say("chain-message", `attestation for nonce ${state.attestation.nonce} loaded`, "info");
    } catch (e) {
      say("chain-message", describe(e), "error");
    }
  });
  input("multiplier").addEventListener("input", () => recompute());
  el("fetch-risk").addEventListener("click", () => void fetchRisk(recompute));
  el("prove").addEventListener("click", () => void onProve());
  el("connect").addEventListener("click", () => void connect());
  el("submit").addEventListener("click", () => void onSubmit());
  el("act-as").addEventListener("change", () => void onActAs());

  let cfg: AppConfig = {};
  try {
    const res = await fetch(new URL("config.json", document.baseURI), { cache: "no-cache" });
    if (res.ok) cfg = (await res.json()) as AppConfig;
  } catch {
    // a static deployment without config.json: every setting is typed in by hand
  }
  if (cfg.riskUrl) input("risk-url").value = cfg.riskUrl;
  if (cfg.rpcUrl) input("rpc-url").value = cfg.rpcUrl;
  if (cfg.account) input("rpc-account").value = cfg.account;
  if (cfg.engine) input("engine-address").value = cfg.engine;
  if (cfg.subAccounts) input("subaccounts-address").value = cfg.subAccounts;
  if (cfg.local) input("wallet-rpc").checked = true;
  initBook(cfg);
  initHealth(cfg);
  initWhatIf(cfg);
  initAccount(cfg);
  if (cfg.examples) {
    el("load-example").hidden = false;
    el("load-example").addEventListener("click", () => void loadExample(cfg));
  }
  document.body.dataset.ready = "true";
  if (cfg.riskUrl) await fetchRisk(recompute);
}

void start();
