/**
 * Yahoo Finance CSV download (historical data):
 *
 *   Date,Open,High,Low,Close,Adj Close,Volume
 *   2025-01-01,93425.1,94929.9,92788.1,94419.8,94419.8,24519888919
 *
 * Columns found by name, case-insensitively, in any order: `Date` (or `Datetime` in intraday
 * downloads; ISO 8601, UTC unless a zone is given) required; the price is `Adj Close` when
 * present (adjusted for splits and dividends), else `Close`; `Volume` optional. Other columns
 * (Open, High, Low) are ignored. Yahoo writes `null` for a missing quote: such a row is
 * refused with a message saying so (remove or fill it). Yahoo's volume is as Yahoo reports it
 * (shares for stocks; for crypto pairs Yahoo reports quote-currency volume — check before
 * using it for tiers). A stock history with weekend or holiday gaps is refused by the gap
 * check: the desk needs constant spacing.
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
import { checkWidth, firstRow, headerColumns } from "./csv";
import { csvRows } from "./table";
import { parseTime } from "./time";

const NULL_RULE = "null value (Yahoo marks a missing quote as null): remove the row or fill it in";

/** Parses and checks a Yahoo Finance CSV download (see the module comment). */
export function parseYahooHistory(
  text: string,
  id: string,
  source: string,
  options: ParseOptions = {},
): PriceHistory {
  const rows = csvRows(text);
  const header = firstRow(
    rows,
    source,
    "the Yahoo header Date,Open,High,Low,Close,Adj Close,Volume",
  );
  const cols = headerColumns(header, source);
  const name = (k: number) => header.cells[k];
  const iDate = cols.get("date") ?? cols.get("datetime");
  const iPrice = cols.get("adj close") ?? cols.get("close");
  if (iDate === undefined)
    throw new InputError(source, `row ${header.line}`, "missing column Date");
  if (iPrice === undefined)
    throw new InputError(source, `row ${header.line}`, "missing column Close (or Adj Close)");
  const iVol = cols.get("volume");

  const cell = (row: { line: number; cells: string[] }, k: number): string => {
    const v = row.cells[k];
    if (v.toLowerCase() === "null")
      throw new InputError(source, cellPath(row.line, name(k)), NULL_RULE);
    return v;
  };
  const bars: Bar[] = [];
  for (const row of rows.slice(1)) {
    checkWidth(row, header.cells.length, source);
    const timePath = cellPath(row.line, name(iDate));
    const t = parseTime(row.cells[iDate]);
    if (typeof t !== "number") throw new InputError(source, timePath, t.rule);
    const bar: Bar = {
      time: t,
      close: parsePrice(cell(row, iPrice), source, cellPath(row.line, name(iPrice))),
      label: `row ${row.line}`,
      timePath,
    };
    if (iVol !== undefined)
      bar.volume = parseVolume(cell(row, iVol), source, cellPath(row.line, name(iVol)));
    bars.push(bar);
  }
  const series = checkBars(bars, source, {
    minRows: options.minRows,
    emptyPath: `row ${header.line + 1}`,
  });
  return { id, source, format: "yahoo", ...series };
}
