/**
 * `zkmargin status`: an account's on-chain state, lapse times and the engine's liveness
 * (src/chain/status.ts), printed; the signer's own account or, with --subaccount n, its
 * sub-account n.
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import { type AccountStatus, type Deployment, accountStatus } from "../../../chain";
import { InputError } from "../../../errors";
import { parseAddress } from "../../../node/chain";
import { readJsonFile } from "../../../node/files";
import { type ChainCliOptions, chainCommand, iso, out, str } from "./options";
import {
  SUBACCOUNT_FLAGS,
  type SubAccountCliOptions,
  checkAccountFile,
  subaccountOption,
} from "./account-option";
import { type Session, accountChoice, withSession } from "./session";

/**
 * `[account]`: an address, a portfolio.json naming one, or the signer's (sub-)account; with
 * `--subaccount n` an address or file given must name the signer's sub-account n.
 */
async function accountOf(
  s: Session,
  who: string | undefined,
  subaccount: string | undefined,
): Promise<string> {
  const choice = subaccount === undefined ? undefined : await accountChoice(s, subaccount);
  if (who === undefined) return choice?.account ?? s.address;
  const [file, field] = who.startsWith("0x") ? ["command line", "<account>"] : [who, "account"];
  let account: string;
  if (who.startsWith("0x")) account = parseAddress(who, file, field);
  else {
    const raw = readJsonFile(who) as { account?: unknown };
    if (typeof raw?.account !== "string") throw new InputError(who, "account", "missing");
    account = parseAddress(raw.account, who, "account");
  }
  if (choice) checkAccountFile(s, choice, file, account, field);
  return account;
}

/** Amounts by slot, with the deployment's symbols and decimals. */
function byToken(d: Deployment, st: AccountStatus, amounts: readonly bigint[]) {
  const syms = new Map(d.collateral.map((c) => [c.slot, c]));
  return amounts.map((b, slot) => {
    const c = syms.get(slot);
    return {
      slot,
      symbol: c?.symbol ?? null,
      token: st.tokens[slot],
      amount: c ? formatUnits(b, c.decimals) : b.toString(),
      raw: str(b),
    };
  });
}

function statusJson(account: string, st: AccountStatus, d: Deployment) {
  const lv = st.liveness;
  return {
    account,
    status: st.status,
    liquidatable: st.liquidatable,
    now: str(st.now),
    validUntil: str(st.state.validUntil),
    liquidatableAfter: st.liquidatableAfter === null ? null : str(st.liquidatableAfter),
    engineLiquidatableAfter:
      st.engineLiquidatableAfter === null ? null : str(st.engineLiquidatableAfter),
    provenEpoch: str(st.state.provenEpoch),
    latestEpoch: str(st.latestEpoch),
    commitment: str(st.state.commitment),
    stateHash: str(st.state.stateHash),
    attestationNonce: str(st.state.attestationNonce),
    frozen: st.state.frozen,
    balances: byToken(d, st, st.state.balances),
    claimable: byToken(d, st, st.claimable).filter((c) => c.raw !== "0"),
    liveness: {
      paused: lv.paused,
      withdrawalsSuspended: lv.withdrawalsSuspended,
      oracleLive: lv.latestExpiry > st.now,
      latestExpiry: str(lv.latestExpiry),
      liveSince: str(lv.liveSince),
      resumeAt: str(lv.resumeAt),
      stressDeclarations: st.declarations.length,
      stressEpoch: str(st.stress.epoch),
    },
  };
}

function statusText(st: AccountStatus, json: ReturnType<typeof statusJson>): string {
  const lv = st.liveness;
  const oracleLive = json.liveness.oracleLive;
  const n = st.declarations.length;
  const left = st.state.validUntil - st.now;
  const engineState = [
    lv.paused ? "PAUSED (no attestations, no liquidations)" : "running",
    oracleLive
      ? `risk oracle live since ${iso(lv.liveSince)}, latest epoch fresh until ${iso(lv.latestExpiry)}`
      : `RISK ORACLE DOWN (latest epoch expired ${iso(lv.latestExpiry)}): no liquidations`,
    `${n} stress declaration${n === 1 ? "" : "s"}${n ? ` (latest: epoch ${st.stress.epoch})` : ""}`,
    ...(lv.withdrawalsSuspended ? ["proof-gated withdrawals SUSPENDED"] : []),
  ].join("; ");
  return [
    `account ${json.account}: ${st.status.toUpperCase()}${st.liquidatable ? " (liquidatable now)" : ""}`,
    `  valid until      ${iso(st.state.validUntil)}${st.state.validUntil > 0n ? ` (${left >= 0n ? `${left} s left` : `${-left} s ago`})` : ""}`,
    `  liquidatable     ${st.liquidatableAfter === null ? "never (no positions or frozen)" : `after ${iso(st.liquidatableAfter)}${lv.paused || !oracleLive ? " (held while paused or the oracle is down)" : ""}`}`,
    `  proven epoch     ${st.state.provenEpoch} (latest ${st.latestEpoch})`,
    `  commitment       ${st.state.commitment === 0n ? "none" : st.state.commitment}`,
    `  next nonce       ${st.state.attestationNonce}`,
    ...json.balances
      .filter((b) => b.raw !== "0")
      .map((b) => `  ${(b.symbol ?? `slot ${b.slot}`).padEnd(16)} ${b.amount}`),
    ...json.claimable.map(
      (c) =>
        `  claimable        ${c.amount} ${c.symbol ?? c.token} (liquidation credit: zkmargin claim --token ${c.symbol ?? c.token})`,
    ),
    `  engine           ${engineState}`,
  ].join("\n");
}

export function registerStatus(program: Command): void {
  subaccountOption(
    chainCommand(
      program
        .command("status")
        .description(
          "an account's on-chain state: proof validity, lapse time, liquidatable, balances, liquidation credits; the engine's pause, risk-oracle liveness and stress declarations",
        ),
    ),
  )
    .argument(
      "[account]",
      "account address or a portfolio.json naming it (default: the signer, or its --subaccount n)",
    )
    .action(async (who: string | undefined, opts: ChainCliOptions & SubAccountCliOptions) =>
      withSession(
        opts,
        async (s) => {
          const account = await accountOf(s, who, opts.subaccount);
          const st = await accountStatus(s.engine, account, s.conn.provider);
          const json = statusJson(account, st, s.deployment);
          out(opts, json, statusText(st, json));
          if (
            st.liquidatable !== (st.status === "liquidatable") ||
            st.liquidatableAfter !== st.engineLiquidatableAfter
          )
            process.stderr.write(
              "warning: the engine's isLiquidatable / liquidatableAfter disagrees with the SDK's lapse rules\n",
            );
        },
        { flags: SUBACCOUNT_FLAGS },
      ),
    );
}
