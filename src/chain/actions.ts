/**
 * The trader's and venue's on-chain actions that need a proof, beside renewals (renewal.ts): a new
 * commitment (`attestAndProve`, sent by the account itself or relayed with its consent:
 * `attestAndProveFor`) and withdrawal. Each one reads the account from the engine,
 * computes the hashes with the SDK (src/portfolio.ts), checks everything the engine will check
 * before any proving work (so an insolvent or mismatched account is refused with a name, not
 * a revert), proves through the given prover and sends the transaction. Browser-safe: the
 * prover is a callback (Node: src/node/prover.ts; browser: snarkjs with fetched keys).
 */
import { getAddress, verifyTypedData } from "ethers";
import { ArgumentError, InputError, InsolventError } from "../errors";
import type { MarginResult } from "../margin";
import { type IntegerPortfolio, balancesHash, positionCommitment } from "../portfolio";
import type { ProofFile } from "../proof";
import { type Attestation, CONSENT_TYPES, recoverAttester } from "./attestation";
import { EMPTY_PROOF } from "./calldata";
import { ChainCheckError } from "./check-error";
import type { TxResult } from "./engine";
import type { SubAccountRoute } from "./subaccounts";
import type { SolidityProof } from "./types";
import { type ActionContext, checkRiskTable, fmtMult, liveAccount, prove } from "./proving";

export { type ActionContext, type Prover, checkRiskTable } from "./proving";

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
  if (ctx.route) await checkOwnSubAccount(ctx.route, sender, account);
  // the owner submits its sub-account's attestation through the router, not relayed
  const relayed = sender !== account && !ctx.route;
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
  const tx = ctx.route
    ? await ctx.route.router.attestAndProve(
        ctx.route.index,
        commitment,
        att.nonce,
        att.deadline,
        att.signature,
        epoch,
        calldata,
      )
    : relayed
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

/** `account` must be `owner`'s opened sub-account `route.index` (the router acts for it). */
async function checkOwnSubAccount(route: SubAccountRoute, owner: string, account: string) {
  const expected = await route.router.subAccount(owner, route.index);
  if (expected !== account)
    throw new ChainCheckError(
      "NotSubAccount",
      `${account} is not sub-account ${route.index} of ${owner} (that is ${expected})`,
    );
  if ((await route.router.holderOf(account)) === null)
    throw new ChainCheckError(
      "SubAccountNotOpened",
      `sub-account ${route.index} of ${owner} is not open: deposit into it first`,
    );
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

/** A checked and proven debit of an account (a withdrawal, or a move's source). */
interface ProvedDebit {
  epoch: bigint;
  calldata: SolidityProof;
  proof: ProofFile | null;
  margin: MarginResult | null;
}

/**
 * Withdraws `amount` of `token` (through the sub-account router when `ctx.route` names a
 * sub-account). An account with positions proves the post-withdrawal balances at the initial
 * multiplier against the latest epoch; a withdrawal that would leave it under initial margin
 * is refused here, before proving (`WithdrawalRefused`).
 */
export async function withdraw(
  ctx: ActionContext,
  portfolio: IntegerPortfolio | null,
  account: string,
  token: string,
  amount: bigint,
): Promise<{ tx: TxResult; proof: ProofFile | null; margin: MarginResult | null }> {
  const d = await proveDebit(ctx, portfolio, account, token, amount, "withdrawal");
  const tx = ctx.route
    ? await ctx.route.router.withdraw(ctx.route.index, token, amount, d.epoch, d.calldata)
    : await ctx.engine.withdraw(token, amount, d.epoch, d.calldata);
  return { tx, proof: d.proof, margin: d.margin };
}

/**
 * Moves `amount` of `token` from the sub-account `ctx.route` names to the owner's sub-account
 * `to` (both >= 1; SubAccounts.move): the source is debited under the withdrawal rule (a proof
 * at the initial multiplier when it has positions), the destination opened on first use.
 */
export async function moveCollateral(
  ctx: ActionContext,
  portfolio: IntegerPortfolio | null,
  account: string,
  to: number,
  token: string,
  amount: bigint,
): Promise<{ tx: TxResult; proof: ProofFile | null; margin: MarginResult | null }> {
  const route = ctx.route;
  if (!route || route.index === 0)
    throw new ArgumentError(
      "from",
      "must be a sub-account (1 or more): move from the main account is a withdrawal and a deposit",
    );
  if (!Number.isInteger(to) || to < 1 || to === route.index)
    throw new ArgumentError("to", `must be another sub-account (1 or more, not ${route.index})`);
  const d = await proveDebit(ctx, portfolio, account, token, amount, "move");
  const tx = await route.router.move(route.index, to, token, amount, d.epoch, d.calldata);
  return { tx, proof: d.proof, margin: d.margin };
}

async function proveDebit(
  ctx: ActionContext,
  portfolio: IntegerPortfolio | null,
  account: string,
  token: string,
  amount: bigint,
  purpose: string,
): Promise<ProvedDebit> {
  if (ctx.route) {
    const owner = await ctx.engine.sender();
    if (owner === null) throw new Error(`${purpose}: the engine client has no signer`);
    await checkOwnSubAccount(ctx.route, owner, getAddress(account));
  }
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
    return { epoch: 0n, calldata: EMPTY_PROOF, proof: null, margin: null };
  }
  if (!portfolio)
    throw new ArgumentError(
      "portfolio",
      "required: the account has positions, so a withdrawal needs a proof",
    );
  if (getAddress(portfolio.accountAddress) !== account)
    throw new ArgumentError(
      "portfolio",
      `names ${portfolio.accountAddress}, the account is ${account}`,
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
    proved = await prove(ctx, portfolio, after, initialMultiplier, purpose);
  } catch (e) {
    if (e instanceof InsolventError)
      throw new ChainCheckError(
        "WithdrawalRefused",
        `the ${purpose} would leave the account under initial margin (x${fmtMult(initialMultiplier)}): ${e.message}`,
        { cause: e },
      );
    throw e;
  }
  return { epoch: latest, calldata: proved.calldata, proof: proved.proof, margin: proved.margin };
}
