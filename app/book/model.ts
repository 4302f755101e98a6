/**
 * The book as the table edits it: every field kept as the text the trader typed, written out
 * as portfolio.json and balances.json, read back from them, and checked field by field with
 * the SDK's own rules (parsePortfolio / toIntegerPortfolio, parseBalances /
 * toIntegerBalances), so the table accepts exactly what the files accept.
 */
import {
  InputError,
  type RiskTableFields,
  formatPath,
  parseBalances,
  parsePortfolio,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../../src/browser";

/** One position as typed. */
export interface BookPosition {
  instrument: string;
  quantity: string;
  costBasis: string;
}

/** The trader's book as typed: both files' fields, balances by collateral symbol. */
export interface Book {
  account: string;
  cash: string;
  nonce: string;
  salt: string;
  positions: BookPosition[];
  /** Amount per collateral symbol; an empty amount is left out of balances.json (0). */
  balances: Record<string, string>;
}

export const emptyBook = (): Book => ({
  account: "",
  cash: "0",
  nonce: "0",
  salt: "",
  positions: [],
  balances: {},
});

/** The nonce as `zkmargin portfolio new` writes it: a JSON integer when it is a safe one. */
function nonceValue(s: string): number | string {
  return /^(0|[1-9][0-9]*)$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s;
}

/** portfolio.json of the book (not validated). */
export function portfolioJson(b: Book) {
  return {
    version: 1,
    account: b.account,
    positions: b.positions.map((p) => ({
      instrument: p.instrument,
      quantity: p.quantity,
      costBasis: p.costBasis,
    })),
    cash: b.cash,
    nonce: nonceValue(b.nonce),
    salt: b.salt,
  };
}

/** balances.json of the book (not validated): symbols with an amount, in `order` first. */
export function balancesJson(b: Book, order: readonly string[] = []) {
  const balances: Record<string, string> = {};
  const symbols = [...order, ...Object.keys(b.balances).filter((s) => !order.includes(s))];
  for (const s of symbols) if (b.balances[s]?.trim()) balances[s] = b.balances[s].trim();
  return { version: 1, account: b.account, balances };
}

/** A file's text as the CLI writes it: two-space JSON and a final newline. */
export const fileText = (json: unknown): string => JSON.stringify(json, null, 2) + "\n";

/**
 * The portfolio fields of `text` when it is a valid portfolio.json (SDK schema), else
 * undefined: the strings as written, so the table shows the file exactly.
 */
export function readPortfolio(text: string): Omit<Book, "balances"> | undefined {
  try {
    const raw = JSON.parse(text) as ReturnType<typeof portfolioJson>;
    parsePortfolio(raw);
    return {
      account: raw.account,
      cash: raw.cash,
      nonce: String(raw.nonce),
      salt: raw.salt,
      positions: raw.positions.map((p) => ({
        instrument: p.instrument,
        quantity: p.quantity,
        costBasis: p.costBasis,
      })),
    };
  } catch {
    return undefined;
  }
}

/** The account and amounts of `text` when it is a valid balances.json, else undefined. */
export function readBalances(
  text: string,
): { account: string; balances: Record<string, string> } | undefined {
  try {
    const raw = JSON.parse(text) as ReturnType<typeof balancesJson>;
    parseBalances(raw);
    return { account: raw.account, balances: { ...raw.balances } };
  } catch {
    return undefined;
  }
}

/** Field keys of the inline messages. */
export const posKey = (i: number, field: keyof BookPosition) => `positions[${i}].${field}`;
export const balKey = (symbol: string) => `balances:${symbol}`;

/** A rule broken: the field as people name it and the SDK's rule. */
export interface FieldError {
  file: string;
  /** The JSON path in the file (with the book's own position index). */
  path: string;
  rule: string;
}

const ZERO_ADDRESS = "0x" + "0".repeat(40);
const POS_PATH = /^positions\[(\d+)\]\.(instrument|quantity|costBasis)$/;

/**
 * Every field error of the book against `table`, keyed by field ("account", "cash", "nonce",
 * "salt", "positions" (slot count), {@link posKey}, {@link balKey}). The SDK reports the first
 * broken rule of a file; each reported field is then replaced by a valid stand-in (a bad
 * position dropped) and the file checked again, until it passes.
 */
export function validateBook(b: Book, table: RiskTableFields): Map<string, FieldError> {
  const errors = new Map<string, FieldError>();
  const work = portfolioJson(b);
  let index = b.positions.map((_, i) => i); // book index of each position left in `work`
  for (let round = 0; round < 4 * b.positions.length + 8; round++) {
    try {
      toIntegerPortfolio(parsePortfolio(work), table);
      break;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const m = POS_PATH.exec(e.path);
      if (m) {
        const at = Number(m[1]);
        const field = m[2] as keyof BookPosition;
        const i = index[at];
        errors.set(posKey(i, field), { file: e.file, path: posKey(i, field), rule: e.rule });
        if (field === "instrument") {
          work.positions.splice(at, 1);
          index.splice(at, 1);
        } else work.positions[at][field] = field === "quantity" ? "1" : "0";
      } else if (e.path === "positions") {
        errors.set("positions", { file: e.file, path: e.path, rule: e.rule });
        work.positions = work.positions.slice(0, table.instance.N);
        index = index.slice(0, table.instance.N);
      } else if (e.path === "account" || e.path === "cash" || e.path === "nonce") {
        errors.set(e.path, { file: e.file, path: e.path, rule: e.rule });
        if (e.path === "account") work.account = ZERO_ADDRESS;
        else if (e.path === "cash") work.cash = "0";
        else work.nonce = 0;
      } else if (e.path === "salt") {
        errors.set("salt", { file: e.file, path: e.path, rule: e.rule });
        work.salt = "0x1";
      } else {
        errors.set("(file)", { file: e.file, path: e.path, rule: e.rule });
        break;
      }
    }
  }
  const bal = balancesJson(b);
  if (errors.has("account")) bal.account = ZERO_ADDRESS;
  for (let round = 0; round < Object.keys(bal.balances).length + 4; round++) {
    try {
      toIntegerBalances(parseBalances(bal), table);
      break;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const symbol = Object.keys(bal.balances).find((s) => formatPath(["balances", s]) === e.path);
      if (symbol === undefined) {
        if (e.path === "account" && !errors.has("account")) {
          errors.set("account", { file: e.file, path: e.path, rule: e.rule });
          bal.account = ZERO_ADDRESS;
          continue;
        }
        errors.set("(file)", { file: e.file, path: e.path, rule: e.rule });
        break;
      }
      errors.set(balKey(symbol), { file: e.file, path: e.path, rule: e.rule });
      delete bal.balances[symbol];
    }
  }
  return errors;
}
