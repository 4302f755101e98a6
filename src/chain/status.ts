/**
 * `accountStatus`: everything public about an account, read from the engine, with its lapse
 * times derived by the keeper rules.
 */
import type { Provider } from "ethers";
import type { MarginEngineClient } from "./engine";
import { type ProofStatus, liquidatableAfter, proofStatus } from "./keeper";
import type { AccountState, EngineParams, StressInfo } from "./types";

export interface AccountStatus {
  account: string;
  state: AccountState;
  /** Block time the status was computed at. */
  now: bigint;
  status: ProofStatus;
  /** The engine's own `isLiquidatable` (authoritative; `status` must agree). */
  liquidatable: boolean;
  /** Liquidatable at any time after this (null: never). */
  liquidatableAfter: bigint | null;
  latestEpoch: bigint;
  params: EngineParams;
  stress: StressInfo;
  /** Collateral tokens by slot (zero address = empty slot). */
  tokens: string[];
}

/** Latest block time of `provider`. */
export async function blockTime(provider: Provider): Promise<bigint> {
  const b = await provider.getBlock("latest");
  if (!b) throw new Error("no latest block");
  return BigInt(b.timestamp);
}

/** Reads the account's state, the engine's rules and the block time; derives its status. */
export async function accountStatus(
  engine: MarginEngineClient,
  account: string,
  provider: Provider,
): Promise<AccountStatus> {
  const [state, params, stress, latestEpoch, tokens, liquidatable, now] = await Promise.all([
    engine.accountState(account),
    engine.params(),
    engine.stress(),
    engine.latestEpoch(),
    engine.collateralTokens(),
    engine.isLiquidatable(account),
    blockTime(provider),
  ]);
  const rules = { grace: params.grace, stress };
  return {
    account,
    state,
    now,
    status: proofStatus(state, rules, now),
    liquidatable,
    liquidatableAfter: liquidatableAfter(state, rules),
    latestEpoch,
    params,
    stress,
    tokens,
  };
}
