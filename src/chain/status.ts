/**
 * `accountStatus`: everything public about an account, read from the engine, with its lapse
 * times derived by the keeper rules (stress declarations, the risk oracle's liveness, pauses).
 */
import { type Provider, ZeroAddress, getAddress } from "ethers";
import type { MarginEngineClient } from "./engine";
import { type LapseRules, type ProofStatus, liquidatableAfter, proofStatus } from "./keeper";
import type { AccountState, EngineLiveness, EngineParams, StressInfo } from "./types";

const NEVER = (1n << 256n) - 1n;

export interface AccountStatus {
  account: string;
  state: AccountState;
  /** Block time the status was computed at. */
  now: bigint;
  status: ProofStatus;
  /** The engine's own `isLiquidatable` (authoritative; `status` must agree). */
  liquidatable: boolean;
  /** Liquidatable at any time after this, while not paused and the oracle is live (null: never). */
  liquidatableAfter: bigint | null;
  /** The engine's own `liquidatableAfter` (null: never); must equal `liquidatableAfter`. */
  engineLiquidatableAfter: bigint | null;
  latestEpoch: bigint;
  params: EngineParams;
  /** The latest stress declaration (both 0 = none). */
  stress: StressInfo;
  /** Every stress declaration, in order. */
  declarations: StressInfo[];
  /** Pause, the risk oracle's liveness and the withdrawal suspension. */
  liveness: EngineLiveness;
  /** Collateral tokens by slot (zero address = empty slot). */
  tokens: string[];
  /** Liquidation credits of this account to `claim`, by slot (0 for empty slots). */
  claimable: bigint[];
}

/** Latest block time of `provider`. */
export async function blockTime(provider: Provider): Promise<bigint> {
  const b = await provider.getBlock("latest");
  if (!b) throw new Error("no latest block");
  return BigInt(b.timestamp);
}

/** The engine's lapse rules: grace, stress declarations and liveness. */
export async function lapseRules(engine: MarginEngineClient): Promise<LapseRules> {
  const [params, declarations, liveness] = await Promise.all([
    engine.params(),
    engine.stressDeclarations(),
    engine.liveness(),
  ]);
  return { grace: params.grace, declarations, liveness };
}

/** Reads the account's state, the engine's rules and the block time; derives its status. */
export async function accountStatus(
  engine: MarginEngineClient,
  account: string,
  provider: Provider,
): Promise<AccountStatus> {
  const [
    state,
    params,
    declarations,
    liveness,
    latestEpoch,
    tokens,
    liquidatable,
    engineAfter,
    now,
  ] = await Promise.all([
    engine.accountState(account),
    engine.params(),
    engine.stressDeclarations(),
    engine.liveness(),
    engine.latestEpoch(),
    engine.collateralTokens(),
    engine.isLiquidatable(account),
    engine.liquidatableAfter(account),
    blockTime(provider),
  ]);
  const claimable = await Promise.all(
    tokens.map((t) => (getAddress(t) === ZeroAddress ? 0n : engine.claimable(account, t))),
  );
  const rules: LapseRules = { grace: params.grace, declarations, liveness };
  return {
    account,
    state,
    now,
    status: proofStatus(state, rules, now),
    liquidatable,
    liquidatableAfter: liquidatableAfter(state, rules),
    engineLiquidatableAfter: engineAfter === NEVER ? null : engineAfter,
    latestEpoch,
    params,
    stress: declarations.at(-1) ?? { epoch: 0n, declaredAt: 0n },
    declarations,
    liveness,
    tokens,
    claimable,
  };
}
