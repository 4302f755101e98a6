/**
 * The venue's book in memory (docs/STRESS.md): every account with its parsed portfolio and
 * balances, and the same accounts in integers against a compiled market. Conversion runs
 * once: a moved market keeps the base market's instruments and collateral slots, so the
 * integer positions and balances are the same in every shocked market ({@link sameLayout}
 * checks it).
 */
import { InputError } from "../../errors";
import { RiskTableFields } from "../../risk-table";
import { checkSameAccount, toIntegerBalances, toIntegerPortfolio } from "../../portfolio";
import { Balances, Portfolio } from "../../schema";
import { Book, BookAccount, IntegerAccount } from "./types";

/** The parsed files of one account, before the book checks them together. */
export interface AccountFiles {
  name: string;
  portfolio: Portfolio;
  balances: Balances;
  portfolioFile: string;
  balancesFile: string;
}

/**
 * A book from its accounts, sorted by name. Throws {@link InputError} naming the balances
 * file when it names another account than its portfolio, and the later file when two
 * accounts share an address or a name.
 */
export function makeBook(files: readonly AccountFiles[]): Book {
  const accounts: BookAccount[] = [...files].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const byAddress = new Map<string, string>();
  let previous: string | undefined;
  for (const a of accounts) {
    if (a.name === previous)
      throw new InputError(a.portfolioFile, "(file)", `a second account named "${a.name}"`);
    previous = a.name;
    const p = a.portfolio.account.toLowerCase();
    if (a.balances.account.toLowerCase() !== p)
      throw new InputError(a.balancesFile, "account", `must equal the portfolio's account ${p}`);
    const other = byAddress.get(p);
    if (other !== undefined)
      throw new InputError(
        a.portfolioFile,
        "account",
        `account ${p} is also the account of "${other}" (one portfolio per account)`,
      );
    byAddress.set(p, a.name);
  }
  return { accounts };
}

/**
 * Every account of `book` in integers against `fields` (the base market's compiled table).
 * Throws {@link InputError} naming the account's file for an unknown instrument or symbol,
 * too many positions for the instance, or a value out of bounds.
 */
export function integerBook(book: Book, fields: RiskTableFields): IntegerAccount[] {
  return book.accounts.map((a) => {
    const portfolio = toIntegerPortfolio(a.portfolio, fields, a.portfolioFile);
    const balances = toIntegerBalances(a.balances, fields, a.balancesFile);
    checkSameAccount(portfolio, balances, a.balancesFile);
    return { name: a.name, portfolio, balances };
  });
}

/**
 * True when `moved` has the same instruments (id field, leaf index) and collateral slots
 * (symbol, decimals) as `base`: integer accounts converted against `base` are valid there.
 */
export function sameLayout(base: RiskTableFields, moved: RiskTableFields): boolean {
  if (base.instance.name !== moved.instance.name) return false;
  if (base.instruments.length !== moved.instruments.length) return false;
  if (base.collateral.length !== moved.collateral.length) return false;
  for (let i = 0; i < base.instruments.length; i++) {
    const a = base.instruments[i];
    const b = moved.instruments[i];
    if (a.idField !== b.idField || a.index !== b.index || a.groupIndex !== b.groupIndex)
      return false;
  }
  for (let j = 0; j < base.collateral.length; j++) {
    const a = base.collateral[j];
    const b = moved.collateral[j];
    if (a.symbol !== b.symbol || a.slot !== b.slot || a.decimals !== b.decimals) return false;
  }
  return true;
}
