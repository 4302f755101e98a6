/**
 * Keeper logic as pure functions of the engine's public state, mirroring
 * contracts/libraries/LapseRules.sol (both are tested against test/vectors/lapse-rules.json).
 * An account proven at epoch e until validUntil is liquidatable at any block time strictly
 * after
 *     max(min(validUntil, D), liveSince, resumeAt) + grace
 * where D is the declaration time of the FIRST stress epoch newer than e (declarations only
 * accumulate: a later one never moves an overdue account's deadline), liveSince the start of
 * the risk oracle's current run of fresh epochs and resumeAt the last unpause; and only while
 * the engine is not paused and its latest epoch is fresh (an oracle outage is not a
 * liquidation event). A renewal against a newer epoch mined first rescues it.
 */
import { keccak256, solidityPacked } from "ethers";
import type { AccountState, EngineLiveness, EngineParams, StressInfo } from "./types";

/** The parts of the engine's state that decide lapses. */
export interface LapseRules {
  grace: bigint;
  /** Every stress declaration, epochs strictly increasing (`stressDeclarations()`). */
  declarations: readonly StressInfo[];
  liveness: Pick<EngineLiveness, "latestExpiry" | "liveSince" | "resumeAt" | "paused">;
}

type LapseFields = Pick<AccountState, "commitment" | "validUntil" | "provenEpoch" | "frozen">;

/** Declaration time of the first stress epoch newer than `provenEpoch`, or null. */
export function firstStressAfter(
  declarations: readonly StressInfo[],
  provenEpoch: bigint,
): bigint | null {
  // declarations are few and sorted: the first match is the earliest that applies
  for (const d of declarations) if (d.epoch > provenEpoch) return d.declaredAt;
  return null;
}

/**
 * The last second at which `acc` is still safe: it is liquidatable at any block time strictly
 * after the returned value, while the engine is not paused and the oracle is live. `null` when
 * it never is (no commitment, or already frozen).
 */
export function liquidatableAfter(acc: LapseFields, rules: LapseRules): bigint | null {
  if (acc.frozen || acc.commitment === 0n) return null;
  let t = acc.validUntil;
  const stressedAt = firstStressAfter(rules.declarations, acc.provenEpoch);
  if (stressedAt !== null && stressedAt < t) t = stressedAt;
  if (rules.liveness.liveSince > t) t = rules.liveness.liveSince;
  if (rules.liveness.resumeAt > t) t = rules.liveness.resumeAt;
  return t + rules.grace;
}

/** Whether the risk oracle has a fresh epoch at `now` (else no lapse-liquidation at all). */
export function oracleLive(rules: LapseRules, now: bigint): boolean {
  return rules.liveness.latestExpiry > now;
}

/** Whether `liquidate(acc)` succeeds at block time `now` (the engine's `isLiquidatable`). */
export function isLiquidatableAt(acc: LapseFields, rules: LapseRules, now: bigint): boolean {
  const t = liquidatableAfter(acc, rules);
  return t !== null && now > t && !rules.liveness.paused && oracleLive(rules, now);
}

/** Health of an account's proof at `now`, for status displays. */
export type ProofStatus =
  | "no-positions" // no commitment attested: cannot be liquidated
  | "frozen" // liquidated
  | "valid" // now <= validUntil (and not caught by a stress epoch)
  | "grace" // lapsed, in a grace period (or liquidation is held by a pause or an oracle outage): renew now
  | "liquidatable";

export function proofStatus(acc: LapseFields, rules: LapseRules, now: bigint): ProofStatus {
  if (acc.frozen) return "frozen";
  if (acc.commitment === 0n) return "no-positions";
  if (isLiquidatableAt(acc, rules, now)) return "liquidatable";
  const stressed = firstStressAfter(rules.declarations, acc.provenEpoch) !== null;
  return now > acc.validUntil || stressed ? "grace" : "valid";
}

/** Input of one keeper round. */
export interface KeeperRoundInput {
  /** Every known account with its state (from events, read back from the engine). */
  accounts: ReadonlyMap<string, AccountState>;
  now: bigint;
  params: Pick<EngineParams, "grace">;
  declarations: readonly StressInfo[];
  liveness: LapseRules["liveness"];
  latestEpoch: bigint;
  /** Accounts this keeper can renew (it holds their files), lower-case addresses. */
  own: ReadonlySet<string>;
  /** Renew an own account once `validUntil - now <= renewBefore` seconds. */
  renewBefore: bigint;
}

