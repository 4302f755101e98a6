/**
 * Node-only file helpers: text, JSON and folder reading with {@link InputError}s, atomic
 * writing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../errors";

/** Reads a UTF-8 text file; a missing or unreadable file is an {@link InputError}. */
export function readTextFile(file: string, label: string = file): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      label,
      "(file)",
      code === "ENOENT" ? "file not found" : `cannot read file (${code ?? "error"})`,
    );
  }
}

/** Reads and parses a JSON file; a missing or unparseable file is an {@link InputError}. */
export function readJsonFile(file: string, label: string = file): unknown {
  const text = readTextFile(file, label);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(label, "(file)", `not valid JSON (${(e as Error).message})`);
  }
}

/**
 * The entries of folder `dir`, sorted by name. An unreadable folder is an {@link InputError}
 * naming it at `(folder)`; `whatItHolds` completes the rule when `dir` is a file ("not a
 * folder (the book is a folder of ...)").
 */
export function readFolder(dir: string, whatItHolds?: string): fs.Dirent[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      dir,
      "(folder)",
      code === "ENOENT"
        ? "folder not found"
        : code === "ENOTDIR"
          ? `not a folder${whatItHolds ? ` (${whatItHolds})` : ""}`
          : `cannot read folder (${code ?? "error"})`,
    );
  }
}

/**
 * Writes `data` to `file` atomically: a temporary file in the same directory, then a
 * rename, so a reader never sees half a file. Creates the directory if needed.
 */
export function writeFileAtomic(file: string, data: string): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { flag: "wx" });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
