/**
 * The full circuit input (PROTOCOL section 8) for the circuit tests, from the independent
 * hashes (fixtures.ts) and margin maths (fixtures-margin.ts).
 */
import type { SolvencyIn } from "./signals";
import type { CircuitInput } from "./tester";
import {
  amountSlots,
  collateralSlots,
  idField,
  instrumentTree,
  merklePath,
  positionSlots,
  riskRoot,
  stateHash,
  tierSlots,
  type Market,
  type Params,
  type Portfolio,
} from "./fixtures";
import { margin, type Margin } from "./fixtures-margin";

// ---------- the full circuit input (PROTOCOL section 8) ----------
export interface SolvencyFixture {
  input: CircuitInput<SolvencyIn>;
  margin: Margin;
  stateHash: bigint;
  riskRoot: bigint;
}

export function solvencyInput(
  market: Market,
  pf: Portfolio,
  amounts: bigint[],
  multiplier: bigint,
  p: Params,
): SolvencyFixture {
  const levels = instrumentTree(market, p.DEPTH);
  const index = new Map(market.instruments.map((inst, i) => [inst.id, i]));
  const slots = positionSlots(pf, p);
  const coll = collateralSlots(market, p);
  const m = margin(market, pf, amounts, p);
  const sh = stateHash(pf, amounts, p);
  const rr = riskRoot(market, p);
  const pos = slots.map((s) => {
    if (s.instrument === "") {
      return {
        threshold: 0n,
        charge: 0n,
        id: 0n,
        group: 0n,
        mark: 0n,
        floor: 0n,
        risk: Array(p.S).fill(0n),
        leafIndex: 0n,
        path: Array(p.PATH_LEVELS).fill(0n),
      };
    }
    const i = index.get(s.instrument)!;
    const inst = market.instruments[i];
    return {
      threshold: inst.threshold ?? 0n,
      charge: inst.charge ?? 0n,
      id: idField(inst.id),
      group: BigInt(inst.groupIndex),
      mark: inst.mark,
      floor: inst.floor,
      risk: inst.risk,
      leafIndex: BigInt(i),
      path: merklePath(levels, i).slice(0, p.PATH_LEVELS),
    };
  });
  const input: CircuitInput<SolvencyIn> = {
    stateHash: sh,
    riskRoot: rr,
    multiplier,
    account: pf.account,
    cash: pf.cash,
    nonce: pf.nonce,
    salt: pf.salt,
    instrumentId: pos.map((x) => x.id),
    quantity: slots.map((s) => s.quantity),
    costBasis: slots.map((s) => s.costBasis),
    groupIndex: pos.map((x) => x.group),
    mark: pos.map((x) => x.mark),
    floor: pos.map((x) => x.floor),
    risk: pos.map((x) => x.risk),
    leafIndex: pos.map((x) => x.leafIndex),
    pathElements: pos.map((x) => x.path),
    instrumentCap: levels[p.PATH_LEVELS],
    epoch: market.epoch,
    timestamp: market.timestamp,
    amount: amountSlots(amounts, p),
    token: coll.map((c) => c.token),
    groupTag: coll.map((c) => BigInt(c.groupTag)),
    unitValue: coll.map((c) => c.unitValue),
    liquidityThreshold: pos.map((x) => x.threshold),
    liquidityCharge: pos.map((x) => x.charge),
    excessWitness: slots.map((_, i) => m.excess[i] ?? 0n),
    tierGap: coll.map((c) => tierSlots(c).map((t) => 2n ** 100n - t.above)),
    tierFactor: coll.map((c) => tierSlots(c).map((t) => t.factor)),
    groupWitness: m.groupWitness,
    correlation: m.correlation,
    jointWitness: m.joint,
    scanWitness: m.scan,
  };
  return { input, margin: m, stateHash: sh, riskRoot: rr };
}