export interface KeeperPlan {
  /** Foreign (or unrescuable) accounts to liquidate now. */
  liquidate: string[];
  /** Own accounts to renew now against the latest epoch. */
  renew: string[];
  /** Own accounts that need renewal but cannot get longer validity: no newer or fresh epoch. */
  stuck: Array<{ account: string; reason: string }>;
  /** Earliest future time something becomes due (renewal window or liquidation), or null. */
  nextDue: bigint | null;
  /** Why nothing is liquidated this round although accounts are overdue, or null. */
  held: string | null;
}

/**
 * Decides one keeper round. Own accounts are renewed once inside the renewal window when a
 * renewal would extend them (the latest epoch is newer than their proven epoch, still fresh,
 * and not before a stress epoch), else reported as stuck; they are never liquidated by their
 * own keeper. Every other liquidatable account is liquidated; while the engine is paused or
 * the oracle is down, none is, and `held` says why.
 */
export function planKeeperRound(input: KeeperRoundInput): KeeperPlan {
  const rules: LapseRules = {
    grace: input.params.grace,
    declarations: input.declarations,
    liveness: input.liveness,
  };
  const plan: KeeperPlan = { liquidate: [], renew: [], stuck: [], nextDue: null, held: null };
  const due = (t: bigint) => {
    if (t > input.now && (plan.nextDue === null || t < plan.nextDue)) plan.nextDue = t;
  };
  const stressEpoch = input.declarations.at(-1)?.epoch ?? 0n;
  const renewedUntil = input.liveness.latestExpiry;
  const live = oracleLive(rules, input.now);
  const latestUsable = input.latestEpoch !== 0n && live && input.latestEpoch >= stressEpoch;
  for (const [account, acc] of input.accounts) {
    const after = liquidatableAfter(acc, rules);
    if (after === null) continue;
    const own = input.own.has(account.toLowerCase());
    const overdue = input.now > after;
    if (own) {
      const stressed = firstStressAfter(input.declarations, acc.provenEpoch) !== null;
      const window = acc.validUntil - input.renewBefore;
      const needs = input.now >= window || stressed || overdue;
      if (needs) {
        if (latestUsable && input.latestEpoch > acc.provenEpoch && renewedUntil > acc.validUntil) {
          plan.renew.push(account);
          continue;
        }
        plan.stuck.push({
          account,
          reason: latestUsable
            ? `no epoch newer than its proven epoch ${acc.provenEpoch}: waiting for the risk oracle`
            : "the latest epoch is stale or before the stress epoch: waiting for the risk oracle",
        });
      } else due(window);
      continue; // a keeper holding an account's files never liquidates it
    }
    if (!overdue) {
      due(after + 1n);
      continue;
    }
    if (input.liveness.paused)
      plan.held = "the engine is paused: liquidation waits for the unpause and a grace after it";
    else if (!live)
      plan.held =
        "no fresh epoch (risk oracle down): liquidation waits for its return and a grace after it";
    else plan.liquidate.push(account);
  }
  return plan;
}

/**
 * The order in which keeper `keeper` works through `accounts` (e.g. its liquidations): by
 * keccak256(keeper, account), so keepers racing on the same lapsed accounts start on different
 * ones instead of all simulating and sending the same liquidation first; the order is fixed
 * for a keeper (a restart resumes the same way) and different between keepers.
 */
export function spreadOrder(accounts: readonly string[], keeper: string): string[] {
  const rank = new Map(
    accounts.map((a) => [a, keccak256(solidityPacked(["address", "address"], [keeper, a]))]),
  );
  return [...accounts].sort((a, b) => {
    const [x, y] = [rank.get(a)!, rank.get(b)!];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Distinct accounts named by engine events (Deposited / Attested / ProofAccepted ...). */
export function accountsFromEvents(events: ReadonlyArray<{ account: string }>): string[] {
  const seen = new Map<string, string>();
  for (const e of events) {
    const k = e.account.toLowerCase();
    if (!seen.has(k)) seen.set(k, e.account);
  }
  return [...seen.values()];
}
