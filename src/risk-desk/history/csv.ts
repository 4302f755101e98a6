/**
 * The desk's own CSV history format:
 *
 *   time,close,volume
 *   2025-01-01T00:00:00Z,86512.5,132.7
 *
 * A header row is required; column names are matched case-insensitively and in any order:
 * `time` and `close` required, `volume` optional (units of the asset per bar). Any other
 * column is REFUSED (naming it), so a misspelt `volume` cannot be dropped silently; a file
 * from an exchange goes through its own parser (binance, yahoo, coingecko). `time` is unix
 * seconds, unix milliseconds (told apart by size) or ISO 8601 (date or date-time, UTC unless
 * a zone is given). Every row must have exactly the header's number of cells.
 */

import { InputError } from "../../errors";
import type { PriceHistory } from "./types";
import {
  type Bar,
  type ParseOptions,
  cellPath,
  checkBars,
  parsePrice,
  parseVolume,
} from "./checks";
import { type CsvRow, csvRows, isNumeric } from "./table";
import { parseTime } from "./time";

const COLUMNS = ["time", "close", "volume"] as const;
type Column = (typeof COLUMNS)[number];

/** Column name (lower case) -> index, refusing duplicates. */
export function headerColumns(header: CsvRow, file: string): Map<string, number> {
  const cols = new Map<string, number>();
  header.cells.forEach((c, k) => {
    const name = c.toLowerCase();
    if (name === "")
      throw new InputError(file, `row ${header.line}, column ${k + 1}`, "empty column name");
    if (cols.has(name))
      throw new InputError(file, cellPath(header.line, c), `duplicate column ${JSON.stringify(c)}`);
    cols.set(name, k);
  });
  return cols;
}

/** The first row of `text` (the header), or an InputError for an empty file. */
export function firstRow(rows: CsvRow[], file: string, expected: string): CsvRow {
  if (rows.length === 0) throw new InputError(file, "row 1", `empty file: expected ${expected}`);
  return rows[0];
}

/** Refuses a row whose cell count differs from the header's. */
export function checkWidth(row: CsvRow, width: number, file: string): void {
  if (row.cells.length !== width)
    throw new InputError(
      file,
      `row ${row.line}`,
      `${row.cells.length} cells; the header has ${width} columns`,
    );
}

/** Parses and checks a history in the desk's CSV format (see the module comment). */
export function parseCsvHistory(
  text: string,
  id: string,
  source: string,
  options: ParseOptions = {},
): PriceHistory {
  const rows = csvRows(text);
  const header = firstRow(rows, source, "a header row time,close[,volume]");
  if (header.cells.some(isNumeric))
    throw new InputError(
      source,
      `row ${header.line}`,
      "no header row: the first row must name the columns, time,close[,volume]",
    );
  const cols = headerColumns(header, source);
  for (const cell of header.cells)
    if (!(COLUMNS as readonly string[]).includes(cell.toLowerCase()))
      throw new InputError(
        source,
        cellPath(header.line, cell),
        `unknown column ${JSON.stringify(cell)} (columns: time, close, optional volume)`,
      );
  const at = (name: Column): number | undefined => cols.get(name);
  for (const need of ["time", "close"] as const)
    if (at(need) === undefined)
      throw new InputError(
        source,
        `row ${header.line}`,
        `missing column ${need} (header must have time, close and optionally volume)`,
      );
  const iTime = at("time") ?? 0;
  const iClose = at("close") ?? 0;
  const iVol = at("volume");

  const bars: Bar[] = [];
  for (const row of rows.slice(1)) {
    checkWidth(row, header.cells.length, source);
    const timePath = cellPath(row.line, "time");
    const t = parseTime(row.cells[iTime]);
    if (typeof t !== "number") throw new InputError(source, timePath, t.rule);
    const bar: Bar = {
      time: t,
      close: parsePrice(row.cells[iClose], source, cellPath(row.line, "close")),
      label: `row ${row.line}`,
      timePath,
    };
    if (iVol !== undefined)
      bar.volume = parseVolume(row.cells[iVol], source, cellPath(row.line, "volume"));
    bars.push(bar);
  }
  const series = checkBars(bars, source, {
    minRows: options.minRows,
    emptyPath: `row ${header.line + 1}`,
  });
  return { id, source, format: "csv", ...series };
}
