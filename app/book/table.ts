/**
 * The book as a table: account, cash, nonce and salt fields, one row per position (quantity
 * and cost basis edited in place, a Remove button), an "Add a position" form whose picker
 * lists the risk table's instruments, and one amount per collateral token. Each field shows
 * the SDK's rule it breaks inline (aria-invalid, aria-describedby), once it has been edited.
 */
import { type RiskTable, randomSalt } from "../../src/browser";
import { el, input } from "../dom";
import { type Book, type BookPosition, balKey, posKey, validateBook } from "./model";

/** What the picker says about an instrument beyond the risk table (from market.json). */
export interface InstrumentInfo {
  strike?: string;
  expiry?: number;
  right?: string;
}

interface Hooks {
  book: () => Book;
  table: () => RiskTable | undefined;
  info: () => Map<string, InstrumentInfo>;
  /** The book changed in the table: write the files and recompute. */
  edited: () => void;
  say: (text: string) => void;
}

let hooks: Hooks;
/** Fields the trader edited (their errors show); `all` once the book came from a file. */
const touched = new Set<string>();
let showAll = false;

const HEAD = ["account", "cash", "nonce", "salt"] as const;
const LABEL: Record<string, string> = { quantity: "quantity", costBasis: "cost basis" };

/** Shows every field's error from now on (a loaded book), or only edited ones (a new book). */
export function showAllErrors(all: boolean): void {
  showAll = all;
  if (!all) touched.clear();
}

/** "option, call, strike 90000, expiry 2025-12-26" (kind only without market.json). */
export function kindText(kind: string, i?: InstrumentInfo): string {
  const parts = [kind];
  if (i?.right) parts.push(i.right);
  if (i?.strike) parts.push(`strike ${i.strike}`);
  if (i?.expiry !== undefined)
    parts.push(`expiry ${new Date(i.expiry * 1000).toISOString().slice(0, 10)}`);
  return parts.join(", ");
}

function setError(field: HTMLInputElement | HTMLSelectElement, text: string): void {
  const msg = document.getElementById(`${field.id}-error`);
  if (msg) msg.textContent = text;
  if (text) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
}

/** Runs the SDK's checks on the book and shows each edited field's broken rule. */
export function showErrors(): void {
  const table = hooks.table();
  if (!table) return;
  const book = hooks.book();
  const errors = validateBook(book, table);
  const shown = (key: string) => (showAll || touched.has(key) ? errors.get(key)?.rule : undefined);
  for (const f of HEAD) {
    const rule = shown(f);
    setError(input(`book-${f}`), rule ? `${f}: ${rule}` : "");
  }
  book.positions.forEach((p, i) => {
    for (const f of ["quantity", "costBasis"] as const) {
      const rule = shown(posKey(i, f));
      setError(input(`book-${f}-${i}`), rule ? `${LABEL[f]} of ${p.instrument}: ${rule}` : "");
    }
    const rule = errors.get(posKey(i, "instrument"))?.rule;
    el(`book-row-${i}-error`).textContent = rule ? `instrument ${p.instrument}: ${rule}` : "";
  });
  const slots = errors.get("positions")?.rule;
  el("book-positions-error").textContent = slots ? `positions: ${slots}` : "";
  for (const row of Array.from(el("book-balance-rows").querySelectorAll("input"))) {
    const symbol = row.dataset.symbol ?? "";
    const rule = shown(balKey(symbol));
    setError(row, rule ? `${symbol} amount: ${rule}` : "");
  }
}

const cell = (tag: "td" | "th", ...kids: Array<Node | string>) => {
  const c = document.createElement(tag);
  c.append(...kids);
  return c;
};

function textField(
  id: string,
  label: string,
  value: string,
  key: string,
  set: (v: string) => void,
) {
  const f = document.createElement("input");
  f.type = "text";
  f.id = id;
  f.value = value;
  f.autocomplete = "off";
  f.inputMode = "decimal";
  f.setAttribute("aria-label", label);
  f.setAttribute("aria-describedby", `${id}-error`);
  f.addEventListener("input", () => {
    set(f.value.trim());
    touched.add(key);
    hooks.edited();
  });
  const msg = document.createElement("p");
  msg.id = `${id}-error`;
  msg.className = "field-error";
  msg.setAttribute("aria-live", "polite");
  return [f, msg];
}

