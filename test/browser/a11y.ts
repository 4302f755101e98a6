/**
 * Accessibility and layout checks shared by the page tests (issue 17 point 5): controls with
 * no accessible name, controls the keyboard cannot reach, horizontal overflow at a width, and
 * the layout shift (Chromium's Layout Instability API) accumulated while something runs.
 */
import type { Page } from "playwright-core";

/**
 * Every visible form control, button, link and summary that has no accessible name
 * (aria-label, aria-labelledby, a <label>, a title, or for buttons, links and summaries their
 * own text) or that the keyboard cannot reach (a negative tabindex): one line each.
 */
export async function controlProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (e: HTMLElement) =>
      !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) &&
      getComputedStyle(e).visibility !== "hidden";
    const sel = "input, select, textarea, button, a[href], summary, [role=button], [role=slider]";
    for (const e of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (!visible(e)) continue;
      if (e instanceof HTMLInputElement && e.type === "hidden") continue;
      const id = e.id
        ? `#${e.id}`
        : `${e.tagName.toLowerCase()}${e.className ? "." + e.className : ""}`;
      const texts = [
        e.getAttribute("aria-label"),
        ...(e.getAttribute("aria-labelledby") ?? "")
          .split(/\s+/)
          .filter(Boolean)
          .map((i) => document.getElementById(i)?.textContent ?? ""),
        ...Array.from((e as HTMLInputElement).labels ?? []).map((l) => l.textContent),
        e.getAttribute("title"),
      ];
      if (e.matches("button, a[href], summary, [role=button]")) texts.push(e.textContent);
      if (!texts.some((t) => t && t.trim().length > 0)) out.push(`${id}: no accessible name`);
      if (e.tabIndex < 0 && !(e as HTMLButtonElement).disabled)
        out.push(`${id}: not reachable by the keyboard (tabindex ${e.tabIndex})`);
    }
    return out;
  });
}

/** The page's width beyond the viewport (0: nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** Starts summing layout shifts not caused by recent input; `layoutShift(page)` reads the sum. */
export async function watchLayoutShift(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    w.__cls = 0;
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as Array<{
        value: number;
        hadRecentInput: boolean;
        sources?: Array<{ node?: Node }>;
      }>) {
        if (e.hadRecentInput) continue;
        w.__cls += e.value;
        for (const s of e.sources ?? [])
          w.__shifts.push((s.node as HTMLElement | undefined)?.id || s.node?.nodeName || "?");
      }
    }).observe({ type: "layout-shift", buffered: false });
  });
}

export async function layoutShift(page: Page): Promise<{ score: number; moved: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    return { score: w.__cls, moved: w.__shifts };
  });
}
