/**
 * Node-only loaders of price histories: one file (`loadHistoryFile`) or a folder of
 * `<ID>.csv` / `<ID>.json` files (`loadHistoryDir`), the id being the file name without its
 * extension (a group id or collateral symbol, ID_RE of src/field.ts). Other files in the
 * folder (README.md, ...) are ignored. Formats are detected per file (src/risk-desk/history).
 */

import path from "path";
import { InputError } from "../../errors";
import { ID_RE } from "../../field";
import { readFolder, readTextFile } from "../files";
import { type ParseHistoryOptions, type PriceHistory, parseHistory } from "../../risk-desk/history";

const HISTORY_FILE_RE = /\.(csv|json)$/i;

/** Reads, parses and checks one history file for `id`. */
export function loadHistoryFile(
  file: string,
  id: string,
  options: ParseHistoryOptions = {},
): PriceHistory {
  if (!ID_RE.test(id))
    throw new InputError(
      file,
      "(file)",
      `history id ${JSON.stringify(id)} must be 1-31 characters from [A-Za-z0-9._:/+-]`,
    );
  return parseHistory(readTextFile(file), id, file, options);
}

/** Every `<ID>.csv` / `<ID>.json` of `dir`, sorted by id; refuses a folder without any. */
export function loadHistoryDir(dir: string, options: ParseHistoryOptions = {}): PriceHistory[] {
  const names = readFolder(dir, "a folder of <ID>.csv / <ID>.json histories").map((e) => e.name);
  const files = names.filter((n) => HISTORY_FILE_RE.test(n)).sort();
  if (files.length === 0)
    throw new InputError(dir, "(folder)", "no history files (<ID>.csv or <ID>.json)");
  const seen = new Map<string, string>();
  return files.map((name) => {
    const id = name.replace(HISTORY_FILE_RE, "");
    const file = path.join(dir, name);
    const other = seen.get(id);
    if (other !== undefined)
      throw new InputError(file, "(file)", `a second history for ${id} (also ${other})`);
    seen.set(id, file);
    return loadHistoryFile(file, id, options);
  });
}
