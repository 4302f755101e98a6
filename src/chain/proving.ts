/**
 * What every proving action shares: the context (engine, risk table, prover), the risk-table
 * check against the engine, the live-account read and the prove step that refuses an
 * insolvent account by name before any proving work. Browser-safe (the prover is a callback).
 */
import { buildSolvencyInput, type SolvencyInput } from "../circuit-input";
import { InputError } from "../errors";
import type { MarginResult } from "../margin";
import { money } from "../report";
import type { IntegerBalances, IntegerPortfolio } from "../portfolio";
import type { ProofFile } from "../proof";
import type { RiskTable } from "../risk-table";
import { proofToCalldata } from "./calldata";
import { ChainCheckError } from "./check-error";
import type { MarginEngineClient } from "./engine";
import type { SubAccountRoute } from "./subaccounts";
import type { AccountState, SolidityProof } from "./types";

/** Proves a circuit input with the keys of `instance`. */
export type Prover = (input: SolvencyInput, instance: string) => Promise<ProofFile>;

export interface ActionContext {
  engine: MarginEngineClient;
  table: RiskTable;
  prover: Prover;
  /** Progress lines (proving takes seconds). */
  log?: (line: string) => void;
  /** Name of the risk file, for input errors. */
  riskFile?: string;
  /**
   * The owner's sub-account the action is for (isolated margin): the owner's transactions go
   * through the router. Absent: the account is the signer's own (main) account.
   */
  route?: SubAccountRoute;
}

export const fmtMult = (bps: bigint) =>
  `${bps / 10000n}.${(bps % 10000n).toString().padStart(4, "0")}`;

/**
 * How long an epoch must stay fresh after the chain's time for a proof started now to land:
 * a standard proof takes 10-20 s (docs/BENCHMARKS.md), the small one 3-6 s; doubled for a slow
 * or busy machine, plus a block (12 s on Ethereum) and slack. The proving actions refuse an
 * epoch expiring sooner ({@link checkRiskTable}), before any proving work; the risk oracle's
 * tools refuse to build or publish one.
 */
export const EPOCH_PROVING_MARGIN = 60n;

/**
 * The risk table's instance and epoch must be the engine's: K slots, published root, and the
 * epoch fresh for at least {@link EPOCH_PROVING_MARGIN} seconds after the chain's time.
 */
export async function checkRiskTable(ctx: ActionContext): Promise<void> {
  const { engine, table } = ctx;
  const file = ctx.riskFile ?? "risk.json";
  const k = await engine.slots();
  if (k !== table.instance.K)
    throw new InputError(
      file,
      "instance",
      `"${table.instance.name}" has K = ${table.instance.K} collateral slots; the engine has ${k}`,
    );
  const e = await engine.epoch(table.epoch);
  if (e.timestamp === 0n)
    throw new ChainCheckError(
      "UnknownEpoch",
      `epoch ${table.epoch} of ${file} is not published on the engine`,
    );
  if (e.riskRoot !== table.riskRoot || e.timestamp !== BigInt(table.timestamp))
    throw new ChainCheckError(
      "RiskRootMismatch",
      `epoch ${table.epoch} on the engine has root ${e.riskRoot} at ${e.timestamp}; ${file} has ${table.riskRoot} at ${table.timestamp}`,
    );
  const now = await engine.blockTime();
  if (e.expiry <= now)
    throw new ChainCheckError(
      "StaleEpoch",
      `epoch ${table.epoch} of ${file} expired at ${e.expiry} (chain time ${now}): prove against a fresh epoch`,
    );
  if (e.expiry <= now + EPOCH_PROVING_MARGIN)
    throw new ChainCheckError(
      "StaleEpoch",
      `epoch ${table.epoch} of ${file} expires at ${e.expiry}, within ${EPOCH_PROVING_MARGIN} s of the chain's time ${now}: a proof made now would land after it; prove against a fresher epoch`,
    );
}

export function integerBalances(p: IntegerPortfolio, amounts: readonly bigint[]): IntegerBalances {
  return { accountAddress: p.accountAddress, account: p.account, amounts: [...amounts] };
}

export async function liveAccount(ctx: ActionContext, account: string): Promise<AccountState> {
  const s = await ctx.engine.accountState(account);
  if (s.frozen) throw new ChainCheckError("AccountFrozen", `${account} was liquidated`);
  return s;
}

/** Builds the input (refusing an insolvent account by name) and proves it. */
export async function prove(
  ctx: ActionContext,
  portfolio: IntegerPortfolio,
  amounts: readonly bigint[],
  multiplier: bigint,
  purpose: string,
): Promise<{ proof: ProofFile; calldata: SolidityProof; margin: MarginResult }> {
  const { input, margin } = buildSolvencyInput(
    ctx.table,
    portfolio,
    integerBalances(portfolio, amounts),
    multiplier,
  );
  ctx.log?.(
    `${purpose}: equity ${money(margin.equity)} USD >= ${fmtMult(multiplier)} x margin ${money(margin.maintenanceMargin)} USD; proving (${ctx.table.instance.name} instance)`,
  );
  const t0 = Date.now();
  const proof = await ctx.prover(input, ctx.table.instance.name);
  ctx.log?.(`proof done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { proof, calldata: proofToCalldata(proof.proof), margin };
}
