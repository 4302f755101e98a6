/**
 * The zkmargin web page (served by `npm run app`): portfolio and balances loaded or pasted and
 * kept in the browser, the risk table fetched, the margin report with a chart of requirement
 * per scenario for each group, a proof made in a Web Worker with a progress bar, and the proof
 * submitted through an injected EIP-1193 wallet or a JSON-RPC endpoint. Built by
 * src/node/app/build.ts, which compiles the pinned keys and the engine ABI in.
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
  type Attestation,
  BrowserProver,
  CheckFailedError,
  type IntegerBalances,
  type IntegerPortfolio,
  InputError,
  IntegrityError,
  type KeyRegistry,
  MarginEngineClient,
  type MarginResult,
  type ProofFile,
  type ProveProgress,
  type RiskTable,
  accountStatus,
  attestAndProve,
  buildSolvencyInput,
  canonicalJson,
  checkSameAccount,
  computeMargin,
  healthString,
  marginReportJson,
  money,
  parseAttestation,
  parseBalances,
  parseMultiplier,
  parsePortfolio,
  parseRiskTable,
  publicSignalsOf,
  renew,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../src/browser";

declare const __ZKMARGIN_KEYS__: KeyRegistry;
declare const __ZKMARGIN_ENGINE_ABI__: InterfaceAbi;

/** /config.json written by `zkmargin app` (every field optional). */
interface AppConfig {
  rpcUrl?: string | null;
  engine?: string | null;
  riskUrl?: string | null;
  account?: string | null;
  local?: boolean;
  examples?: { portfolio: string; balances: string } | null;
}

type Kind = "error" | "ok" | "info";

const el = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page element #${id} is missing`);
  return e as T;
};
const input = (id: string) => el<HTMLInputElement>(id);

function say(id: string, text: string, kind: Kind = "info"): void {
  const p = el(id);
  p.textContent = text;
  p.className = `message ${text ? kind : ""}`;
  p.dataset.kind = text ? kind : "";
}

/** A message for people: SDK errors already name the file, field and rule. */
function describe(e: unknown): string {
  if (e instanceof InputError || e instanceof CheckFailedError || e instanceof IntegrityError)
    return e.message;
  if (e instanceof Error) {
    const m = e.message.split("\n")[0];
    if (/user rejected|ACTION_REJECTED/i.test(m)) return "the wallet refused the request";
    return m;
  }
  return String(e);
}

const state: {
  table?: RiskTable;
  portfolio?: IntegerPortfolio;
  balances?: IntegerBalances;
  margin?: MarginResult;
  proof?: ProofFile;
  attestation?: Attestation;
  engine?: MarginEngineClient;
  signerAddress?: string;
  provider?: BrowserProvider | JsonRpcProvider;
  busy: boolean;
} = { busy: false };

const prover = new BrowserProver({
  keys: __ZKMARGIN_KEYS__,
  worker: new URL("prover-worker.js", document.baseURI),
});
if (Object.values(__ZKMARGIN_KEYS__).some((k) => k.unsafeDevelopmentKeys))
  el("dev-keys").hidden = false;

// ------------------------------------------------------------------ files

function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, "(root)", `not valid JSON (${(e as Error).message})`);
  }
}

function readFileInto(fileInput: string, textArea: string): void {
  input(fileInput).addEventListener("change", async () => {
    const f = input(fileInput).files?.[0];
    if (!f) return;
    const area = el<HTMLTextAreaElement>(textArea);
    area.value = await f.text();
    area.dataset.file = f.name;
    state.proof = undefined;
    recompute();
  });
  el<HTMLTextAreaElement>(textArea).addEventListener("input", () => {
    delete el<HTMLTextAreaElement>(textArea).dataset.file;
    state.proof = undefined;
    recompute();
  });
}

/** Validates both files against the risk table; sets state.portfolio / state.balances. */
function loadFiles(): boolean {
  state.portfolio = undefined;
  state.balances = undefined;
  const pArea = el<HTMLTextAreaElement>("portfolio-text");
  const bArea = el<HTMLTextAreaElement>("balances-text");
  const pName = pArea.dataset.file ?? "portfolio.json";
  const bName = bArea.dataset.file ?? "balances.json";
  if (!pArea.value.trim() || !bArea.value.trim()) {
    say("files-message", "Load or paste both files.", "info");
    return false;
  }
  try {
    const portfolio = parsePortfolio(parseJsonText(pArea.value, pName), pName);
    const balances = parseBalances(parseJsonText(bArea.value, bName), bName);
    if (!state.table) {
      say("files-message", "Both files are well formed; fetch the risk table for the report.");
      return false;
    }
    state.portfolio = toIntegerPortfolio(portfolio, state.table, pName);
    state.balances = toIntegerBalances(balances, state.table, bName);
    checkSameAccount(state.portfolio, state.balances, bName);
    say(
      "files-message",
      `${state.portfolio.positions.length} positions of account ${getAddress(state.portfolio.accountAddress)}; kept in this browser.`,
      "ok",
    );
    return true;
  } catch (e) {
    state.portfolio = undefined;
    state.balances = undefined;
    say("files-message", describe(e), "error");
    return false;
  }
}

