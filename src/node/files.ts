/**
 * Node-only file helpers: JSON reading with {@link InputError}s, atomic writing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../errors";

/** Reads and parses a JSON file; a missing or unparseable file is an {@link InputError}. */
export function readJsonFile(file: string, label: string = file): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      label,
      "(file)",
      code === "ENOENT" ? "file not found" : `cannot read file (${code ?? "error"})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(label, "(file)", `not valid JSON (${(e as Error).message})`);
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
