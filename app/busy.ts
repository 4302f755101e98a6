/**
 * The page's one proof or transaction at a time (state.busy). `whileBusy` runs an action with
 * every action button disabled (section 5 and 6's through updateButtons, the others through
 * `onBusyChange`), says its error in the action's own message, then enables them again and
 * runs `done` (by default: tells the page the chain may have changed).
 */
import { describe, say } from "./dom";
import { emit } from "./events";
import { updateButtons } from "./report";
import { state } from "./state";

const syncers: Array<() => void> = [];

/** Calls `f` whenever the page becomes busy or idle (to enable or disable its buttons). */
export function onBusyChange(f: () => void): void {
  syncers.push(f);
}

function setBusy(busy: boolean): void {
  state.busy = busy;
  updateButtons();
  for (const f of syncers) f();
}

/** Runs `f` busy; its error goes to message `out`; then `done`. */
export async function whileBusy(
  out: string,
  f: () => Promise<void>,
  done: () => void = () => emit("chain"),
): Promise<void> {
  setBusy(true);
  try {
    await f();
  } catch (e) {
    say(out, describe(e), "error");
  } finally {
    setBusy(false);
    done();
  }
}
