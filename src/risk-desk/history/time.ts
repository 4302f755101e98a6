/**
 * Time values of history files: unix seconds / milliseconds / microseconds told apart by
 * size, ISO 8601 dates and date-times, and the ISO form used in messages.
 */

/** Values below this are unix seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const MS_FROM = 1e11;
/** Values from this on are microseconds (1e14 ms is the year 5138; 1e14 us is 1973). */
const US_FROM = 1e14;

/** The unit a numeric unix time is in, told apart by size. */
export function unixUnit(v: number): "s" | "ms" | "us" {
  const a = Math.abs(v);
  return a >= US_FROM ? "us" : a >= MS_FROM ? "ms" : "s";
}

/** A numeric unix time in s, ms or us (by size) as seconds. */
export function unixToSeconds(v: number): number {
  const u = unixUnit(v);
  return u === "us" ? v / 1e6 : u === "ms" ? v / 1e3 : v;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const UNIX_RE = /^\d{1,17}(\.\d+)?$/;

/**
 * Parses a time cell: unix seconds, milliseconds or microseconds (a plain number, told apart
 * by size) or ISO 8601 `YYYY-MM-DD` (00:00 UTC), `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM]`
 * (a space may replace the T; no zone means UTC). Returns unix seconds, or a rule broken.
 */
export function parseTime(raw: string): number | { rule: string } {
  const s = raw.trim();
  if (UNIX_RE.test(s)) return unixToSeconds(Number(s));
  const m = ISO_RE.exec(s);
  if (!m)
    return {
      rule: `not a time: ${JSON.stringify(raw)} (expected unix seconds or milliseconds, or ISO 8601 such as 2025-01-02 or 2025-01-02T13:00:00Z)`,
    };
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0));
  const frac = m[7] ? Number(m[7]) : 0;
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    se > 59
  )
    return { rule: `not a valid date or time: ${JSON.stringify(raw)}` };
  let offset = 0;
  const zone = m[8];
  if (zone && zone !== "Z") {
    const z = zone.replace(":", "");
    const sign = z[0] === "-" ? -1 : 1;
    offset = sign * (Number(z.slice(1, 3)) * 3600 + Number(z.slice(3, 5)) * 60);
  }
  return ms / 1000 + frac - offset;
}

/** Unix seconds as ISO 8601 UTC without milliseconds when whole: 2025-01-02T00:00:00Z. */
export function isoTime(t: number): string {
  const iso = new Date(t * 1000).toISOString();
  return Number.isInteger(t) ? iso.replace(/\.000Z$/, "Z") : iso;
}

/** A spacing in seconds in words: 3600 -> "1h", 86400 -> "1d", 90 -> "90s". */
export function formatSpacing(s: number): string {
  if (s > 0 && s % 86400 === 0) return `${s / 86400}d`;
  if (s > 0 && s % 3600 === 0) return `${s / 3600}h`;
  if (s > 0 && s % 60 === 0) return `${s / 60}min`;
  return `${s}s`;
}
