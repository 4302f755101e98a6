/**
 * The controls of the encrypted store (./vault.ts): Save the book under a passphrase, Unlock
 * it after a reload (a wrong passphrase is refused and nothing changes), and "Forget
 * everything" behind a keyboard-operable confirm step (Delete everything / Cancel / Escape),
 * which deletes the database and clears the book from the page.
 */
import { describe, el, input, say } from "../dom";
import {
  MIN_PASSPHRASE,
  WrongPassphrase,
  forgetAll,
  hasSaved,
  load,
  seal,
  store,
  unseal,
} from "./vault";

/** The plaintext sealed in the store: the two files as the page holds them. */
interface SavedBook {
  version: 1;
  portfolio: string;
  balances: string;
}

interface LockerHooks {
  /** The two files' texts now (the textareas). */
  texts: () => { portfolio: string; balances: string };
  /** Puts both texts back into the page (Unlock). */
  restore: (portfolio: string, balances: string) => void;
  /** Empties the book and the files on the page (Forget everything). */
  clear: () => void;
}

const BUTTONS = ["book-save", "book-unlock", "book-forget"];
/** True once this page saved or unlocked the store: a Save may then replace the record. */
let opened = false;

function busy(on: boolean): void {
  for (const id of BUTTONS) el<HTMLButtonElement>(id).disabled = on;
}

function passError(text: string): void {
  el("book-passphrase-error").textContent = text;
  if (text) input("book-passphrase").setAttribute("aria-invalid", "true");
  else input("book-passphrase").removeAttribute("aria-invalid");
}

async function run(work: () => Promise<void>): Promise<void> {
  busy(true);
  try {
    await work();
  } catch (e) {
    say("book-vault-message", describe(e), "error");
  } finally {
    busy(false);
  }
}

async function save(h: LockerHooks): Promise<void> {
  const pass = input("book-passphrase").value;
  if (pass.length < MIN_PASSPHRASE) {
    passError(`passphrase: at least ${MIN_PASSPHRASE} characters to save`);
    input("book-passphrase").focus();
    return;
  }
  passError("");
  if (!opened && (await hasSaved()) === true) {
    say(
      "book-vault-message",
      "A saved book is locked in this browser: Unlock it first (then Save replaces it), or " +
        "Forget everything to start over.",
      "error",
    );
    return;
  }
  const { portfolio, balances } = h.texts();
  if (!portfolio.trim() && !balances.trim()) {
    say("book-vault-message", "Nothing to save: the book is empty.", "info");
    return;
  }
  say("book-vault-message", "Encrypting…", "info");
  const plain: SavedBook = { version: 1, portfolio, balances };
  await store(await seal(JSON.stringify(plain), pass));
  opened = true;
  input("book-passphrase").value = "";
  say(
    "book-vault-message",
    "Saved in this browser, encrypted (AES-GCM; key from your passphrase by PBKDF2-SHA256). " +
      "Unlock it with the same passphrase after a reload.",
    "ok",
  );
}

async function unlock(h: LockerHooks): Promise<void> {
  const pass = input("book-passphrase").value;
  if (!pass) {
    passError("passphrase: type the passphrase the book was saved with");
    input("book-passphrase").focus();
    return;
  }
  passError("");
  const sealed = await load();
  if (!sealed) {
    say("book-vault-message", "No book is saved in this browser.", "info");
    return;
  }
  say("book-vault-message", "Decrypting…", "info");
  let saved: SavedBook;
  try {
    saved = JSON.parse(await unseal(sealed, pass)) as SavedBook;
  } catch (e) {
    if (!(e instanceof WrongPassphrase)) throw e;
    passError(`passphrase: ${e.message}`);
    say("book-vault-message", `Refused: ${e.message}.`, "error");
    input("book-passphrase").focus();
    return;
  }
  input("book-passphrase").value = "";
  opened = true;
  h.restore(saved.portfolio, saved.balances);
  say("book-vault-message", "Unlocked: the saved book is back on the page.", "ok");
}

function confirmShown(on: boolean): void {
  el("book-forget-confirm").hidden = !on;
  el("book-forget").setAttribute("aria-expanded", String(on));
  (on ? el("book-forget-no") : el("book-forget")).focus();
}

async function forget(h: LockerHooks): Promise<void> {
  await forgetAll();
  opened = false;
  h.clear();
  input("book-passphrase").value = "";
  passError("");
  confirmShown(false);
  say(
    "book-vault-message",
    "Everything is forgotten: the saved book is deleted from this browser and the page is cleared.",
    "ok",
  );
}

/** Wires the store's controls and says whether a saved book waits to be unlocked. */
export function initLocker(h: LockerHooks): void {
  el("book-forget").setAttribute("aria-controls", "book-forget-confirm");
  el("book-forget").setAttribute("aria-expanded", "false");
  el("book-save").addEventListener("click", () => void run(() => save(h)));
  el("book-unlock").addEventListener("click", () => void run(() => unlock(h)));
  el("book-forget").addEventListener("click", () => confirmShown(true));
  el("book-forget-no").addEventListener("click", () => confirmShown(false));
  el("book-forget-yes").addEventListener("click", () => void run(() => forget(h)));
  el("book-forget-confirm").addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") confirmShown(false);
  });
  void hasSaved().then(
    (saved) => {
      if (saved === true)
        say(
          "book-vault-message",
          "A book saved in this browser is locked: type its passphrase and Unlock.",
          "info",
        );
    },
    () => undefined,
  );
}
