/**
 * Renewals (SPEC 7.2): one account (`submitProof`) or many in one pairing check
 * (`submitProofs`), each at the highest validity tier its portfolio meets. Everything the
 * engine will check is checked first (risk table, account, commitment, state hash, the public
 * inputs), the tier is chosen from the margin report before any proving work, and a batch is
 * sent only when every proof in it was made and checked: one bad proof would revert it.
 * Browser-safe (the prover is a callback).
 */
import { getAddress } from "ethers";
import { ArgumentError, InsolventError } from "../errors";
import { type MarginResult, computeMargin } from "../margin";
import { money } from "../report";
import { type IntegerPortfolio, balancesHash, positionCommitment, stateHash } from "../portfolio";
import type { ProofFile } from "../proof";
import { ChainCheckError } from "./check-error";
import type { SolidityProof } from "./types";
import type { RenewalEntry, TxResult } from "./engine";
import { type ActionContext, checkRiskTable, fmtMult, liveAccount, prove } from "./proving";
import { type ValidityTier, pickTier, tierValidUntil } from "./tiers";

/** A checked and proven renewal, ready to send alone or in a batch. */
export interface PreparedRenewal {
  account: string;
  epoch: bigint;
  /** Validity tier the proof was made at (0 = maintenance multiplier). */
  tier: number;
  /** The tier's multiplier, basis points. */
  multiplier: bigint;
  /** The validUntil the renewal gives the account. */
  validUntil: bigint;
  /** Every tier of the engine, tier 0 first. */
  tiers: ValidityTier[];
  proof: ProofFile;
  calldata: SolidityProof;
  margin: MarginResult;
}

/** A renewal as `submitProofs` takes it. */
export const renewalEntry = (r: PreparedRenewal): RenewalEntry => ({
  account: r.account,
  epoch: r.epoch,
  tier: r.tier,
  proof: r.calldata,
});

export interface RenewOptions {
  /** Prove at this tier instead of the highest one the portfolio meets. */
  tier?: number;
}

/**
 * Checks and proves a renewal of `portfolio`'s account against the risk table's epoch, at
 * `opts.tier` or the highest tier the margin report meets. Sends nothing.
 */
export async function prepareRenewal(
  ctx: ActionContext,
  portfolio: IntegerPortfolio,
  opts: RenewOptions = {},
): Promise<PreparedRenewal> {
  const account = getAddress(portfolio.accountAddress);
  await checkRiskTable(ctx);
  const s = await liveAccount(ctx, account);
  if (s.commitment === 0n)
    throw new ChainCheckError("NoCommitment", `${account} has no attested commitment`);
  const commitment = positionCommitment(portfolio, ctx.table.instance);
  if (commitment !== s.commitment)
    throw new ChainCheckError(
      "CommitmentMismatch",
      `the portfolio's commitment ${commitment} is not the attested ${s.commitment}`,
    );
  const sdkState = stateHash(commitment, balancesHash(s.balances));
  if (sdkState !== s.stateHash)
    throw new ChainCheckError(
      "StateHashMismatch",
      `the SDK's stateHash ${sdkState} of the engine's balances differs from the engine's ${s.stateHash} (SDK and engine disagree on the hash layout)`,
    );
  const tiers = await ctx.engine.validityTiers();
  const tier = chooseTier(ctx, portfolio, s.balances, tiers, opts.tier);
  const { multiplier } = tiers[tier];
  const epoch = BigInt(ctx.table.epoch);
  const { proof, calldata, margin } = await prove(
    ctx,
    portfolio,
    s.balances,
    multiplier,
    `renewal at tier ${tier}`,
  );
  const expected = await ctx.engine.publicInputs(account, epoch, multiplier);
  if (expected.some((x, i) => x.toString() !== proof.publicSignals[i]))
    throw new ChainCheckError(
      "PublicInputsMismatch",
      "the proof's public signals are not the engine's public inputs",
    );
  const e = await ctx.engine.epoch(epoch);
  const validUntil = tierValidUntil(tiers[tier], e, s.validUntil);
  return { account, epoch, tier, multiplier, validUntil, tiers, proof, calldata, margin };
}

/** The tier to prove at: `wanted` if the portfolio meets it, else the highest one it meets. */
function chooseTier(
  ctx: ActionContext,
  portfolio: IntegerPortfolio,
  amounts: readonly bigint[],
  tiers: ValidityTier[],
  wanted: number | undefined,
): number {
  if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < 0 || wanted >= tiers.length))
    throw new ArgumentError("tier", `must be a tier of the engine: 0..${tiers.length - 1}`);
  // the margin figures do not depend on the multiplier: one report decides every tier
  const margin = computeMargin(ctx.table, portfolio, amounts, tiers[0].multiplier);
  const best = pickTier(margin, tiers);
  if (best === null || (wanted !== undefined && wanted > best)) {
    const t = wanted ?? 0;
    const { multiplier } = tiers[t];
    throw new InsolventError(
      `the portfolio does not meet tier ${t}: equity ${money(margin.equity)} USD < x${fmtMult(multiplier)} margin ${money(margin.maintenanceMargin)} USD`,
      { equity: margin.equity, maintenanceMargin: margin.maintenanceMargin, multiplier },
    );
  }
  const tier = wanted ?? best;
  ctx.log?.(
    `tier ${tier} of ${tiers.length - 1}: x${fmtMult(tiers[tier].multiplier)}, valid ${tiers[tier].ttl} s after the epoch`,
  );
  return tier;
}

/** Renews `portfolio`'s account (`submitProof`) at the highest tier it meets (or `opts.tier`). */
export async function renew(
  ctx: ActionContext,
  portfolio: IntegerPortfolio,
  opts: RenewOptions = {},
): Promise<PreparedRenewal & { method: "submitProof"; tx: TxResult }> {
  const r = await prepareRenewal(ctx, portfolio, opts);
  const tx = await ctx.engine.submitProof(r.account, r.epoch, r.tier, r.calldata);
  return { ...r, method: "submitProof", tx };
}

/**
 * Renews several accounts in one transaction (`submitProofs`, one pairing check): each is
 * prepared and checked as `renew` would, then all are sent together, sorted by account.
 */
export async function renewBatch(
  ctx: ActionContext,
  portfolios: readonly IntegerPortfolio[],
  opts: RenewOptions = {},
): Promise<{ renewals: PreparedRenewal[]; tx: TxResult }> {
  if (portfolios.length === 0) throw new ArgumentError("portfolios", "must not be empty");
  const seen = new Set<string>();
  const renewals: PreparedRenewal[] = [];
  for (const p of portfolios) {
    const a = getAddress(p.accountAddress);
    if (seen.has(a)) throw new ArgumentError("portfolios", `names ${a} twice`);
    seen.add(a);
    renewals.push(await prepareRenewal(ctx, p, opts));
  }
  const tx = await ctx.engine.submitProofs(renewals.map(renewalEntry));
  return { renewals, tx };
}
