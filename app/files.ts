/**
 * The page's inputs: portfolio and balances loaded from a file, pasted, or written by the
 * book's table (app/book/) into the two textareas, the page's single input of record
 * (validated against the risk table), and the risk table fetched by URL.
 */
import { getAddress } from "ethers";
import {
  InputError,
  checkSameAccount,
  parseBalances,
  parsePortfolio,
  parseRiskTable,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../src/browser";
import { describe, el, input, say } from "./dom";
import { state } from "./state";

export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, "(root)", `not valid JSON (${(e as Error).message})`);
  }
}

/** Fills `textArea` from the file chosen in `fileInput`; calls `changed` after every edit. */
export function readFileInto(fileInput: string, textArea: string, changed: () => void): void {
  input(fileInput).addEventListener("change", async () => {
    const f = input(fileInput).files?.[0];
    if (!f) return;
    const area = el<HTMLTextAreaElement>(textArea);
    area.value = await f.text();
    area.dataset.file = f.name;
    state.proof = undefined;
    changed();
  });
  el<HTMLTextAreaElement>(textArea).addEventListener("input", () => {
    delete el<HTMLTextAreaElement>(textArea).dataset.file;
    state.proof = undefined;
    changed();
  });
}

const readers: Array<(portfolio: string, balances: string) => void> = [];

/**
 * Calls `f` with both texts each time {@link loadFiles} reads them, whoever changed them
 * (typing, a file, the example, an unlocked save): the book's table re-syncs from them.
 */
export function onFilesRead(f: (portfolio: string, balances: string) => void): void {
  readers.push(f);
}

/** Validates both files against the risk table; sets state.portfolio / state.balances. */
export function loadFiles(): boolean {
  state.portfolio = undefined;
  state.balances = undefined;
  const pArea = el<HTMLTextAreaElement>("portfolio-text");
  const bArea = el<HTMLTextAreaElement>("balances-text");
  for (const f of readers) f(pArea.value, bArea.value);
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

/** Fetches the risk table at the URL typed in; sets (or clears) state.table, then `changed`. */
export async function fetchRisk(changed: () => void): Promise<void> {
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
  changed();
}
