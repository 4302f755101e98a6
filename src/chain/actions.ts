/**
 * The trader's and venue's on-chain actions that need a proof: renewal (`submitProof`), a new
 * commitment (`attestAndProve`, sent by the account itself or relayed with its consent:
 * `attestAndProveFor`) and withdrawal. Each one reads the account from the engine,
 * computes the hashes with the SDK (src/portfolio.ts), checks everything the engine will check
 * before any proving work (so an insolvent or mismatched account is refused with a name, not
 * a revert), proves through the given prover and sends the transaction. Browser-safe: the
 * prover is a callback (Node: src/node/prover.ts; browser: snarkjs with fetched keys).
 */
import { getAddress, verifyTypedData } from "ethers";
import { buildSolvencyInput, type SolvencyInput } from "../circuit-input";
import { ArgumentError, InputError, InsolventError } from "../errors";
import type { MarginResult } from "../margin";
import { money } from "../report";
import {
  type IntegerBalances,
  type IntegerPortfolio,
  balancesHash,
  positionCommitment,
  stateHash,
} from "../portfolio";
import type { ProofFile } from "../proof";
import type { RiskTable } from "../risk-table";
import { type Attestation, CONSENT_TYPES, recoverAttester } from "./attestation";
import { EMPTY_PROOF, proofToCalldata } from "./calldata";
import { ChainCheckError } from "./check-error";
import type { MarginEngineClient, TxResult } from "./engine";
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
}

const fmtMult = (bps: bigint) => `${bps / 10000n}.${(bps % 10000n).toString().padStart(4, "0")}`;

/** The risk table's instance and epoch must be the engine's: K slots, published root. */
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
}

function integerBalances(p: IntegerPortfolio, amounts: readonly bigint[]): IntegerBalances {
  return { accountAddress: p.accountAddress, account: p.account, amounts: [...amounts] };
}

async function liveAccount(ctx: ActionContext, account: string): Promise<AccountState> {
  const s = await ctx.engine.accountState(account);
  if (s.frozen) throw new ChainCheckError("AccountFrozen", `${account} was liquidated`);
  return s;
}

