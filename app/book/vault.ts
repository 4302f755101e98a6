/**
 * The encrypted store of the book in this browser: IndexedDB holds one record of four fields,
 * { salt, iv, iterations, ciphertext }, nothing in plaintext and nothing in localStorage. The
 * key is derived from a passphrase the trader chooses with PBKDF2-SHA256 over a random salt,
 * as an AES-GCM 256-bit key; each save takes a fresh salt and a fresh 12-byte IV. A wrong
 * passphrase fails AES-GCM's authentication and is refused as {@link WrongPassphrase}.
 */

/** The database, its object store and the one record's key. */
export const DB_NAME = "zkmargin-book";
const STORE = "vault";
const KEY = "book";

/**
 * PBKDF2-SHA256 iterations: 600,000, the OWASP Password Storage Cheat Sheet's figure for
 * PBKDF2-HMAC-SHA256 (2023). Each guess at the passphrase then costs whoever copied the
 * database 600,000 HMACs, while a save or an unlock costs this page well under a second once.
 * Stored with each record, so a later, higher count still opens older saves.
 */
export const ITERATIONS = 600_000;
const SALT_LENGTH = 16;
const IV_LENGTH = 12;
/** Shortest passphrase accepted for a save. */
export const MIN_PASSPHRASE = 8;

/** What IndexedDB stores: no other field, nothing readable without the passphrase. */
export interface Sealed {
  salt: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  iterations: number;
  ciphertext: ArrayBuffer;
}

/** The passphrase does not open the saved book (AES-GCM authentication failed). */
export class WrongPassphrase extends Error {
  constructor() {
    super("wrong passphrase: the saved book does not open with it (nothing was changed)");
    this.name = "WrongPassphrase";
  }
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const base = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(passphrase),
    "PBKDF2",
    false,
    ["deriveKey"],
  );
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** Encrypts `plaintext` under `passphrase` with a fresh salt and IV. */
export async function seal(plaintext: string, passphrase: string): Promise<Sealed> {
  const salt = random(SALT_LENGTH);
  const iv = random(IV_LENGTH);
  const key = await deriveKey(passphrase, salt, ITERATIONS);
  const data = new TextEncoder().encode(plaintext);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, data);
  return { salt, iv, iterations: ITERATIONS, ciphertext };
}

/** Decrypts a record; throws {@link WrongPassphrase} when the passphrase does not open it. */
export async function unseal(s: Sealed, passphrase: string): Promise<string> {
  const key = await deriveKey(passphrase, s.salt, s.iterations);
  let data: ArrayBuffer;
  try {
    data = await crypto.subtle.decrypt({ name: "AES-GCM", iv: s.iv }, key, s.ciphertext);
  } catch {
    throw new WrongPassphrase();
  }
  return new TextDecoder().decode(data);
}

const done = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });

/** Runs `f` on the store in a fresh connection, closed afterwards (so deletion never blocks). */
async function withStore<T>(
  mode: IDBTransactionMode,
  f: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await done(open);
  try {
    const tx = db.transaction(STORE, mode);
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    });
    const result = await done(f(tx.objectStore(STORE)));
    await committed;
    return result;
  } finally {
    db.close();
  }
}

/**
 * Whether a saved book exists, found without creating the database; undefined when this
 * browser cannot list its databases.
 */
export async function hasSaved(): Promise<boolean | undefined> {
  if (typeof indexedDB.databases !== "function") return undefined;
  const dbs = await indexedDB.databases();
  return dbs.some((d) => d.name === DB_NAME);
}

/** Stores the record, replacing the previous one. */
export async function store(s: Sealed): Promise<void> {
  const record: Sealed = {
    salt: s.salt,
    iv: s.iv,
    iterations: s.iterations,
    ciphertext: s.ciphertext,
  };
  await withStore("readwrite", (st) => st.put(record, KEY));
}

/** The stored record, or undefined when none is saved. */
export async function load(): Promise<Sealed | undefined> {
  if ((await hasSaved()) === false) return undefined;
  return (await withStore("readonly", (st) => st.get(KEY))) as Sealed | undefined;
}

/** Deletes the whole database. */
export function forgetAll(): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(DB_NAME);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error ?? new Error("IndexedDB deletion failed"));
    r.onblocked = () => reject(new Error("the database is open in another tab: close it first"));
  });
}
