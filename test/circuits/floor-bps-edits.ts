/**
 * Witness edits that move an effective amount e_j by one unit through FloorBps, the floor
 * division of tiers.circom. --O2 folds the quotient and remainder into their range checks'
 * bits, so the edit rewrites those bits: e_j - 1 is quotient - 1 with remainder + 10000 (both
 * still decomposable when remainder < 6384, so only the remainder's upper check can stop it),
 * e_j + 1 is quotient + 1 with the remainder's bits kept (remainder - 10000 has none).
 * The bits are those the witness holds, grouped per FloorBps (quotient, then remainder).
 */
import type { SymName, WitnessTester } from "./tester";

interface FloorBpsBits {
  quotient: SymName[];
  remainder: SymName[];
}

/** The bit signals of every FloorBps under component names matching `scope`. */
export function floorBpsBits<I extends string, O extends string>(
  c: WitnessTester<I, O>,
  scope: string,
): FloorBpsBits[] {
  const re = new RegExp(
    `^(main\\.${scope}FloorBps_\\d+_\\d+(?:\\[\\d+\\])?)\\.RangeCheck_(\\d+)_\\d+\\.bits\\[(\\d+)\\]$`,
  );
  const groups = new Map<string, Map<number, SymName[]>>();
  for (const name of c.signalNames(re)) {
    const m = re.exec(name);
    if (!m) continue;
    const byLine = groups.get(m[1]) ?? new Map<number, SymName[]>();
    const bits = byLine.get(Number(m[2])) ?? [];
    bits[Number(m[3])] = name;
    byLine.set(Number(m[2]), bits);
    groups.set(m[1], byLine);
  }
  return [...groups.values()].map((byLine) => {
    const lines = [...byLine.keys()].sort((a, b) => a - b); // quotient, remainder, remainder + 2^14 - 10000
    return { quotient: byLine.get(lines[0])!, remainder: byLine.get(lines[1])! };
  });
}

const write = (v: bigint, bits: SymName[]): Record<SymName, bigint> =>
  Object.fromEntries(bits.flatMap((n, k) => (n === undefined ? [] : [[n, (v >> BigInt(k)) & 1n]])));

/**
 * The edits that make e_j one higher, and one lower when the remainder allows it, through
 * the FloorBps `f` whose input is `product` (part_t f_t, from the reference). --O2 derives
 * one bit of each decomposition from the others, so only the bits the witness holds are
 * written; the derived bit follows the edit.
 */
export function offByOneEdits(f: FloorBpsBits, product: bigint): Record<SymName, bigint>[] {
  const q = product / 10000n;
  const r = product % 10000n;
  const edits = [write(q + 1n, f.quotient)];
  if (q > 0n && r + 10000n < 2n ** 14n)
    edits.push({ ...write(q - 1n, f.quotient), ...write(r + 10000n, f.remainder) });
  return edits;
}
