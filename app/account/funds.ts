/**
 * Deposits and withdrawals from the account panel. A deposit is the SDK's `depositCollateral`
 * (approve when the allowance is short, then deposit, through the wallet; in the local venue
 * the mock tokens can be minted first, a clearly labelled option shown only there); a
 * withdrawal is the SDK's `withdraw`, with a proof made in the page's Web Worker when the
 * account has positions, refused before proving when it would leave the account under initial
 * margin. Amounts are decimal strings parsed with the SDK's decimal rules. After either, the
 * page's balances.json is set to the chain's balances (its editor hears the `input` event).
 */
import { getAddress } from "ethers";
import {
  type ContractArtifact,
  InputError,
  decimalToScaled,
  depositCollateral,
  formatScaled,
  parseDecimal,
  withdraw,
} from "../../src/browser";
import { whileBusy } from "../busy";
import { el, input, say } from "../dom";
import { proveInput } from "../prover";
import { state } from "../state";
import { route } from "../subaccounts";
import { actingAccount, currentSigner, refreshChainViews } from "../wallet";
import { type TokenInfo, engineTokens } from "./status";

const OUT = "account-funds-message";

/** LOCAL USE: the mock ERC-20's mint, all `depositCollateral` needs of its artifact. */
const MOCK_TOKEN: ContractArtifact = {
  contractName: "MockERC20",
  abi: ["function mint(address to, uint256 amount)"],
  bytecode: "0x",
};

/** Fills both token selectors with the engine's collateral (keeps the choice). */
export function fillTokenSelects(tokens: TokenInfo[]): void {
  for (const id of ["deposit-token", "withdraw-token"]) {
    const select = el<HTMLSelectElement>(id);
    const kept = select.value;
    const values = tokens.map((t) => t.token);
    if (values.join() === Array.from(select.options, (o) => o.value).join()) continue;
    select.replaceChildren(
      ...tokens.map((t) => {
        const o = document.createElement("option");
        o.value = t.token;
        o.textContent = `${t.symbol} (${t.token.slice(0, 6)}…${t.token.slice(-4)})`;
        o.title = `${t.symbol}: ${t.token}, ${t.decimals} decimals`;
        return o;
      }),
    );
    if (values.includes(kept)) select.value = kept;
  }
}

/** The chosen token and the amount typed in, in base units (positive, at most its decimals). */
async function chosen(form: "deposit" | "withdraw"): Promise<{ token: TokenInfo; amount: bigint }> {
  const tokens = await engineTokens();
  const address = el<HTMLSelectElement>(`${form}-token`).value;
  const token = tokens.find((t) => t.token === address);
  if (!token) throw new InputError(form, "token", "choose one of the engine's collateral tokens");
  const text = input(`${form}-amount`).value.trim();
  const d = parseDecimal(text);
  const amount = d ? decimalToScaled(d, token.decimals) : undefined;
  if (amount === undefined || amount <= 0n)
    throw new InputError(
      form,
      "amount",
      `${JSON.stringify(text)}: must be a positive decimal with at most ${token.decimals} decimals (${token.symbol})`,
    );
  return { token, amount };
}

/**
 * Sets #balances-text to the account's balances on the chain (canonical balances.json: version,
 * account, balances by symbol as exact decimals) when it is empty or names this account.
 */
async function updateBalancesFile(account: string): Promise<string> {
  if (!state.engine) return "";
  const area = el<HTMLTextAreaElement>("balances-text");
  let named: string | undefined;
  try {
    named = (JSON.parse(area.value) as { account?: unknown }).account as string | undefined;
  } catch {
    named = undefined;
  }
  if (
    area.value.trim() !== "" &&
    (typeof named !== "string" || named.toLowerCase() !== account.toLowerCase())
  )
    return ` balances.json (section 2) names another account: not updated.`;
  const [s, tokens] = await Promise.all([state.engine.accountState(account), engineTokens()]);
  const balances: Record<string, string> = {};
  for (const t of tokens) {
    // the risk table's symbol for the slot, when it lists this token (the files use its symbols)
    const c = state.table?.collateral.find((x) => x.slot === t.slot);
    const symbol = c && getAddress(c.token) === t.token ? c.symbol : t.symbol;
    const decimals = c && getAddress(c.token) === t.token ? c.decimals : t.decimals;
    if (s.balances[t.slot] > 0n) balances[symbol] = formatScaled(s.balances[t.slot], decimals);
  }
  const file = { version: 1, account: account.toLowerCase(), balances };
  area.value = JSON.stringify(file, null, 2) + "\n";
  area.dispatchEvent(new Event("input"));
  el("balances-text").dataset.updated = "chain";
  return " balances.json (section 2) now holds the chain's balances.";
}

