/**
 * Keeper logic as pure functions of the engine's public state (IMarginEngine.liquidate):
 * an account with a commitment lapses at validUntil; it becomes liquidatable once
 * `now > validUntil + grace`, or, after a stress epoch declared at T, once its proven epoch
 * is older than the stress epoch and `now > T + grace`. A renewal against a newer epoch
 * mined first rescues it (submitProof never checks the lapse).
 */
import type { AccountState, EngineParams, StressInfo } from "./types";

/** The parts of the engine's state that decide lapses. */
export interface LapseRules {
  grace: bigint;
  stress: StressInfo;
}

type LapseFields = Pick<AccountState, "commitment" | "validUntil" | "provenEpoch" | "frozen">;

/**
 * The last second at which `acc` is still safe: it is liquidatable at any block time strictly
 * after the returned value. `null` when it never is (no commitment, or already frozen).
 */
export function liquidatableAfter(acc: LapseFields, rules: LapseRules): bigint | null {
  if (acc.frozen || acc.commitment === 0n) return null;
  let t = acc.validUntil + rules.grace;
  if (rules.stress.epoch !== 0n && acc.provenEpoch < rules.stress.epoch) {
    const s = rules.stress.declaredAt + rules.grace;
    if (s < t) t = s;
  }
  return t;
}

/** Whether `liquidate(acc)` succeeds at block time `now` (the engine's `isLiquidatable`). */
export function isLiquidatableAt(acc: LapseFields, rules: LapseRules, now: bigint): boolean {
  const t = liquidatableAfter(acc, rules);
  return t !== null && now > t;
}

/** Health of an account's proof at `now`, for status displays. */
export type ProofStatus =
  | "no-positions" // no commitment attested: cannot be liquidated
  | "frozen" // liquidated
  | "valid" // now <= validUntil (and not caught by a stress epoch)
  | "grace" // lapsed, in the grace period: renew now
  | "liquidatable";

export function proofStatus(acc: LapseFields, rules: LapseRules, now: bigint): ProofStatus {
  if (acc.frozen) return "frozen";
  if (acc.commitment === 0n) return "no-positions";
  if (isLiquidatableAt(acc, rules, now)) return "liquidatable";
  const stressed = rules.stress.epoch !== 0n && acc.provenEpoch < rules.stress.epoch;
  return now > acc.validUntil || stressed ? "grace" : "valid";
}

/** Input of one keeper round. */
export interface KeeperRoundInput {
  /** Every known account with its state (from events, read back from the engine). */
  accounts: ReadonlyMap<string, AccountState>;
  now: bigint;
  params: Pick<EngineParams, "grace" | "proofTtl">;
  stress: StressInfo;
  latestEpoch: bigint;
  /** Timestamp of the latest epoch (a renewal against it gives latestTs + proofTtl). */
  latestEpochTimestamp: bigint;
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
}

/**
 * Decides one keeper round. Own accounts are renewed once inside the renewal window when a
 * renewal would extend them (the latest epoch is newer than their proven epoch, still fresh,
 * and not before a stress epoch), else reported as stuck; they are never liquidated by their
 * own keeper. Every other liquidatable account is liquidated.
 */
export function planKeeperRound(input: KeeperRoundInput): KeeperPlan {
  const rules: LapseRules = { grace: input.params.grace, stress: input.stress };
  const plan: KeeperPlan = { liquidate: [], renew: [], stuck: [], nextDue: null };
  const due = (t: bigint) => {
    if (t > input.now && (plan.nextDue === null || t < plan.nextDue)) plan.nextDue = t;
  };
  const renewedUntil = input.latestEpochTimestamp + input.params.proofTtl;
  const latestUsable =
    input.latestEpoch !== 0n && renewedUntil > input.now && input.latestEpoch >= input.stress.epoch;
  for (const [account, acc] of input.accounts) {
    const after = liquidatableAfter(acc, rules);
    if (after === null) continue;
    const own = input.own.has(account.toLowerCase());
    const liquidatable = input.now > after;
    if (own) {
      const stressed = input.stress.epoch !== 0n && acc.provenEpoch < input.stress.epoch;
      const window = acc.validUntil - input.renewBefore;
      const needs = input.now >= window || stressed || liquidatable;
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
    if (liquidatable) plan.liquidate.push(account);
    else due(after + 1n);
  }
  return plan;
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
