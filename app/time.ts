/** Times and spans as the page writes them: chain seconds as ISO dates, TTLs in one unit. */

/** A chain time (unix seconds) as an ISO 8601 date. */
export const isoTime = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString();

/** A TTL in its largest whole unit: "4 h", "90 min", "45 s". */
export function ttlText(seconds: bigint): string {
  const s = Number(seconds);
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}
