/**
 * Integer form of a trader's portfolio and of an account's collateral balances against a
 * risk table (PROTOCOL sections 3 and 6), and the position commitment / state hashes.
 */
import { decimalToScaled } from "./decimal";
import { InputError, formatPath } from "./errors";
import { addressField, fieldOf } from "./field";
import { hash } from "./poseidon";
import {
  AMOUNT_BITS,
  AMOUNT_LIMIT,
  CASH_BITS,
  CASH_LIMIT,
  Q_BITS,
  Q_DECIMALS,
  Q_LIMIT,
  V_DECIMALS,
} from "./bounds";
import { CircuitInstance } from "./instances";
import type { RiskTableFields } from "./risk-table";
import { Balances, Portfolio } from "./schema";

/** One used position slot, in integers. */
export interface PositionSlot {
  /** Instrument id (human). */
  instrument: string;
  /** `idField(instrument)`: the `instrumentId[i]` circuit input. */
  instrumentId: bigint;
  /** Leaf index of the instrument in the risk table's tree (`leafIndex[i]`). */
  index: number;
  /** Quantity q, 1e-8 contracts, signed (long > 0), abs < 2^64. */
  q: bigint;
  /** Cost basis c, V, signed, abs < 2^200. */
  c: bigint;
}

/** A portfolio in integers (PROTOCOL section 6). */
export interface IntegerPortfolio {
  /** Account address (lower case). */
  accountAddress: string;
  /** Account as its 160-bit integer. */
  account: bigint;
  /** Used slots 0..n-1, in portfolio.json order (n <= N). */
  positions: PositionSlot[];
  /** Cash, V, signed, abs < 2^200. */
  cash: bigint;
  /** Nonce < 2^64. */
  nonce: bigint;
  /** Salt < p. */
  salt: bigint;
}

/** Collateral amounts of one account in base units, one per collateral slot (length K). */
export interface IntegerBalances {
  accountAddress: string;
  account: bigint;
  /** `amounts[j]` for slot j (0 for unused slots and absent symbols), 0 <= a < 2^100. */
  amounts: bigint[];
}

/**
 * Converts a validated portfolio into integers against `table`. Throws {@link InputError}
 * naming `file` for an unknown instrument, more positions than the instance's N slots, or
 * a value outside PROTOCOL section 4.
 */
export function toIntegerPortfolio(
  portfolio: Portfolio,
  table: RiskTableFields,
  file = "portfolio.json",
): IntegerPortfolio {
  const fail = (path: Array<string | number>, rule: string): never => {
    throw new InputError(file, formatPath(path), rule);
  };
  const n = table.instance.N;
  if (portfolio.positions.length > n) {
    fail(
      ["positions"],
      `${portfolio.positions.length} positions exceed the ${n} position slots of circuit instance "${table.instance.name}"`,
    );
  }
  const byId = new Map(table.instruments.map((i) => [i.id, i]));
  const positions = portfolio.positions.map((p, i): PositionSlot => {
    const inst = byId.get(p.instrument);
    if (!inst)
      return fail(
        ["positions", i, "instrument"],
        `unknown instrument "${p.instrument}" (not in the risk table of epoch ${table.epoch})`,
      );
    const q = decimalToScaled(p.quantity, Q_DECIMALS) as bigint;
    if ((q < 0n ? -q : q) >= Q_LIMIT)
      fail(
        ["positions", i, "quantity"],
        `absolute value must be below 2^${Q_BITS} x 1e-8 contracts (about 1.8e11 contracts)`,
      );
    const c = decimalToScaled(p.costBasis, V_DECIMALS) as bigint;
    if ((c < 0n ? -c : c) >= CASH_LIMIT)
      fail(["positions", i, "costBasis"], `absolute value must be below 2^${CASH_BITS} V`);
    return { instrument: inst.id, instrumentId: inst.idField, index: inst.index, q, c };
  });
  const cash = decimalToScaled(portfolio.cash, V_DECIMALS) as bigint;
  if ((cash < 0n ? -cash : cash) >= CASH_LIMIT)
    fail(["cash"], `absolute value must be below 2^${CASH_BITS} V`);
  return {
    accountAddress: portfolio.account.toLowerCase(),
    account: addressField(portfolio.account),
    positions,
    cash,
    nonce: portfolio.nonce,
    salt: portfolio.salt,
  };
}

