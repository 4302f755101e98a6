/**
 * The stress rule (docs/ORACLE.md): the oracle declares a stress epoch when a group's price
 * moved more than `stressMultiple` x its PSR since the last published epoch, i.e.
 * |price / lastEpochPrice - 1| > stressMultiple x PSR, with the PSR in force at the last
 * epoch (the scan range the accounts' proofs were made against). A group new since the
 * last epoch has no reference and never fires.
 */

/** A group's price and PSR at the last published epoch. */
export interface EpochGroupPrice {
  price: number;
  psr: number;
}

export interface GroupMoveCheck {
  group: string;
  from: number;
  to: number;
  /** |to / from - 1|. */
  move: number;
  /** stressMultiple x PSR. */
  limit: number;
  fired: boolean;
}

/** Every group's move since the last epoch and whether it fires the stress rule. */
export function stressMoves(
  last: Readonly<Record<string, EpochGroupPrice>>,
  now: Readonly<Record<string, number>>,
  stressMultiple: number,
): GroupMoveCheck[] {
  const out: GroupMoveCheck[] = [];
  for (const [group, to] of Object.entries(now)) {
    const before = last[group];
    if (!before || !(before.price > 0)) continue;
    const move = Math.abs(to / before.price - 1);
    const limit = stressMultiple * before.psr;
    out.push({ group, from: before.price, to, move, limit, fired: move > limit });
  }
  return out;
}

/** True when any group fires the stress rule. */
export function stressFires(moves: readonly GroupMoveCheck[]): boolean {
  return moves.some((m) => m.fired);
}
