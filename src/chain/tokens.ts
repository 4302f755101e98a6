/**
 * Collateral tokens: finding one in a deployment, reading an ERC-20's metadata, amounts in
 * whole tokens, and a deposit (mint a mock first if asked, approve the engine when the
 * allowance is short, deposit). Errors name the argument (`token`, `amount`, `tokens[i]`).
 */
import { Contract, type ContractRunner, type Provider, type Signer, getAddress } from "ethers";
import { decimalToScaled, parseDecimal } from "../decimal";
import { ArgumentError } from "../errors";
import type { Deployment, DeploymentCollateral } from "./deployment";
import type { MarginEngineClient } from "./engine";
import { erc20 } from "./erc20";
import { type TxResult, sendCall, sendTx } from "./transact";
import type { SubAccountRoute } from "./subaccounts";
import type { AccountState, ContractArtifact } from "./types";

/** The deployment's collateral entry of `token` (an address), if any. */
export function collateralOf(d: Deployment, token: string): DeploymentCollateral | undefined {
  return d.collateral.find((c) => getAddress(c.token) === getAddress(token));
}

/** The token of the deployment's collateral named `symbol`; `file` names the deployment. */
export function collateralBySymbol(d: Deployment, symbol: string, file: string): string {
  const c = d.collateral.find((x) => x.symbol === symbol);
  if (!c)
    throw new ArgumentError(
      "token",
      `unknown symbol "${symbol}" (the deployment ${file} has ${d.collateral.map((x) => x.symbol).join(", ") || "no collateral"}; or give an address)`,
    );
  return c.token;
}

/** `value` whole tokens in base units, with the token's decimals (read from the token). */
export async function tokenAmount(
  token: string,
  runner: ContractRunner,
  value: string,
): Promise<{ amount: bigint; decimals: number }> {
  const decimals = Number(await erc20(token, runner).decimals());
  const d = parseDecimal(value);
  const amount = d ? decimalToScaled(d, decimals) : undefined;
  if (amount === undefined || amount <= 0n)
    throw new ArgumentError(
      "amount",
      `${JSON.stringify(value)}: must be a positive decimal with at most ${decimals} decimals`,
    );
  return { amount, decimals };
}

/**
 * Reads symbol() and decimals() of each token (slot = index): the collateral entries of a
 * deployment of real tokens. A token without them fails as `tokens[slot]`.
 */
export async function describeTokens(
  tokens: readonly string[],
  provider: Provider,
): Promise<DeploymentCollateral[]> {
  const out: DeploymentCollateral[] = [];
  for (const [slot, token] of tokens.entries()) {
    const t = erc20(token, provider);
    let symbol: string;
    let decimals: number;
    try {
      symbol = String(await t.symbol());
      decimals = Number(await t.decimals());
    } catch {
      throw new ArgumentError(
        `tokens[${slot}]`,
        `${token} is not an ERC-20 with symbol() and decimals()`,
      );
    }
    out.push({ slot, token, symbol, decimals, mock: false });
  }
  return out;
}

export interface DepositOptions {
  /** LOCAL USE: first mint `amount` of this mock token (its artifact) to the signer. */
  mint?: ContractArtifact;
  /** Deposit into the signer's sub-account `route.index` (through the router) instead. */
  route?: SubAccountRoute;
}

export interface DepositResult {
  tx: TxResult;
  /** Gas per step, in order: `mint`, `approve` (when needed), `deposit`. */
  gas: Array<[string, bigint]>;
  /** The account after the deposit. */
  state: AccountState;
  /** The token's collateral slot. */
  slot: number;
  /** The account credited (the signer's own, or its sub-account). */
  account: string;
}

/**
 * Deposits `amount` of `token` into the signer's account, or its sub-account `o.route.index`
 * (opened on first use), approving the engine (or the router) if needed.
 */
export async function depositCollateral(
  engine: MarginEngineClient,
  signer: Signer,
  token: string,
  amount: bigint,
  o: DepositOptions = {},
): Promise<DepositResult> {
  const me = getAddress(await signer.getAddress());
  const gas: Array<[string, bigint]> = [];
  const errors = engine.errors;
  if (o.mint) {
    const mock = new Contract(token, o.mint.abi, signer);
    gas.push(["mint", (await sendCall(mock, "mint", [me, amount], errors, "mint")).gasUsed]);
  }
  const t = erc20(token, signer);
  const spender = o.route ? o.route.router.address : engine.address;
  const allowance = await t.allowance(me, spender);
  if (allowance < amount)
    gas.push(["approve", (await sendTx(t, "approve", [spender, amount], errors)).gasUsed]);
  const tx = o.route
    ? await o.route.router.deposit(o.route.index, token, amount)
    : await engine.deposit(token, amount);
  gas.push(["deposit", tx.gasUsed]);
  const account = o.route ? await o.route.router.subAccount(me, o.route.index) : me;
  const state = await engine.accountState(account);
  const slot = (await engine.collateralTokens()).findIndex(
    (x) => getAddress(x) === getAddress(token),
  );
  return { tx, gas, state, slot, account };
}
