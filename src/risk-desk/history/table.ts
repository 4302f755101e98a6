/**
 * CSV text as rows of cells for the history parsers: one line per row, numbered as a text
 * editor shows them (the first line is row 1), a leading byte-order mark dropped, CRLF or
 * LF line ends, blank lines skipped (their numbers kept for the rows after them), cells
 * trimmed, double-quoted cells unquoted ("" inside quotes is one quote; quoted commas are
 * kept). Multi-line quoted cells are not supported (no history format has them).
 */

/** One non-blank line of a CSV file. */
export interface CsvRow {
  /** 1-based line number. */
  line: number;
  cells: string[];
}

function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quoted) {
      if (c === '"' && line[k + 1] === '"') {
        cur += '"';
        k++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else if (c === ",") {
      cells.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

/** The non-blank lines of `text` split into cells. */
export function csvRows(text: string): CsvRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  body.split(/\r?\n/).forEach((line, k) => {
    if (line.trim() !== "") rows.push({ line: k + 1, cells: splitLine(line) });
  });
  return rows;
}

/** True when `cell` reads as a number (a data row rather than a header). */
export function isNumeric(cell: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell.trim());
}
