/**
 * Binance kline (candlestick) CSV export, as from data.binance.vision or the web UI:
 *
 *   open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,...
 *   1735689600000,93576.00,94509.42,93489.03,94401.14,1031.8,1735775999999,...
 *
 * The header is optional (the data.binance.vision files have none; a header is recognised by
 * a first cell that is not a number, and must name open_time, ..., close, volume in the first
 * six columns, `open time` with a space also accepted). Used: open time (column 1) as the bar
 * time, close (column 5), volume (column 6, base asset units). The open time is in
 * milliseconds, or microseconds in the spot files since 2025 — told apart by size per value;
 * unix seconds are refused (not a Binance export). Every row must have the width of the
 * first and at least 6 cells.
 */

import { InputError } from "../../errors";
import type { PriceHistory } from "./types";
import {
  type Bar,
  type ParseOptions,
  cellPath,
  checkBars,
  parseNumber,
  parsePrice,
  parseVolume,
} from "./checks";
import { checkWidth, firstRow } from "./csv";
import { csvRows, isNumeric } from "./table";
import { unixToSeconds, unixUnit } from "./time";

/** Expected header names of the first six columns (lower case, spaces as underscores). */
const HEADER = ["open_time", "open", "high", "low", "close", "volume"];

/** Parses and checks a Binance kline CSV export (see the module comment). */
export function parseBinanceHistory(
  text: string,
  id: string,
  source: string,
  options: ParseOptions = {},
): PriceHistory {
  const rows = csvRows(text);
  const first = firstRow(rows, source, "Binance klines (open_time,open,high,low,close,volume,...)");
  const hasHeader = !isNumeric(first.cells[0]);
  if (hasHeader)
    HEADER.forEach((want, k) => {
      const got = (first.cells[k] ?? "").toLowerCase().replace(/ /g, "_");
      if (got !== want)
        throw new InputError(
          source,
          `row ${first.line}, column ${k + 1}`,
          `expected the Binance kline header open_time,open,high,low,close,volume,... ` +
            `(column ${k + 1} is ${JSON.stringify(first.cells[k] ?? "")}, expected ${want})`,
        );
    });
  const width = first.cells.length;
  if (width < 6)
    throw new InputError(
      source,
      `row ${first.line}`,
      `${width} cells; a Binance kline row has at least 6 (open_time,open,high,low,close,volume)`,
    );
  const data = hasHeader ? rows.slice(1) : rows;
  const bars: Bar[] = [];
  for (const row of data) {
    checkWidth(row, width, source);
    const timePath = cellPath(row.line, "open_time");
    const raw = parseNumber(row.cells[0], source, timePath);
    if (!Number.isInteger(raw) || raw <= 0 || unixUnit(raw) === "s")
      throw new InputError(
        source,
        timePath,
        `not a Binance open time (unix milliseconds or microseconds): ${JSON.stringify(row.cells[0])}`,
      );
    bars.push({
      time: unixToSeconds(raw),
      close: parsePrice(row.cells[4], source, cellPath(row.line, "close")),
      volume: parseVolume(row.cells[5], source, cellPath(row.line, "volume")),
      label: `row ${row.line}`,
      timePath,
    });
  }
  const series = checkBars(bars, source, {
    minRows: options.minRows,
    emptyPath: `row ${first.line + 1}`,
  });
  return { id, source, format: "binance", ...series };
}