// ------------------------------------------------------------------ risk table

async function fetchRisk(): Promise<void> {
  const url = input("risk-url").value.trim();
  say("risk-message", `fetching ${url} …`);
  try {
    const res = await fetch(new URL(url, document.baseURI), { cache: "no-cache" });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
    const name = url.split("/").pop() || "risk.json";
    const table = parseRiskTable(parseJsonText(await res.text(), name), name);
    state.table = table;
    state.proof = undefined;
    say(
      "risk-message",
      `epoch ${table.epoch} of ${new Date(table.timestamp * 1000).toISOString()}, instance ` +
        `${table.instance.name}, ${table.instruments.length} instruments, ${table.groups.length} groups, ` +
        `risk root ${table.riskRoot.toString().slice(0, 18)}…`,
      "ok",
    );
    el("risk-message").dataset.epoch = String(table.epoch);
  } catch (e) {
    state.table = undefined;
    say("risk-message", describe(e), "error");
  }
  recompute();
}

// ------------------------------------------------------------------ report

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/** One bar chart per group: req[s] for every scenario, the worst one highlighted. */
function renderCharts(table: RiskTable, m: MarginResult): void {
  const box = el("charts");
  box.replaceChildren();
  for (const g of m.groups) {
    const div = document.createElement("div");
    div.className = "chart";
    div.dataset.group = g.id;
    const title = document.createElement("p");
    title.textContent =
      `${g.id}: requirement ${money(g.requirement)} USD` +
      (g.requirement > 0n
        ? ` (worst: scenario ${g.worstScenario}, ${g.worstScenarioLabel})`
        : " (no scenario loses)");
    div.append(title);
    const S = g.req.length;
    const W = 40;
    const H = 160;
    const mid = 90;
    const max = g.req.reduce((a, r) => (r < 0n ? (-r > a ? -r : a) : r > a ? r : a), 1n);
    const chart = svg("svg", { viewBox: `0 0 ${S * W} ${H + 30}`, role: "img" });
    chart.append(svg("line", { x1: 0, x2: S * W, y1: mid, y2: mid, stroke: "#8a939c" }));
    g.req.forEach((r, s) => {
      const h = Number((r < 0n ? -r : r) * 80n) / Number(max);
      const cls =
        s === g.worstScenario && g.requirement > 0n ? "bar worst" : r < 0n ? "bar gain" : "bar";
      const bar = svg("rect", {
        class: cls,
        x: s * W + 6,
        width: W - 12,
        y: r < 0n ? mid : mid - h,
        height: Math.max(h, 0.5),
      });
      bar.append(
        svg("title", {}, `scenario ${s} (${table.scenarios[s]?.label ?? ""}): ${money(r)} USD`),
      );
      chart.append(bar);
      chart.append(
        svg("text", { x: s * W + W / 2, y: H + 20, "text-anchor": "middle" }, String(s)),
      );
    });
    div.append(chart);
    box.append(div);
  }
}

function renderReport(m: MarginResult): void {
  const set = (id: string, v: bigint) => {
    el(id).textContent = `${money(v)} USD`;
  };
  set("r-hc", m.haircutCollateral);
  set("r-nlv", m.netLiquidationValue);
  set("r-equity", m.equity);
  set("r-scan", m.scan);
  set("r-floor", m.floor);
  set("r-mm", m.maintenanceMargin);
  el("r-health").textContent = healthString(m) ?? "no margin required";
  const v = el("verdict");
  v.textContent = m.solvent
    ? `Solvent at ×${input("multiplier").value}: equity covers the margin.`
    : `Insolvent at ×${input("multiplier").value}: equity does not cover the margin; no proof can be made.`;
  v.className = `verdict ${m.solvent ? "solvent" : "insolvent"}`;
  v.dataset.solvent = String(m.solvent);
  el("report-json").textContent = JSON.stringify(marginReportJson(m), null, 2);
  el("report").hidden = false;
}

