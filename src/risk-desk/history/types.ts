/**
 * A price (and volume) history of one risk group or collateral token, as the risk desk's
 * tools read it (src/risk-desk/history): bars of constant spacing, strictly increasing times,
 * positive closes. Statistics are doubles; nothing here goes into a risk root unrounded.
 */

/**
 * The file formats the desk reads: `csv` (header `time,close[,volume]`, time as unix seconds,
 * unix milliseconds or ISO 8601), `binance` (Binance kline CSV export), `yahoo` (Yahoo
 * Finance CSV download), `coingecko` (CoinGecko `market_chart` JSON).
 */
export type HistoryFormat = "csv" | "binance" | "yahoo" | "coingecko";

/** One history file after parsing and checking. */
export interface PriceHistory {
  /** Group id or collateral symbol the history belongs to. */
  id: string;
  /** Where it came from (a file path), for messages. */
  source: string;
  format: HistoryFormat;
  /** Bar times, unix seconds, strictly increasing with constant spacing `interval`. */
  times: number[];
  /** Close prices in USD per unit, all > 0. */
  closes: number[];
  /** Traded volume per bar in units of the asset, when the file has it. */
  volumes?: number[];
  /** Bar spacing in seconds. */
  interval: number;
}
