/**
 * Reads the venue's book from a folder (docs/STRESS.md). Three layouts, mixable:
 *
 *   <dir>/<name>.portfolio.json + <dir>/<name>.balances.json
 *   <dir>/portfolio-<name>.json + <dir>/balances-<name>.json   (as in examples/)
 *   <dir>/<name>/portfolio.json + <dir>/<name>/balances.json
 *
 * The account's name is `<name>`. Other files are ignored. A portfolio without its balances
 * (or the reverse), a bad file, two accounts of one name or one address: an InputError naming
 * the file. A folder without any account is an InputError naming the folder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../errors";
import { AccountFiles, makeBook } from "../../risk-desk/stress/book";
import { Book } from "../../risk-desk/stress/types";
import { loadBalances, loadPortfolio } from "../load";
import { readFolder } from "../files";

/** A flat layout: the file names of an account's two files. */
interface FlatLayout {
  portfolio: (name: string) => string;
  balances: (name: string) => string;
  /** The account name of a portfolio / balances file name, or undefined. */
  portfolioName: (file: string) => string | undefined;
  balancesName: (file: string) => string | undefined;
}

const named =
  (re: RegExp) =>
  (file: string): string | undefined =>
    re.exec(file)?.[1];

const FLAT_LAYOUTS: readonly FlatLayout[] = [
  {
    portfolio: (n) => `${n}.portfolio.json`,
    balances: (n) => `${n}.balances.json`,
    portfolioName: named(/^(.+)\.portfolio\.json$/),
    balancesName: named(/^(.+)\.balances\.json$/),
  },
  {
    portfolio: (n) => `portfolio-${n}.json`,
    balances: (n) => `balances-${n}.json`,
    portfolioName: named(/^portfolio-(.+)\.json$/),
    balancesName: named(/^balances-(.+)\.json$/),
  },
];

function pair(name: string, portfolioFile: string, balancesFile: string): AccountFiles {
  return {
    name,
    portfolio: loadPortfolio(portfolioFile),
    balances: loadBalances(balancesFile),
    portfolioFile,
    balancesFile,
  };
}

function partnerMissing(file: string, partner: string): never {
  throw new InputError(file, "(file)", `no matching ${partner} (each account needs both files)`);
}

/** Reads every account of the book folder `dir`, sorted by name. */
export function loadBookDir(dir: string): Book {
  const list = readFolder(dir, "the book is a folder of portfolio and balances files");
  const names = new Set(list.filter((e) => e.isFile()).map((e) => e.name));
  const files: AccountFiles[] = [];
  for (const e of list) {
    const full = path.join(dir, e.name);
    if (e.isFile()) {
      for (const layout of FLAT_LAYOUTS) {
        const name = layout.portfolioName(e.name);
        const other = layout.balancesName(e.name);
        if (name !== undefined) {
          const b = layout.balances(name);
          if (!names.has(b)) partnerMissing(full, path.join(dir, b));
          files.push(pair(name, full, path.join(dir, b)));
        } else if (other !== undefined && !names.has(layout.portfolio(other)))
          partnerMissing(full, path.join(dir, layout.portfolio(other)));
      }
    } else if (e.isDirectory()) {
      const p = path.join(full, "portfolio.json");
      const b = path.join(full, "balances.json");
      const hasP = fs.existsSync(p);
      const hasB = fs.existsSync(b);
      if (hasP && !hasB) partnerMissing(p, b);
      if (hasB && !hasP) partnerMissing(b, p);
      if (hasP) files.push(pair(e.name, p, b));
    }
  }
  if (files.length === 0)
    throw new InputError(
      dir,
      "(folder)",
      "no account: expected <name>.portfolio.json + <name>.balances.json, portfolio-<name>.json + balances-<name>.json, or <name>/portfolio.json + <name>/balances.json",
    );
  return makeBook(files);
}