function positionRow(p: BookPosition, i: number, table: RiskTable): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset.instrument = p.instrument;
  const inst = table.instruments.find((x) => x.id === p.instrument);
  const what = document.createElement("span");
  what.className = "hint";
  what.textContent = inst
    ? kindText(inst.kind, hooks.info().get(inst.id))
    : "not in this risk table";
  const err = document.createElement("p");
  err.id = `book-row-${i}-error`;
  err.className = "field-error";
  const head = cell("th", p.instrument, document.createElement("br"), what, err);
  head.scope = "row";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.id = `book-remove-${i}`;
  remove.textContent = "Remove";
  remove.setAttribute("aria-label", `Remove ${p.instrument}`);
  remove.addEventListener("click", () => removePosition(i));
  const q = cell(
    "td",
    ...textField(
      `book-quantity-${i}`,
      `quantity of ${p.instrument}`,
      p.quantity,
      posKey(i, "quantity"),
      (v) => {
        p.quantity = v;
      },
    ),
  );
  const c = cell(
    "td",
    ...textField(
      `book-costBasis-${i}`,
      `cost basis of ${p.instrument} (USD)`,
      p.costBasis,
      posKey(i, "costBasis"),
      (v) => {
        p.costBasis = v;
      },
    ),
  );
  q.dataset.label = "quantity";
  c.dataset.label = "cost basis (USD)";
  tr.append(head, q, c, cell("td", remove));
  return tr;
}

function removePosition(i: number): void {
  const book = hooks.book();
  const [gone] = book.positions.splice(i, 1);
  // row keys shift with the rows: keep the edited marks of the rows after it
  const keys = Array.from(touched).filter((k) => k.startsWith("positions["));
  for (const k of keys) touched.delete(k);
  for (const k of keys) {
    const m = /^positions\[(\d+)\]\.(.*)$/.exec(k);
    if (m && Number(m[1]) !== i)
      touched.add(`positions[${Number(m[1]) > i ? Number(m[1]) - 1 : m[1]}].${m[2]}`);
  }
  renderTable();
  hooks.edited();
  hooks.say(`Removed ${gone.instrument}; ${book.positions.length} position(s) left.`);
  const next = document.getElementById(`book-remove-${Math.min(i, book.positions.length - 1)}`);
  (next ?? el("book-add-instrument")).focus();
}

function renderPicker(table: RiskTable, book: Book): void {
  const select = el<HTMLSelectElement>("book-add-instrument");
  const chosen = select.value;
  const held = new Set(book.positions.map((p) => p.instrument));
  const none = new Option("choose an instrument…", "");
  select.replaceChildren(none);
  for (const g of table.groups) {
    const group = document.createElement("optgroup");
    group.label = g.id;
    for (const inst of table.instruments.filter((x) => x.group === g.id)) {
      const text = `${inst.id} · ${kindText(inst.kind, hooks.info().get(inst.id))}`;
      const o = new Option(held.has(inst.id) ? `${text} (in the book)` : text, inst.id);
      o.disabled = held.has(inst.id);
      group.append(o);
    }
    select.append(group);
  }
  select.value = held.has(chosen) ? "" : chosen;
}

function renderBalances(table: RiskTable, book: Book): void {
  const symbols = [
    ...table.collateral.map((c) => c.symbol),
    ...Object.keys(book.balances).filter((s) => !table.collateral.some((c) => c.symbol === s)),
  ];
  el("book-balance-rows").replaceChildren(
    ...symbols.map((symbol, j) => {
      const c = table.collateral.find((x) => x.symbol === symbol);
      const what = document.createElement("span");
      what.className = "hint";
      what.textContent = c ? `${c.decimals} decimals` : "not in this risk table";
      const head = cell("th", symbol, document.createElement("br"), what);
      head.scope = "row";
      const [f, msg] = textField(
        `book-balance-${j}`,
        `amount of ${symbol}`,
        book.balances[symbol] ?? "",
        balKey(symbol),
        (v) => {
          book.balances[symbol] = v;
        },
      );
      (f as HTMLInputElement).dataset.symbol = symbol;
      const tr = document.createElement("tr");
      tr.dataset.token = symbol;
      tr.append(head, cell("td", f, msg));
      return tr;
    }),
  );
}