/** The two buttons: usable when connected and no proof or transaction is running. */
export function syncFundsButtons(): void {
  const ready = !!state.engine && !!currentSigner() && !state.busy;
  for (const id of ["deposit", "withdraw"]) el<HTMLButtonElement>(id).disabled = !ready;
}

/**
 * The main account's deposits and withdrawals are the sender's own (the engine credits and
 * debits msg.sender): refuses a sender that is not the account the page acts as (the book's),
 * so a deposit never credits, nor a withdrawal debits, another account than the one shown. A
 * sub-account's go through the router, which checks its owner.
 */
function checkSender(sender: string, account: string, what: string): void {
  if (route() !== undefined || sender === getAddress(account)) return;
  throw new InputError(
    "settings",
    "account",
    `${what}: the connected account is ${sender}, the page acts as ${getAddress(account)} (the book's account): connect that account's wallet, or load the files of ${sender}`,
  );
}

/** Runs one deposit or withdrawal under state.busy; reports in the panel's message. */
async function act(what: string, f: () => Promise<string>): Promise<void> {
  if (state.busy) {
    say(OUT, "another proof or transaction is running: wait for it to finish", "info");
    return;
  }
  await whileBusy(OUT, async () => {
    delete el(OUT).dataset.tx;
    say(OUT, `${what} …`);
    const account = actingAccount();
    const signer = currentSigner();
    if (!state.engine || !signer || !account)
      throw new Error("connect first (section 6): the wallet sends deposits and withdrawals");
    checkSender(getAddress(await signer.getAddress()), account, what);
    const done = await f();
    const note = await updateBalancesFile(account);
    say(OUT, done + note, "ok");
    await refreshChainViews();
  });
}

/** The deposit form: approve (when needed) and deposit; mint first in the local venue if ticked. */
export function onDeposit(local: boolean): Promise<void> {
  return act("depositing", async () => {
    const { token, amount } = await chosen("deposit");
    const signer = currentSigner();
    if (!state.engine || !signer) throw new Error("connect first (section 6)");
    const mint = local && input("deposit-mint").checked ? MOCK_TOKEN : undefined;
    const r = await depositCollateral(state.engine, signer, token.token, amount, {
      mint,
      route: route(),
    });
    el(OUT).dataset.tx = r.tx.hash;
    const steps = r.gas.map(([step, gas]) => `${step} ${gas.toLocaleString("en-US")}`).join(", ");
    return (
      `deposited ${formatScaled(amount, token.decimals)} ${token.symbol} into ${r.account}: ` +
      `tx ${r.tx.hash} in block ${r.tx.blockNumber} (gas: ${steps}); the engine holds ` +
      `${formatScaled(r.state.balances[r.slot], token.decimals)} ${token.symbol} for it.`
    );
  });
}

/** The withdraw form: the SDK's checks, a proof in the Web Worker when needed, the withdrawal. */
export function onWithdraw(): Promise<void> {
  return act("checking the withdrawal against the engine", async () => {
    const { token, amount } = await chosen("withdraw");
    const account = actingAccount();
    if (!state.engine || !account) throw new Error("connect first (section 6)");
    if (!state.table) throw new InputError("settings", "risk table", "fetch it first (section 1)");
    const portfolio =
      state.portfolio && getAddress(state.portfolio.accountAddress) === getAddress(account)
        ? state.portfolio
        : null;
    const r = await withdraw(
      {
        engine: state.engine,
        route: route(),
        table: state.table,
        prover: proveInput,
        log: (line: string) => say(OUT, line),
        riskFile: input("risk-url").value.trim(),
      },
      portfolio,
      account,
      token.token,
      amount,
    );
    el(OUT).dataset.tx = r.tx.hash;
    const after = (await state.engine.accountState(account)).balances[token.slot];
    return (
      `withdrew ${formatScaled(amount, token.decimals)} ${token.symbol} from ${getAddress(account)}: ` +
      `tx ${r.tx.hash} in block ${r.tx.blockNumber}, gas ${r.tx.gasUsed.toLocaleString("en-US")}` +
      (r.proof
        ? ", with a proof at the initial multiplier made in this browser"
        : ", no proof needed (no positions)") +
      `; the engine holds ${formatScaled(after, token.decimals)} ${token.symbol} for it.`
    );
  });
}
