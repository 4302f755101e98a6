/**
 * The book in and out of the page: Import opens the files section's file inputs (their
 * contents land in the textareas, which the table re-syncs from), Export downloads the book's
 * portfolio.json / balances.json as written by the CLI, through a Blob URL (nothing leaves the
 * browser). Also reads the strike, right and expiry of options from the venue's market.json
 * when the page's config names one (the risk table carries only each instrument's kind).
 */
import { InputError, parseMarket } from "../../src/browser";
import { el, input } from "../dom";
import type { InstrumentInfo } from "./table";

/** Saves `text` as the file `name` in the browser's downloads. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Wires Import (the file inputs) and Export (`text(file)` of the book, or a refusal). */
export function initIo(exported: (file: "portfolio" | "balances") => string): void {
  el("book-import-portfolio").addEventListener("click", () => input("portfolio-file").click());
  el("book-import-balances").addEventListener("click", () => input("balances-file").click());
  for (const file of ["portfolio", "balances"] as const)
    el(`book-export-${file}`).addEventListener("click", () =>
      download(`${file}.json`, exported(file)),
    );
}

/**
 * Strike, right and expiry per instrument id from market.json at `url`; an empty map when it
 * cannot be read (the picker then names the kind only).
 */
export async function marketInfo(url: string): Promise<Map<string, InstrumentInfo>> {
  const out = new Map<string, InstrumentInfo>();
  try {
    const res = await fetch(new URL(url, document.baseURI), { cache: "no-cache" });
    if (!res.ok) return out;
    const raw = (await res.json()) as unknown;
    parseMarket(raw, url.split("/").pop() || "market.json");
    const instruments = (raw as { instruments: Array<Record<string, unknown>> }).instruments;
    for (const i of instruments) {
      const info: InstrumentInfo = {};
      if (typeof i.strike === "string") info.strike = i.strike;
      if (typeof i.expiry === "number") info.expiry = i.expiry;
      if (typeof i.right === "string") info.right = i.right;
      out.set(String(i.id), info);
    }
  } catch (e) {
    if (!(e instanceof InputError) && !(e instanceof SyntaxError) && !(e instanceof TypeError))
      throw e;
  }
  return out;
}