/** Draws every field from the book (after an add, a remove, a sync or a new risk table). */
export function renderTable(): void {
  const table = hooks.table();
  el("book-editor").hidden = !table;
  if (!table) return;
  const book = hooks.book();
  for (const f of HEAD) input(`book-${f}`).value = book[f];
  el("book-rows").replaceChildren(...book.positions.map((p, i) => positionRow(p, i, table)));
  el("book-empty").hidden = book.positions.length > 0;
  renderPicker(table, book);
  renderBalances(table, book);
  showErrors();
}

/** The add form's errors for its candidate row (the SDK's rules on the book with it added). */
function checkAdd(): Map<string, string> {
  const out = new Map<string, string>();
  const table = hooks.table();
  const book = hooks.book();
  if (!table) return out;
  const row: BookPosition = {
    instrument: el<HTMLSelectElement>("book-add-instrument").value,
    quantity: input("book-add-quantity").value.trim(),
    costBasis: input("book-add-cost").value.trim(),
  };
  if (!row.instrument) out.set("instrument", "instrument: choose one from the risk table");
  else row.instrument = row.instrument.trim();
  const n = book.positions.length;
  const errors = validateBook({ ...book, positions: [...book.positions, row] }, table);
  for (const f of ["instrument", "quantity", "costBasis"] as const) {
    const e = errors.get(posKey(n, f));
    if (e && !out.has(f)) out.set(f, `${f === "instrument" ? "instrument" : LABEL[f]}: ${e.rule}`);
  }
  const slots = errors.get("positions");
  if (slots) out.set("positions", `positions: ${slots.rule}`);
  return out;
}

const ADD_FIELDS = {
  instrument: "book-add-instrument",
  quantity: "book-add-quantity",
  costBasis: "book-add-cost",
};

function showAdd(errors: Map<string, string>): void {
  for (const [f, id] of Object.entries(ADD_FIELDS))
    setError(el<HTMLInputElement>(id), errors.get(f) ?? "");
  el("book-add-error").textContent = errors.get("positions") ?? "";
}

function onAdd(ev: Event): void {
  ev.preventDefault();
  const errors = checkAdd();
  showAdd(errors);
  if (errors.size > 0) {
    const first = Object.entries(ADD_FIELDS).find(([f]) => errors.has(f));
    (first ? el(first[1]) : el("book-add-button")).focus();
    return;
  }
  const book = hooks.book();
  const row: BookPosition = {
    instrument: el<HTMLSelectElement>("book-add-instrument").value,
    quantity: input("book-add-quantity").value.trim(),
    costBasis: input("book-add-cost").value.trim(),
  };
  book.positions.push(row);
  const i = book.positions.length - 1;
  touched.add(posKey(i, "quantity")).add(posKey(i, "costBasis"));
  input("book-add-quantity").value = "";
  input("book-add-cost").value = "";
  el<HTMLSelectElement>("book-add-instrument").value = "";
  renderTable();
  hooks.edited();
  hooks.say(`Added ${row.instrument}; ${book.positions.length} position(s).`);
  el("book-add-instrument").focus();
}

/** Wires the static fields and the add form once. */
export function initTable(h: Hooks): void {
  hooks = h;
  for (const f of HEAD) {
    input(`book-${f}`).addEventListener("input", () => {
      hooks.book()[f] = input(`book-${f}`).value.trim();
      touched.add(f);
      hooks.edited();
    });
  }
  el("book-new-salt").addEventListener("click", () => {
    hooks.book().salt = randomSalt();
    input("book-salt").value = hooks.book().salt;
    touched.add("salt");
    hooks.edited();
    hooks.say("A new random salt (31 bytes from Web Crypto) is in the book.");
  });
  el("book-add").addEventListener("submit", onAdd);
  for (const id of Object.values(ADD_FIELDS))
    el(id).addEventListener(id === ADD_FIELDS.instrument ? "change" : "input", () => {
      if (el(id).getAttribute("aria-invalid") === "true" || el("book-add-error").textContent)
        showAdd(checkAdd());
    });
}
