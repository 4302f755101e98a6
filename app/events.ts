/**
 * The page's two moments other parts react to, so each part of the page stays in its own file:
 * "report" after every recompute of the margin report (state.margin set, or cleared), and
 * "chain" after the page connected, submitted, or changed the account it acts as.
 */
export type PageEvent = "report" | "chain";

const listeners: Record<PageEvent, (() => void)[]> = { report: [], chain: [] };

/** Calls `f` after every `emit(event)`. */
export function on(event: PageEvent, f: () => void): void {
  listeners[event].push(f);
}

/** Tells every listener of `event`; a listener that throws does not stop the others. */
export function emit(event: PageEvent): void {
  for (const f of listeners[event]) {
    try {
      f();
    } catch (e) {
      console.error(`page ${event} listener failed`, e);
    }
  }
}
