/**
 * The trader's book (issue 17 point 1): positions as a table instead of JSON (./table.ts),
 * Import / Export of portfolio.json and balances.json (./io.ts), and the encrypted store in
 * this browser (./locker.ts, ./vault.ts).
 *
 * Data flow: the textareas #portfolio-text and #balances-text stay the page's single input of
 * record (app/files.ts loadFiles reads them). Each edit in the table writes the book's files
 * into them, clears the proof and recomputes the report, as typing in them does. Whenever
 * loadFiles reads them and a text changed by other means (typing, a file, the example, an
 * unlocked save), the table re-syncs from it when it is a valid file, and keeps its rows
 * otherwise (loadFiles then shows the file's error).
 */
import { type RiskTable, parseBalances, parsePortfolio } from "../../src/browser";
import type { AppConfig } from "../config";
import { describe, el, input, say } from "../dom";
import { onFilesRead } from "../files";
import { recompute } from "../report";
import { state } from "../state";
import { initIo, marketInfo } from "./io";
import { initLocker } from "./locker";
import {
  type Book,
  balancesJson,
  emptyBook,
  fileText,
  portfolioJson,
  readBalances,
  readPortfolio,
  validateBook,
} from "./model";
import { type InstrumentInfo, initTable, renderTable, showAllErrors, showErrors } from "./table";

let book: Book = emptyBook();
/** The texts last read into the table or written by it. */
let seen = { portfolio: "", balances: "" };
let shownTable: RiskTable | undefined;
let info = new Map<string, InstrumentInfo>();

const area = (file: "portfolio" | "balances") => el<HTMLTextAreaElement>(`${file}-text`);
const symbols = () => state.table?.collateral.map((c) => c.symbol) ?? [];
const texts = () => ({
  portfolio: fileText(portfolioJson(book)),
  balances: fileText(balancesJson(book, symbols())),
});

/** The table changed the book: write both files, then recompute as a textarea edit does. */
function edited(): void {
  say("book-message", "");
  seen = texts();
  for (const file of ["portfolio", "balances"] as const) {
    area(file).value = seen[file];
    delete area(file).dataset.file;
  }
  state.proof = undefined;
  recompute();
  showErrors();
}

/** loadFiles read the texts: re-sync the table from a text that changed and is a valid file. */
function filesRead(portfolio: string, balances: string): void {
  let changed = false;
  if (portfolio !== seen.portfolio) {
    seen.portfolio = portfolio;
    const p = readPortfolio(portfolio);
    if (p) {
      book = { ...p, balances: book.balances };
      changed = true;
    }
  }
  if (balances !== seen.balances) {
    seen.balances = balances;
    const b = readBalances(balances);
    if (b) {
      book.balances = b.balances;
      if (!book.account) book.account = b.account;
      changed = true;
    }
  }
  if (changed) showAllErrors(true);
  if (changed || state.table !== shownTable) render();
}

function render(): void {
  shownTable = state.table;
  say(
    "book-status",
    state.table
      ? ""
      : "The table of positions needs the risk table: fetch it in section 1. Meanwhile, " +
          "import or paste your files below.",
    "info",
  );
  renderTable();
}

/** Export: the book's file, after saying whether the SDK accepts it as it is. */
function exported(file: "portfolio" | "balances"): string {
  const text = texts()[file];
  showAllErrors(true);
  showErrors();
  let problem = "";
  try {
    if (file === "portfolio") parsePortfolio(JSON.parse(text));
    else parseBalances(JSON.parse(text));
    const errors = state.table ? validateBook(book, state.table) : new Map();
    const first = Array.from(errors.values()).find((e) => e.file === `${file}.json`);
    if (first) problem = `${first.file}: ${first.path}: ${first.rule}`;
  } catch (e) {
    problem = describe(e);
  }
  say(
    "book-message",
    problem
      ? `Exported ${file}.json, but it does not load yet: ${problem}`
      : `Exported ${file}.json (your browser's downloads).`,
    problem ? "error" : "ok",
  );
  return text;
}

function restore(portfolio: string, balances: string): void {
  for (const [file, text] of [
    ["portfolio", portfolio],
    ["balances", balances],
  ] as const) {
    area(file).value = text;
    delete area(file).dataset.file;
  }
  state.proof = undefined;
  recompute(); // loadFiles hands the texts to filesRead: the table follows
}

function clear(): void {
  book = emptyBook();
  seen = { portfolio: "", balances: "" };
  for (const file of ["portfolio", "balances"] as const) {
    area(file).value = "";
    delete area(file).dataset.file;
    input(`${file}-file`).value = "";
  }
  for (const id of ["book-add-quantity", "book-add-cost"]) input(id).value = "";
  showAllErrors(false);
  say("book-message", "");
  state.proof = undefined;
  recompute();
  render();
}

/** Called once from main.ts after the page's base listeners are set up. */
export function initBook(cfg: AppConfig): void {
  initTable({
    book: () => book,
    table: () => state.table,
    info: () => info,
    edited,
    say: (text) => say("book-message", text, "info"),
  });
  initIo(exported);
  initLocker({
    texts: () => ({ portfolio: area("portfolio").value, balances: area("balances").value }),
    restore,
    clear,
  });
  onFilesRead(filesRead);
  render();
  if (cfg.marketUrl)
    void marketInfo(cfg.marketUrl).then((m) => {
      info = m;
      render();
    });
}
