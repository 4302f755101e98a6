/**
 * Section 7, the account on-chain: the status of the account the page acts as (status.ts),
 * deposits and withdrawals (funds.ts), renewal on time with a banner and notifications
 * (renewal.ts, notify.ts). Read from the chain after every "chain" event and every 15 s; the
 * "time left" counts down every second from the last read.
 */
import { onBusyChange } from "../busy";
import type { AppConfig } from "../config";
import { describe, el, input, say } from "../dom";
import { on } from "../events";
import { state } from "../state";
import { isoTime } from "../time";
import { currentSigner } from "../wallet";
import { fillTokenSelects, onDeposit, onWithdraw, syncFundsButtons } from "./funds";
import { askPermission, showPermission } from "./notify";
import { checkRenewal, onConfirm, onDecline, renewNow, resetAttempts } from "./renewal";
import { type Snapshot, readSnapshot, renderClock, renderSnapshot } from "./status";

/** How often the chain is read while the page is open. */
export const POLL_MS = 15000;

let snapshot: Snapshot | undefined;
let reading = false;
let again = false;

/** Reads the chain and shows it; a read asked for during another runs right after it. */
async function refresh(): Promise<void> {
  if (reading) {
    again = true;
    return;
  }
  reading = true;
  try {
    do {
      again = false;
      snapshot = await readSnapshot();
      if (!snapshot) {
        el("account-body").hidden = true;
        say(
          "account-panel-message",
          "Connect (section 6) to see the account the page acts as on the engine.",
          "info",
        );
      } else {
        fillTokenSelects(snapshot.tokens);
        renderSnapshot(snapshot);
        say(
          "account-panel-message",
          `read from the chain at block time ${isoTime(snapshot.status.now)}; read again every ${POLL_MS / 1000} s and after every transaction`,
          "info",
        );
      }
      checkRenewal(snapshot);
    } while (again);
  } catch (e) {
    say("account-panel-message", `reading the account failed: ${describe(e)}`, "error");
  } finally {
    reading = false;
  }
}

/** Every second: the countdown, the renew-ahead window, the buttons' state. */
function tick(): void {
  syncFundsButtons();
  if (!snapshot || !state.engine || !currentSigner()) return;
  renderClock(snapshot);
  checkRenewal(snapshot);
}

export function initAccount(cfg: AppConfig): void {
  el("deposit-mint-row").hidden = !cfg.local;
  el("deposit-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void onDeposit(!!cfg.local);
  });
  el("withdraw-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void onWithdraw();
  });
  el("renew-now").addEventListener("click", () => void renewNow("button"));
  el("renew-confirm").addEventListener("click", () => void onConfirm());
  el("renew-decline").addEventListener("click", () => onDecline());
  el("notify-allow").addEventListener("click", () => void askPermission());
  input("renew-auto").addEventListener("change", () => {
    if (!input("renew-auto").checked) return;
    resetAttempts();
    // ticking it is a user gesture: the moment to ask for notifications
    void askPermission().then(() => checkRenewal());
  });
  input("renew-ahead").addEventListener("change", () => checkRenewal());
  showPermission();
  onBusyChange(syncFundsButtons);
  tick();
  on("chain", () => void refresh());
  setInterval(() => void refresh(), POLL_MS);
  setInterval(tick, 1000);
}
