/**
 * Telling the trader that action is needed: always the panel's in-page banner (role="alert"),
 * and a Web Notification when this origin has the permission. The permission is asked for only
 * on a user gesture (the "Allow notifications" button, or ticking renewal on time).
 */
import { el } from "../dom";

const supported = () => typeof window.Notification === "function";

/** The notification state in words, and the button shown only while asking makes sense. */
export function showPermission(): void {
  const button = el<HTMLButtonElement>("notify-allow");
  const out = el("notify-state");
  if (!supported()) {
    button.hidden = true;
    out.textContent = "this browser has no notifications: the banner above says when to act";
    return;
  }
  const p = Notification.permission;
  button.hidden = p !== "default";
  out.dataset.permission = p;
  out.textContent =
    p === "granted"
      ? "notifications on: this page notifies when the account needs action"
      : p === "denied"
        ? "notifications blocked in this browser: the banner above says when to act"
        : "notifications off: allow them to hear about a due renewal in another tab";
}

/** Asks for the permission; call from a click or change handler only (a user gesture). */
export async function askPermission(): Promise<void> {
  if (supported() && Notification.permission === "default") {
    try {
      await Notification.requestPermission();
    } catch {
      // an old browser with the callback form only: the banner still tells
    }
  }
  showPermission();
}

let lastKey = "";

/**
 * Shows `text` in the banner; notifies once per `key` (a new reason to act) when allowed.
 * `key` empty: the banner is hidden.
 */
export function alertTrader(key: string, text: string): void {
  const banner = el("account-alert");
  if (key === "") {
    banner.hidden = true;
    delete banner.dataset.key;
    lastKey = "";
    return;
  }
  const out = el("account-alert-text");
  // a live region: unchanged text is not written again (nor announced again)
  if (out.textContent !== text) out.textContent = text;
  banner.dataset.key = key;
  banner.hidden = false;
  if (key === lastKey) return;
  lastKey = key;
  if (supported() && Notification.permission === "granted") {
    try {
      const n = new Notification("zkmargin: your account needs action", {
        body: text,
        tag: "zkmargin-account",
      });
      n.onclick = () => {
        window.focus();
        banner.scrollIntoView({ block: "center" });
      };
    } catch {
      // some browsers allow notifications from a service worker only: the banner still tells
    }
  }
}
