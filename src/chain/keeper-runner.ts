/**
 * One keeper round against a live engine: discovers accounts from events, reads their state
 * from the engine, plans with {@link planKeeperRound} and acts (renew own accounts, liquidate
 * lapsed ones, then claim the rewards the liquidations credited). A liquidation (and a claim)
 * is simulated first, so an account renewed in the meantime is skipped instead of costing a
 * reverted transaction. While the engine is paused or the risk oracle is down, nothing is
 * liquidated and the plan's `held` says why.
 */
import { type EventLog, type Provider, ZeroAddress, getAddress } from "ethers";
import { CheckFailedError, InputError } from "../errors";
import type { IntegerPortfolio } from "../portfolio";
import type { RiskTable } from "../risk-table";
import type { ActionContext, Prover } from "./actions";
import { type PreparedRenewal, prepareRenewal, renewalEntry } from "./renewal";
import type { MarginEngineClient } from "./engine";
import { ChainRevertError } from "./errors";
import { type KeeperPlan, accountsFromEvents, planKeeperRound, spreadOrder } from "./keeper";
import { blockTime, lapseRules } from "./status";
import type { AccountState } from "./types";

export interface KeeperConfig {
  engine: MarginEngineClient;
  provider: Provider;
  /** Block to scan events from (the deployment block). */
  fromBlock: number;
  /** Own accounts' portfolios (the keeper renews these). */
  portfolios: IntegerPortfolio[];
  /** Risk tables the keeper can prove against (it uses the engine's latest epoch). */
  tables: RiskTable[];
  prover: Prover;
  /** Renew own accounts this many seconds before validUntil. */
  renewBefore: bigint;
  /** The accounts to watch (e.g. from a persistent index); when absent, events are scanned from `fromBlock`. */
  accounts?: string[];
  log?: (line: string) => void;
}

export interface KeeperRoundReport {
  now: bigint;
  accounts: number;
  plan: KeeperPlan;
  /** Own accounts renewed, each at the highest tier it met; gasUsed is its share of the batch. */
  renewed: Array<{
    account: string;
    epoch: bigint;
    tier: number;
    multiplier: bigint;
    gasUsed: bigint;
    validUntil: bigint;
  }>;
  liquidated: Array<{ account: string; gasUsed: bigint }>;
  /**
   * Accounts the round could not act on. `code`: `no-risk-table` (no table for the latest
   * epoch among `tables`), an SDK error's code (e.g. `CommitmentMismatch`), `chain-revert`.
   */
  skipped: Array<{ account: string; reason: string; code: string }>;
  /** Liquidation credits of this keeper paid out by `claim(token)` this round. */
  claimed: Array<{ token: string; amount: bigint; gasUsed: bigint }>;
  /** Claims that reverted (e.g. a token refusing the transfer): the credit stays. */
  claimFailed: Array<{ token: string; amount: bigint; reason: string }>;
}

const EVENTS = ["Deposited", "Attested", "ProofAccepted"];

/** Every account that ever deposited, was attested or proved, from the engine's events. */
export async function knownAccounts(
  engine: MarginEngineClient,
  fromBlock: number,
): Promise<string[]> {
  const events: Array<{ account: string }> = [];
  for (const name of EVENTS) {
    const logs = await engine.contract.queryFilter(engine.contract.getEvent(name), fromBlock);
    for (const l of logs) events.push({ account: getAddress((l as EventLog).args[0] as string) });
  }
  return accountsFromEvents(events);
}

/** Account states read at once by a round (one eth_call each): bounded so an RPC is not flooded. */
export const STATE_READS_IN_FLIGHT = 16;