/** Builds the input (refusing an insolvent account by name) and proves it. */
async function prove(
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

/** The outcome of a proving action. */
export interface ProvedTx {
  /** The engine function the proof was sent with. */
  method: "submitProof" | "attestAndProve" | "attestAndProveFor";
  tx: TxResult;
  proof: ProofFile;
  margin: MarginResult;
  epoch: bigint;
}

/**
 * Renews `portfolio`'s account against the risk table's epoch (`submitProof`, maintenance
 * multiplier). The portfolio must be the attested one and the SDK's stateHash of the
 * engine's balances must equal the engine's stored one.
 */
export async function renew(ctx: ActionContext, portfolio: IntegerPortfolio): Promise<ProvedTx> {
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
  const { maintenanceMultiplier } = await ctx.engine.params();
  const epoch = BigInt(ctx.table.epoch);
  const { proof, calldata, margin } = await prove(
    ctx,
    portfolio,
    s.balances,
    maintenanceMultiplier,
    "renewal",
  );
  const expected = await ctx.engine.publicInputs(account, epoch, maintenanceMultiplier);
  if (expected.some((x, i) => x.toString() !== proof.publicSignals[i]))
    throw new ChainCheckError(
      "PublicInputsMismatch",
      "the proof's public signals are not the engine's public inputs",
    );
  const tx = await ctx.engine.submitProof(account, epoch, calldata);
  return { method: "submitProof", tx, proof, margin, epoch };
}

/**
 * Makes a venue-attested commitment the account's commitment together with a proof for it.
 * The engine takes it only from the account itself (`attestAndProve`); anyone else relays it
 * with the account's `consent` signature (`signConsent`, sent as `attestAndProveFor`). Checks
 * the attestation against the engine (domain, deadline, nonce, VENUE_ROLE, sender or consent,
 * pause) and the portfolio first, before proving.
 */
export async function attestAndProve(
  ctx: ActionContext,
  portfolio: IntegerPortfolio,
  att: Attestation,
  attestationFile = "attestation.json",
  consent?: string,
): Promise<ProvedTx> {
  const account = getAddress(portfolio.accountAddress);
  if (getAddress(att.account) !== account)
    throw new InputError(
      attestationFile,
      "account",
      `is ${att.account}, the portfolio's is ${account}`,
    );
  if (getAddress(att.engine) !== getAddress(ctx.engine.address))
    throw new InputError(
      attestationFile,
      "engine",
      `is ${att.engine}, not this deployment's ${ctx.engine.address}`,
    );
  const now = await ctx.engine.blockTime();
  // the transaction lands in a later block than `now`: a deadline of `now` is already too late
  if (att.deadline <= now)
    throw new ChainCheckError(
      "AttestationExpired",
      `the attestation's deadline ${att.deadline} is not after the chain's time ${now}: the venue must sign a new one`,
    );
  const sender = await ctx.engine.sender();
  if (sender === null) throw new Error("attestAndProve: the engine client has no signer");
  const relayed = sender !== account;
  if (relayed) {
    if (consent === undefined)
      throw new ChainCheckError(
        "NotAccountOwner",
        `the sender ${sender} is not the account ${account}: only the account submits its attestation, or a relayer with the account's consent signature`,
      );
    await checkConsent(ctx, att, account, consent);
  }
  if ((await ctx.engine.liveness()).paused)
    throw new ChainCheckError(
      "EnforcedPause",
      "the engine is paused: new commitments wait for the unpause (renewals, deposits and withdrawals stay open)",
    );
  await checkRiskTable(ctx);
  const commitment = positionCommitment(portfolio, ctx.table.instance);
  if (commitment !== att.commitment)
    throw new ChainCheckError(
      "CommitmentMismatch",
      `the attestation is for ${att.commitment}, the portfolio's commitment is ${commitment}`,
    );
  const s = await liveAccount(ctx, account);
  if (att.nonce !== s.attestationNonce)
    throw new ChainCheckError(
      "BadNonce",
      `the attestation has nonce ${att.nonce}; the engine expects ${s.attestationNonce}`,
    );
  const signer = await recoverAttester(ctx.engine, att);
  if (!(await ctx.engine.hasRole("VENUE_ROLE", signer)))
    throw new ChainCheckError("UnauthorizedAttester", `${signer} does not hold VENUE_ROLE`);
  // an account without a commitment has balancesHash 0 (the engine hashes from now on)
  if (s.balancesHash !== 0n && s.balancesHash !== balancesHash(s.balances))
    throw new ChainCheckError(
      "StateHashMismatch",
      "the SDK's balancesHash of the engine's balances differs from the engine's",
    );
  const { maintenanceMultiplier } = await ctx.engine.params();
  const epoch = BigInt(ctx.table.epoch);
  const { proof, calldata, margin } = await prove(
    ctx,
    portfolio,
    s.balances,
    maintenanceMultiplier,
    "new commitment",
  );
  const tx = relayed
    ? await ctx.engine.attestAndProveFor(
        account,
        commitment,
        att.nonce,
        att.deadline,
        att.signature,
        consent as string,
        epoch,
        calldata,
      )
    : await ctx.engine.attestAndProve(
        account,
        commitment,
        att.nonce,
        att.deadline,
        att.signature,
        epoch,
        calldata,
      );
  return { method: relayed ? "attestAndProveFor" : "attestAndProve", tx, proof, margin, epoch };
}

/**
 * The account's consent must be its EIP-712 signature over the attestation's fields; a
 * contract account (ERC-1271) is left to the engine.
 */
async function checkConsent(
  ctx: ActionContext,
  att: Attestation,
  account: string,
  consent: string,
): Promise<void> {
  if (!/^0x[0-9a-fA-F]*$/.test(consent))
    throw new ArgumentError("consent", "must be a 0x-prefixed hex signature");
  let recovered: string | null = null;
  try {
    recovered = verifyTypedData(
      await ctx.engine.domain(),
      CONSENT_TYPES,
      { account, commitment: att.commitment, nonce: att.nonce, deadline: att.deadline },
      consent,
    );
  } catch {
    recovered = null; // not a 65-byte ECDSA signature: only a contract account could accept it
  }
  if (recovered !== null && getAddress(recovered) === account) return;
  const provider = ctx.engine.contract.runner?.provider;
  const isContract = provider ? (await provider.getCode(account)) !== "0x" : false;
  if (!isContract)
    throw new ChainCheckError(
      "InvalidConsent",
      `the consent signature is not ${account}'s over this attestation (${recovered ? `signed by ${recovered}` : "not a valid signature"})`,
    );
}

/**
 * Withdraws `amount` of `token`. An account with positions proves the post-withdrawal
 * balances at the initial multiplier against the latest epoch; a withdrawal that would leave
 * it under initial margin is refused here, before proving (`WithdrawalRefused`).
 */
export async function withdraw(
  ctx: ActionContext,
  portfolio: IntegerPortfolio | null,
  account: string,
  token: string,
  amount: bigint,
): Promise<{ tx: TxResult; proof: ProofFile | null; margin: MarginResult | null }> {
  account = getAddress(account);
  const s = await liveAccount(ctx, account);
  const tokens = await ctx.engine.collateralTokens();
  const slot = tokens.findIndex((t) => getAddress(t) === getAddress(token));
  if (slot < 0) throw new ChainCheckError("UnknownToken", `${token} is not registered collateral`);
  if (amount <= 0n) throw new ChainCheckError("ZeroAmount", "the amount must be positive");
  if (amount > s.balances[slot])
    throw new ChainCheckError(
      "InsufficientBalance",
      `${account} holds ${s.balances[slot]} base units, asked ${amount}`,
    );
  if (s.commitment === 0n) {
    ctx.log?.("no positions attested: no proof needed");
    const tx = await ctx.engine.withdraw(token, amount, 0n, EMPTY_PROOF);
    return { tx, proof: null, margin: null };
  }
  if (!portfolio)
    throw new ArgumentError(
      "portfolio",
      "required: the account has positions, so a withdrawal needs a proof",
    );
  if (getAddress(portfolio.accountAddress) !== account)
    throw new ArgumentError(
      "portfolio",
      `names ${portfolio.accountAddress}, the signer is ${account}`,
    );
  if ((await ctx.engine.liveness()).withdrawalsSuspended)
    throw new ChainCheckError(
      "WithdrawalsSuspended",
      "the guardian suspended withdrawals that need a proof: wait for the admin to resume them",
    );
  await checkRiskTable(ctx);
  const latest = await ctx.engine.latestEpoch();
  if (BigInt(ctx.table.epoch) !== latest)
    throw new ChainCheckError(
      "NotLatestEpoch",
      `withdrawals prove against the latest epoch ${latest}; the risk table is epoch ${ctx.table.epoch}`,
    );
  const commitment = positionCommitment(portfolio, ctx.table.instance);
  if (commitment !== s.commitment)
    throw new ChainCheckError(
      "CommitmentMismatch",
      `the portfolio's commitment is not the attested ${s.commitment}`,
    );
  const after = [...s.balances];
  after[slot] -= amount;
  const { initialMultiplier } = await ctx.engine.params();
  let proved;
  try {
    proved = await prove(ctx, portfolio, after, initialMultiplier, "withdrawal");
  } catch (e) {
    if (e instanceof InsolventError)
      throw new ChainCheckError(
        "WithdrawalRefused",
        `withdrawing would leave the account under initial margin (x${fmtMult(initialMultiplier)}): ${e.message}`,
        { cause: e },
      );
    throw e;
  }
  const tx = await ctx.engine.withdraw(token, amount, latest, proved.calldata);
  return { tx, proof: proved.proof, margin: proved.margin };
}
