/**
 * Price histories for the risk desk: parsing and checking the supported file formats,
 * format detection, log returns and alignment. No I/O: src/node/risk-desk/load-history.ts
 * reads the files.
 */

import type { HistoryFormat, PriceHistory } from "./types";
import type { ParseOptions } from "./checks";
import { parseCsvHistory } from "./csv";
import { parseBinanceHistory } from "./binance";
import { parseYahooHistory } from "./yahoo";
import { parseCoingeckoHistory } from "./coingecko";
import { detectFormat } from "./detect";

export type { HistoryFormat, PriceHistory } from "./types";
export { MIN_ROWS, modeSpacing, type ParseOptions } from "./checks";
export { parseCsvHistory } from "./csv";
export { parseBinanceHistory } from "./binance";
export { parseYahooHistory } from "./yahoo";
export { parseCoingeckoHistory } from "./coingecko";
export { detectFormat } from "./detect";
export { logReturns, alignHistories, type AlignedHistories } from "./returns";
export { isoTime, parseTime } from "./time";

/** Options of {@link parseHistory}. */
export interface ParseHistoryOptions extends ParseOptions {
  /** The format; detected from the content and `source`'s extension when absent. */
  format?: HistoryFormat;
}

/**
 * Parses and checks one history file's text. `id` is the group or collateral symbol;
 * `source` the file's name (for messages and format detection by extension).
 */
export function parseHistory(
  text: string,
  id: string,
  source: string,
  options: ParseHistoryOptions = {},
): PriceHistory {
  const format = options.format ?? detectFormat(text, source);
  switch (format) {
    case "csv":
      return parseCsvHistory(text, id, source, options);
    case "binance":
      return parseBinanceHistory(text, id, source, options);
    case "yahoo":
      return parseYahooHistory(text, id, source, options);
    case "coingecko":
      return parseCoingeckoHistory(text, id, source, options);
  }
}