/**
 * Converts validated balances into base units per collateral slot of `table`. Throws
 * {@link InputError} naming `file` for an unknown symbol or more decimals than the token has.
 */
export function toIntegerBalances(
  balances: Balances,
  table: RiskTableFields,
  file = "balances.json",
): IntegerBalances {
  const amounts = new Array<bigint>(table.instance.K).fill(0n);
  const bySymbol = new Map(table.collateral.map((c) => [c.symbol, c]));
  for (const [symbol, amount] of Object.entries(balances.balances)) {
    const path = formatPath(["balances", symbol]);
    const c = bySymbol.get(symbol);
    if (!c)
      throw new InputError(
        file,
        path,
        `unknown collateral symbol "${symbol}" (not in the risk table of epoch ${table.epoch})`,
      );
    const a = decimalToScaled(amount, c.decimals);
    if (a === undefined)
      throw new InputError(
        file,
        path,
        `more than ${c.decimals} decimals (${symbol} has ${c.decimals})`,
      );
    if (a < 0n) throw new InputError(file, path, "must not be negative");
    if (a >= AMOUNT_LIMIT)
      throw new InputError(file, path, `must be below 2^${AMOUNT_BITS} base units`);
    amounts[c.slot] = a;
  }
  return {
    accountAddress: balances.account.toLowerCase(),
    account: addressField(balances.account),
    amounts,
  };
}

/**
 * Checks that portfolio and balances belong to the same account; throws
 * {@link InputError} naming the balances file otherwise.
 */
export function checkSameAccount(
  p: IntegerPortfolio,
  b: IntegerBalances,
  balancesFile = "balances.json",
): void {
  if (p.account !== b.account) {
    throw new InputError(
      balancesFile,
      "account",
      `must equal the portfolio's account ${p.accountAddress}`,
    );
  }
}

/** The N slot triples `(instrumentId, q, c)` as field elements, empty slots `(0, 0, 0)`. */
export function positionSlotFields(
  p: IntegerPortfolio,
  instance: CircuitInstance,
): Array<[bigint, bigint, bigint]> {
  const out: Array<[bigint, bigint, bigint]> = [];
  for (let i = 0; i < instance.N; i++) {
    const s = p.positions[i];
    out.push(s ? [s.instrumentId, fieldOf(s.q), fieldOf(s.c)] : [0n, 0n, 0n]);
  }
  return out;
}

/**
 * The position commitment (PROTOCOL section 6): `Hash_{3N+4}(account, ids, q, c, cash, nonce,
 * salt)` when the 3N + 4 values fit one hash (N <= 4), else `Hash_7(account, Hash_N(ids),
 * Hash_N(q), Hash_N(c), cash, nonce, salt)`; each list of the N slots in slot order.
 */
export function positionCommitment(p: IntegerPortfolio, instance: CircuitInstance): bigint {
  const slots = positionSlotFields(p, instance);
  const cash = fieldOf(p.cash);
  if (3 * instance.N + 4 <= 16)
    return hash([
      p.account,
      ...slots.map((s) => s[0]),
      ...slots.map((s) => s[1]),
      ...slots.map((s) => s[2]),
      cash,
      p.nonce,
      p.salt,
    ]);
  return hash([
    p.account,
    hash(slots.map((s) => s[0])),
    hash(slots.map((s) => s[1])),
    hash(slots.map((s) => s[2])),
    cash,
    p.nonce,
    p.salt,
  ]);
}

/**
 * Balances packed two per field element: word i = a_{2i} + 2^100 * a_{2i+1} (a_K = 0 when K
 * is odd). Injective because every amount is below 2^100 (PROTOCOL section 6).
 */
export function packBalances(amounts: readonly bigint[]): bigint[] {
  const words: bigint[] = [];
  for (let i = 0; i < amounts.length; i += 2) {
    words.push(amounts[i] + (amounts[i + 1] ?? 0n) * AMOUNT_LIMIT);
  }
  return words;
}

/** `balancesHash = Hash_{ceil(K/2)}(packBalances(a_0..a_{K-1}))`. */
export function balancesHash(amounts: readonly bigint[]): bigint {
  return hash(packBalances(amounts));
}

/** `stateHash = Hash_2(commitment, balancesHash)`. */
export function stateHash(commitment: bigint, balancesHashValue: bigint): bigint {
  return hash([commitment, balancesHashValue]);
}
