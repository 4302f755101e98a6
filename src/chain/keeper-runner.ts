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
import { type ActionContext, type Prover, renew } from "./actions";
import type { MarginEngineClient } from "./engine";
import { ChainRevertError } from "./errors";
import { type KeeperPlan, accountsFromEvents, planKeeperRound } from "./keeper";
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
  log?: (line: string) => void;
}

export interface KeeperRoundReport {
  now: bigint;
  accounts: number;
  plan: KeeperPlan;
  renewed: Array<{ account: string; epoch: bigint; gasUsed: bigint; validUntil: bigint }>;
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

/** Runs one round: plan, renew, liquidate, claim. Never throws for one account's failure. */
export async function keeperRound(cfg: KeeperConfig): Promise<KeeperRoundReport> {
  const { engine } = cfg;
  const accounts = await knownAccounts(engine, cfg.fromBlock);
  const states = new Map<string, AccountState>();
  for (const a of accounts) states.set(a, await engine.accountState(a));
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
      const r = await renew(ctx, portfolio);
      const s = await engine.accountState(account);
      report.renewed.push({
        account,
        epoch: r.epoch,
        gasUsed: r.tx.gasUsed,
        validUntil: s.validUntil,
      });
      cfg.log?.(
        `renewed ${account} against epoch ${r.epoch}: valid until ${s.validUntil} (gas ${r.tx.gasUsed})`,
      );
    } catch (e) {
      report.skipped.push({ account, reason: (e as Error).message, code: errorCode(e) });
      cfg.log?.(`renewal of ${account} failed: ${(e as Error).message}`);
    }
  }
  for (const s of plan.stuck) cfg.log?.(`cannot renew ${s.account}: ${s.reason}`);
  for (const account of plan.liquidate) {
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
