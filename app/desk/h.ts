/** The desk's element helper: `h("tag", attrs, ...children)`, attributes set as given. */

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
