/**
 * Page helpers shared by every part of the page: element lookup and creation, the status
 * messages under each section, and the one wording of an error for people.
 */
import { CheckFailedError, InputError, IntegrityError } from "../src/browser";

export type Kind = "error" | "ok" | "info";

export const el = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page element #${id} is missing`);
  return e as T;
};
export const input = (id: string) => el<HTMLInputElement>(id);

export function say(id: string, text: string, kind: Kind = "info"): void {
  const p = el(id);
  p.textContent = text;
  p.className = `message ${text ? kind : ""}`;
  p.dataset.kind = text ? kind : "";
}

/** A message for people: SDK errors already name the file, field and rule. */
export function describe(e: unknown): string {
  if (e instanceof InputError || e instanceof CheckFailedError || e instanceof IntegrityError)
    return e.message;
  if (e instanceof Error) {
    const m = e.message.split("\n")[0];
    if (/user rejected|ACTION_REJECTED/i.test(m)) return "the wallet refused the request";
    return m;
  }
  return String(e);
}

export type Child = Node | string;

/** `<tag attrs>children</tag>`; `data-*`, `aria-*` and other attributes as given. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  n.append(...children);
  return n;
}