function recompute(): void {
  state.margin = undefined;
  const ok = loadFiles();
  if (!ok || !state.table || !state.portfolio || !state.balances) {
    el("report").hidden = true;
    say("report-message", "");
    updateButtons();
    return;
  }
  try {
    const mult = parseMultiplier(input("multiplier").value.trim(), "multiplier");
    const m = computeMargin(state.table, state.portfolio, state.balances.amounts, mult);
    state.margin = m;
    renderReport(m);
    renderCharts(state.table, m);
    if (m.solvent) say("report-message", "");
    else {
      try {
        buildSolvencyInput(state.table, state.portfolio, state.balances, mult);
      } catch (e) {
        say("report-message", describe(e), "error");
      }
    }
  } catch (e) {
    el("report").hidden = true;
    say("report-message", describe(e), "error");
  }
  updateButtons();
}

function updateButtons(): void {
  const ready = !!state.margin?.solvent && !state.busy;
  el<HTMLButtonElement>("prove").disabled = !ready;
  el<HTMLButtonElement>("submit").disabled = !(ready && state.engine);
}

// ------------------------------------------------------------------ proving

function showProgress(p: ProveProgress): void {
  const bar = el<HTMLProgressElement>("prove-progress");
  bar.value = p.fraction;
  bar.dataset.stage = p.stage;
  say("prove-status", `${Math.round(p.fraction * 100)} %: ${p.detail}`);
}

function showProof(proof: ProofFile, ms: number): void {
  state.proof = proof;
  const text = JSON.stringify(proof, null, 2) + "\n";
  el("proof-json").textContent = text;
  const a = el<HTMLAnchorElement>("proof-download");
  if (a.href.startsWith("blob:")) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  el("proof-out").hidden = false;
  say(
    "prove-status",
    `proof made and verified in this browser in ${(ms / 1000).toFixed(1)} s (instance ${proof.circuit}` +
      `${proof.unsafeDevelopmentKeys ? ", DEVELOPMENT keys" : ""})`,
    "ok",
  );
  el("prove-status").dataset.done = "true";
}

/** Proves in the worker, reusing the last proof when it proves the same public statement. */
async function proveInput(
  inputSignals: Parameters<BrowserProver["prove"]>[0],
  instance: string,
): Promise<ProofFile> {
  const wanted = publicSignalsOf(inputSignals);
  if (state.proof && canonicalJson(state.proof.publicSignals) === canonicalJson(wanted)) {
    say(
      "prove-status",
      "reusing the proof made above (same state, risk root and multiplier)",
      "ok",
    );
    return state.proof;
  }
  const t0 = performance.now();
  el("prove-status").dataset.done = "false";
  const { proof } = await prover.prove(inputSignals, instance, showProgress);
  showProof(proof, performance.now() - t0);
  return proof;
}

async function onProve(): Promise<void> {
  if (!state.table || !state.portfolio || !state.balances || state.busy) return;
  state.busy = true;
  updateButtons();
  try {
    const mult = parseMultiplier(input("multiplier").value.trim(), "multiplier");
    const { input: signals } = buildSolvencyInput(
      state.table,
      state.portfolio,
      state.balances,
      mult,
    );
    await proveInput(signals, state.table.instance.name);
  } catch (e) {
    say("prove-status", describe(e), "error");
  } finally {
    state.busy = false;
    updateButtons();
  }
}

// ------------------------------------------------------------------ chain

function walletMode(): "injected" | "rpc" {
  return input("wallet-rpc").checked ? "rpc" : "injected";
}

async function connect(): Promise<void> {
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
    const m = `${maintenanceMultiplier / 10000n}.${(maintenanceMultiplier % 10000n).toString().padStart(4, "0")}`;
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

async function onSubmit(): Promise<void> {
  if (!state.engine || !state.table || !state.portfolio || state.busy) return;
  state.busy = true;
  updateButtons();
  say("chain-message", "checking the account against the engine …");
  try {
    const ctx = {
      engine: state.engine,
      table: state.table,
      prover: (signals: Parameters<typeof proveInput>[0], instance: string) =>
        proveInput(signals, instance),
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

// ------------------------------------------------------------------ start

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
  readFileInto("portfolio-file", "portfolio-text");
  readFileInto("balances-file", "balances-text");
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
  el("fetch-risk").addEventListener("click", () => void fetchRisk());
  el("prove").addEventListener("click", () => void onProve());
  el("connect").addEventListener("click", () => void connect());
  el("submit").addEventListener("click", () => void onSubmit());

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
  if (cfg.local) input("wallet-rpc").checked = true;
  if (cfg.examples) {
    el("load-example").hidden = false;
    el("load-example").addEventListener("click", () => void loadExample(cfg));
  }
  document.body.dataset.ready = "true";
  if (cfg.riskUrl) await fetchRisk();
}

void start();
