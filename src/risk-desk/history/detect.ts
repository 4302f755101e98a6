/**
 * Which history format a file is, from its name and content:
 *
 * - `.json`, or content starting with `{` -> `coingecko`;
 * - a first line of 6 or more cells whose first is a number -> `binance` (headerless klines);
 * - a header starting `open_time` / `open time` -> `binance`;
 * - a header with `Date` (or `Datetime`) and `Open` and `Close` / `Adj Close` -> `yahoo`;
 * - anything else -> `csv` (whose parser then names what is wrong with the header).
 */

import type { HistoryFormat } from "./types";
import { csvRows, isNumeric } from "./table";

/** The format of a history file (see the module comment); `fileName` is used for its extension. */
export function detectFormat(text: string, fileName = ""): HistoryFormat {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (/\.json$/i.test(fileName) || body.startsWith("{")) return "coingecko";
  const first = csvRows(body.split(/\r?\n/, 1)[0] ?? "")[0];
  if (!first) return "csv";
  const cells = first.cells.map((c) => c.toLowerCase());
  if (isNumeric(cells[0])) return cells.length >= 6 ? "binance" : "csv";
  if (/^open[ _]time$/.test(cells[0])) return "binance";
  const has = (c: string) => cells.includes(c);
  if ((has("date") || has("datetime")) && has("open") && (has("close") || has("adj close")))
    return "yahoo";
  return "csv";
}