/** `read` of every item, at most `width` in flight, results in the items' order. */
async function readInParallel<T, R>(
  items: readonly T[],
  width: number,
  read: (x: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await read(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}

/** Runs one round: plan, renew, liquidate, claim. Never throws for one account's failure. */
export async function keeperRound(cfg: KeeperConfig): Promise<KeeperRoundReport> {
  const { engine } = cfg;
  const accounts = cfg.accounts ?? (await knownAccounts(engine, cfg.fromBlock));
  const states = new Map<string, AccountState>();
  const read = await readInParallel(accounts, STATE_READS_IN_FLIGHT, (a) => engine.accountState(a));
  accounts.forEach((a, i) => states.set(a, read[i]));
  const [rules, latestEpoch, now] = await Promise.all([
    lapseRules(engine),
    engine.latestEpoch(),
    blockTime(cfg.provider),
  ]);
  const own = new Map(cfg.portfolios.map((p) => [p.accountAddress.toLowerCase(), p]));
  const plan = planKeeperRound({
    accounts: states,
    now,
    params: { grace: rules.grace },
    declarations: rules.declarations,
    liveness: rules.liveness,
    latestEpoch,
    own: new Set(own.keys()),
    renewBefore: cfg.renewBefore,
  });
  const report: KeeperRoundReport = {
    now,
    accounts: accounts.length,
    plan,
    renewed: [],
    liquidated: [],
    skipped: [],
    claimed: [],
    claimFailed: [],
  };
  const table = cfg.tables.find((t) => BigInt(t.epoch) === latestEpoch);
  const prepared: PreparedRenewal[] = [];
  for (const account of plan.renew) {
    const portfolio = own.get(account.toLowerCase());
    if (!portfolio) continue;
    if (!table) {
      report.skipped.push({
        account,
        reason: `no risk table for the latest epoch ${latestEpoch} was given`,
        code: "no-risk-table",
      });
      continue;
    }
    const ctx: ActionContext = { engine, table, prover: cfg.prover, log: cfg.log };
    try {
      prepared.push(await prepareRenewal(ctx, portfolio));
    } catch (e) {
      report.skipped.push({ account, reason: (e as Error).message, code: errorCode(e) });
      cfg.log?.(`renewal of ${account} failed: ${(e as Error).message}`);
    }
  }
  await sendRenewals(cfg, await stillDue(engine, prepared, report, cfg.log), report);
  for (const s of plan.stuck) cfg.log?.(`cannot renew ${s.account}: ${s.reason}`);
  const me = await engine.sender();
  for (const account of me === null ? plan.liquidate : spreadOrder(plan.liquidate, me)) {
    try {
      await engine.simulate("liquidate", [account]);
      const tx = await engine.liquidate(account);
      report.liquidated.push({ account, gasUsed: tx.gasUsed });
      cfg.log?.(`liquidated ${account} (gas ${tx.gasUsed})`);
    } catch (e) {
      const reason = e instanceof ChainRevertError ? e.errorName : (e as Error).message;
      report.skipped.push({ account, reason, code: errorCode(e) });
      cfg.log?.(`liquidation of ${account} skipped: ${reason}`);
    }
  }
  if (plan.held !== null) cfg.log?.(`liquidation held: ${plan.held}`);
  await claimCredits(engine, report, cfg.log);
  return report;
}

/** The `code` of an SDK error (`error` for anything else, e.g. a network failure). */
function errorCode(e: unknown): string {
  return e instanceof CheckFailedError || e instanceof InputError ? e.code : "error";
}

/**
 * Claims every liquidation credit of the keeper (the engine's sender), token by token; a
 * claim that reverts is reported in `claimFailed`, never thrown.
 */
async function claimCredits(
  engine: MarginEngineClient,
  report: KeeperRoundReport,
  log?: (line: string) => void,
): Promise<void> {
  const me = await engine.sender();
  if (me === null) return;
  for (const token of await engine.collateralTokens()) {
    if (getAddress(token) === ZeroAddress) continue;
    const amount = await engine.claimable(me, token);
    if (amount === 0n) continue;
    try {
      await engine.simulate("claim", [token]);
      const tx = await engine.claim(token);
      report.claimed.push({ token, amount, gasUsed: tx.gasUsed });
      log?.(`claimed ${amount} base units of ${token} (liquidation reward; gas ${tx.gasUsed})`);
    } catch (e) {
      const reason = e instanceof ChainRevertError ? e.errorName : (e as Error).message;
      report.claimFailed.push({ token, amount, reason });
      log?.(`claim of ${amount} base units of ${token} failed: ${reason} (the credit stays)`);
    }
  }
}

/**
 * The prepared renewals whose accounts still need them, read again just before sending: an
 * account another keeper renewed (a later epoch, or this one at least as long) or liquidated
 * meanwhile, or whose state hash moved (the proof no longer matches), is skipped
 * (`renewed-elsewhere`, `frozen`, `StateHashMismatch`) instead of costing a reverted transaction.
 */
async function stillDue(
  engine: MarginEngineClient,
  prepared: PreparedRenewal[],
  report: KeeperRoundReport,
  log?: (line: string) => void,
): Promise<PreparedRenewal[]> {
  const due: PreparedRenewal[] = [];
  for (const r of prepared) {
    const s = await engine.accountState(r.account);
    const proven =
      s.provenEpoch > r.epoch || (s.provenEpoch === r.epoch && s.validUntil >= r.validUntil);
    const [reason, code] = s.frozen
      ? ["liquidated meanwhile", "frozen"]
      : proven
        ? [
            `renewed meanwhile (epoch ${s.provenEpoch}, valid until ${s.validUntil})`,
            "renewed-elsewhere",
          ]
        : s.stateHash.toString() !== r.proof.publicSignals[0]
          ? ["its state changed meanwhile (deposit or new attestation)", "StateHashMismatch"]
          : [null, null];
    if (reason === null || code === null) due.push(r);
    else {
      report.skipped.push({ account: r.account, reason, code });
      log?.(`renewal of ${r.account} skipped: ${reason}`);
    }
  }
  return due;
}

/**
 * Sends the round's checked and proven renewals: one `submitProof`, or one `submitProofs`
 * (one pairing check) for several. A batch is all or nothing: on a revert every account of
 * it is reported skipped.
 */
async function sendRenewals(
  cfg: KeeperConfig,
  prepared: PreparedRenewal[],
  report: KeeperRoundReport,
): Promise<void> {
  if (prepared.length === 0) return;
  const { engine } = cfg;
  try {
    const [one] = prepared;
    const tx =
      prepared.length === 1
        ? await engine.submitProof(one.account, one.epoch, one.tier, one.calldata)
        : await engine.submitProofs(prepared.map(renewalEntry));
    const share = tx.gasUsed / BigInt(prepared.length);
    for (const r of prepared) {
      const { account, epoch, tier, multiplier, validUntil } = r;
      report.renewed.push({ account, epoch, tier, multiplier, gasUsed: share, validUntil });
      cfg.log?.(
        `renewed ${account} against epoch ${epoch} at tier ${tier} (x${Number(multiplier) / 10000}): valid until ${validUntil}` +
          (prepared.length > 1
            ? ` (batch of ${prepared.length}, gas ${share} each)`
            : ` (gas ${share})`),
      );
    }
  } catch (e) {
    for (const r of prepared)
      report.skipped.push({ account: r.account, reason: (e as Error).message, code: errorCode(e) });
    cfg.log?.(`renewal of ${prepared.length} account(s) failed: ${(e as Error).message}`);
  }
}
