/**
 * `zkmargin subaccounts [owner]`: an owner's accounts (isolated margin, src/chain/subaccounts.ts):
 * its main account (sub-account 0, its own address) and every sub-account it opened, each with
 * its status and balances; `--index n` prints sub-account n's address only (opened or not: the
 * address a trader puts in the sub-account's portfolio.json for the venue to attest).
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import {
  type AccountState,
  type Deployment,
  type LapseRules,
  MAX_SUBACCOUNT_INDEX,
  blockTime,
  lapseRules,
  proofStatus,
} from "../../../chain";
import { parseAddress } from "../../../node/chain";
import { type ChainCliOptions, chainCommand, iso, out, str, uintOption } from "./options";
import { type Session, subAccountsClient, withSession } from "./session";

interface SubAccountsOptions extends ChainCliOptions {
  index?: string;
}

/** One row of the listing. */
interface Row {
  index: number;
  account: string;
  status: string;
  validUntil: string;
  frozen: boolean;
  /** Whole-token amounts by the deployment's collateral symbols. */
  balances: Record<string, string>;
}

function row(
  d: Deployment,
  index: number,
  account: string,
  st: AccountState,
  rules: LapseRules,
  now: bigint,
): Row {
  const balances: Record<string, string> = {};
  for (const c of d.collateral)
    balances[c.symbol] = formatUnits(st.balances[c.slot] ?? 0n, c.decimals);
  return {
    index,
    account,
    status: proofStatus(st, rules, now),
    validUntil: str(st.validUntil),
    frozen: st.frozen,
    balances,
  };
}

/** A row's status as text: frozen, no positions, valid until, or lapsed. */
function statusText(r: Row): string {
  const until = iso(BigInt(r.validUntil));
  switch (r.status) {
    case "valid":
      return `valid until ${until}`;
    case "grace":
      return `lapsed (valid until ${until}): renew now`;
    case "liquidatable":
      return `LIQUIDATABLE (valid until ${until})`;
    case "no-positions":
      return "no positions";
    default:
      return r.status;
  }
}

function listText(owner: string, router: string, rows: Row[]): string {
  const lines = rows.map((r) => {
    const held = Object.entries(r.balances).filter(([, a]) => !/^0(\.0*)?$/.test(a));
    const bal = held.length ? held.map(([sym, a]) => `${a} ${sym}`).join(", ") : "no collateral";
    const name = r.index === 0 ? `${r.account} (main)` : r.account;
    return `  ${String(r.index).padStart(3)}  ${name.padEnd(49)} ${statusText(r)}; ${bal}`;
  });
  return [`accounts of ${owner} (sub-accounts router ${router}):`, ...lines].join("\n");
}

async function listAccounts(s: Session, owner: string): Promise<{ router: string; rows: Row[] }> {
  const router = subAccountsClient(s);
  const opened = await router.list(owner, s.deployment.block);
  const all = [{ index: 0, account: owner }, ...opened];
  const [rules, now, states] = await Promise.all([
    lapseRules(s.engine),
    blockTime(s.conn.provider),
    Promise.all(all.map((a) => s.engine.accountState(a.account))),
  ]);
  return {
    router: router.address,
    rows: all.map((a, i) => row(s.deployment, a.index, a.account, states[i], rules, now)),
  };
}

export function registerSubAccounts(program: Command): void {
  chainCommand(
    program
      .command("subaccounts")
      .description(
        "list an owner's accounts for isolated margin: the main account (0) and its opened sub-accounts 1, 2, ... with status and balances; --index n prints sub-account n's address (for its portfolio.json)",
      ),
  )
    .argument("[owner]", "the owner's address (default: the signer)")
    .option(
      "--index <n>",
      "print only sub-account n's address (also before it is opened: the account its portfolio.json names)",
    )
    .action(async (ownerArg: string | undefined, opts: SubAccountsOptions) =>
      withSession(opts, async (s) => {
        const owner =
          ownerArg === undefined ? s.address : parseAddress(ownerArg, "command line", "<owner>");
        if (opts.index !== undefined) {
          const index = Number(uintOption(opts.index, "--index", MAX_SUBACCOUNT_INDEX));
          const account = await subAccountsClient(s).subAccount(owner, index);
          out(opts, { owner, index, account }, account);
          return;
        }
        const { router, rows } = await listAccounts(s, owner);
        out(opts, { owner, router, accounts: rows }, listText(owner, router, rows));
      }),
    );
}
