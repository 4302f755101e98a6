/**
 * Isolated margin on the page: the SubAccounts router (its address from the settings), the
 * table of the connected owner's accounts (index 0 = its main account, then every opened
 * sub-account: address, status, balances) and the selector of the account the page acts as.
 */
import {
  type ContractRunner,
  type InterfaceAbi,
  type Provider,
  ZeroAddress,
  formatUnits,
  getAddress,
  isAddress,
} from "ethers";
import {
  type AccountState,
  type DeploymentCollateral,
  InputError,
  SubAccountsClient,
  describeTokens,
} from "../src/browser";
import { el, input, say } from "./dom";
import { state } from "./state";
import { isoTime } from "./time";

declare const __ZKMARGIN_ENGINE_ABI__: InterfaceAbi;
declare const __ZKMARGIN_SUBACCOUNTS_ABI__: InterfaceAbi;

/** One row of the table. */
interface Row {
  index: number;
  account: string;
  state: AccountState;
}

/** The router from the settings field (none when the field is empty). */
export async function connectRouter(runner: ContractRunner, provider: Provider): Promise<void> {
  state.router = undefined;
  state.actAs = { index: 0, account: state.signerAddress };
  el("subaccounts").hidden = true;
  const addr = input("subaccounts-address").value.trim();
  if (addr === "") {
    say("subaccounts-message", "no SubAccounts router given: only the main account is shown");
    return;
  }
  if (!isAddress(addr))
    throw new InputError("settings", "SubAccounts router", "must be a 0x address");
  if ((await provider.getCode(addr)) === "0x")
    throw new Error(`no contract at the SubAccounts router address ${addr}: check the address`);
  state.router = new SubAccountsClient(
    getAddress(addr),
    __ZKMARGIN_SUBACCOUNTS_ABI__,
    runner,
    __ZKMARGIN_ENGINE_ABI__,
  );
}

function status(s: AccountState): string {
  if (s.frozen) return "frozen (liquidated)";
  if (s.commitment === 0n) return "no positions";
  if (s.validUntil === 0n) return "not proven";
  return `valid until ${isoTime(s.validUntil)}`;
}

function balances(s: AccountState, tokens: Map<number, DeploymentCollateral>): string {
  const parts: string[] = [];
  s.balances.forEach((amount, slot) => {
    const t = tokens.get(slot);
    if (amount > 0n && t) parts.push(`${formatUnits(amount, t.decimals)} ${t.symbol}`);
  });
  return parts.join(", ") || "none";
}

/** The collateral tokens by slot (empty slots left out), with symbol and decimals. */
async function collateral(provider: Provider): Promise<Map<number, DeploymentCollateral>> {
  if (!state.engine) return new Map();
  const slots = (await state.engine.collateralTokens())
    .map((token, slot) => ({ token, slot }))
    .filter((t) => t.token !== ZeroAddress);
  const described = await describeTokens(
    slots.map((t) => t.token),
    provider,
  );
  return new Map(described.map((d, i) => [slots[i].slot, { ...d, slot: slots[i].slot }]));
}

/**
 * Lists the signer's accounts (main, then its opened sub-accounts) in the table and the
 * selector; keeps the selection when that account is still listed.
 */
export async function listSubAccounts(): Promise<void> {
  const { engine, provider, signerAddress: owner } = state;
  if (!engine || !provider || !owner) return;
  const opened = state.router ? await state.router.list(owner) : [];
  const accounts = [{ index: 0, account: owner }, ...opened];
  const rows: Row[] = await Promise.all(
    accounts.map(async (a) => ({ ...a, state: await engine.accountState(a.account) })),
  );
  const tokens = await collateral(provider);
  const body = el("subaccounts-body");
  body.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.index = String(r.index);
      tr.dataset.account = r.account;
      tr.dataset.status = r.state.frozen
        ? "frozen"
        : r.state.commitment === 0n
          ? "empty"
          : "positions";
      for (const text of [
        r.index === 0 ? "0 (main)" : String(r.index),
        r.account,
        status(r.state),
        balances(r.state, tokens),
      ]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
  const select = el<HTMLSelectElement>("act-as");
  select.replaceChildren(
    ...rows.map((r) => {
      const o = document.createElement("option");
      o.value = String(r.index);
      o.textContent =
        r.index === 0 ? `main account (${r.account})` : `sub-account ${r.index} (${r.account})`;
      return o;
    }),
  );
  const kept = rows.find((r) => r.index === state.actAs.index) ?? rows[0];
  select.value = String(kept.index);
  state.actAs = { index: kept.index, account: kept.account };
  el("subaccounts").hidden = false;
  say(
    "subaccounts-message",
    state.router
      ? `${opened.length} sub-account${opened.length === 1 ? "" : "s"} opened by ${owner}`
      : "no SubAccounts router given: only the main account is shown",
    "info",
  );
}

/** The selector changed: the page acts as the chosen account. */
export function selectAccount(): void {
  const index = Number(el<HTMLSelectElement>("act-as").value);
  const row = el("subaccounts-body").querySelector<HTMLElement>(`tr[data-index="${index}"]`);
  state.actAs = { index, account: row?.dataset.account };
}

/** How an attestation reaches the selected sub-account: through the router (none for main). */
export function route(): { router: SubAccountsClient; index: number } | undefined {
  return state.router && state.actAs.index > 0
    ? { router: state.router, index: state.actAs.index }
    : undefined;
}
