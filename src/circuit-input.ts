/**
 * The exact input of the solvency circuit (PROTOCOL section 8), built from the same integer
 * portfolio, balances and risk table as the reference margin maths, so the circuit proves
 * the figures the margin report shows.
 */
import { InsolventError, OutOfCoverageError } from "./errors";
import { fieldOf } from "./field";
import { PUBLIC_SIGNAL_NAMES } from "./proof";
import { MarginResult, computeMargin } from "./margin";
import { formatMultiplier, money } from "./report";
import {
  IntegerBalances,
  IntegerPortfolio,
  balancesHash,
  positionCommitment,
  stateHash,
} from "./portfolio";
import { RiskTable, instrumentCap, instrumentPath, tierSlots } from "./risk-table";
import {
  EQUITY_COVERAGE_BITS,
  EQUITY_COVERAGE_LIMIT,
  REQ_COVERAGE_BITS,
  REQ_COVERAGE_LIMIT,
  TIER_ABOVE_LIMIT,
} from "./bounds";

/** Circuit input: every value a decimal string of a field element (signed values encoded mod p). */
export interface SolvencyInput {
  stateHash: string;
  riskRoot: string;
  multiplier: string;
  account: string;
  cash: string;
  nonce: string;
  salt: string;
  instrumentId: string[];
  quantity: string[];
  costBasis: string[];
  groupIndex: string[];
  mark: string[];
  floor: string[];
  risk: string[][];
  leafIndex: string[];
  pathElements: string[][];
  liquidityThreshold: string[];
  liquidityCharge: string[];
  excessWitness: string[];
  instrumentCap: string[];
  epoch: string;
  timestamp: string;
  amount: string[];
  token: string[];
  groupTag: string[];
  unitValue: string[][];
  tierGap: string[][];
  tierFactor: string[][];
  groupWitness: string[];
  correlation: string[];
  jointWitness: string;
  scanWitness: string;
}

/** The inputs that are one field element each (a public input is one of them). */
export type ScalarInput = {
  [K in keyof SolvencyInput]: SolvencyInput[K] extends string ? K : never;
}[keyof SolvencyInput];

/** The public signals a proof of `input` will carry, in circuit order. */
export function publicSignalsOf(input: SolvencyInput): string[] {
  return PUBLIC_SIGNAL_NAMES.map((n) => {
    const v: unknown = input[n];
    if (typeof v !== "string") throw new Error(`public input ${n} is not a scalar circuit input`);
    return v;
  });
}

const f = (x: bigint | number): string => fieldOf(BigInt(x)).toString();
const zeros = (n: number): string[] => new Array<string>(n).fill("0");

/**
 * Builds the circuit input of `portfolio` with `balances` against `table` at
 * `multiplierBps`. Does not check solvency: see {@link buildSolvencyInput}.
 */
export function buildCircuitInput(
  table: RiskTable,
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  multiplierBps: bigint,
  margin: MarginResult = computeMargin(table, portfolio, balances.amounts, multiplierBps),
): SolvencyInput {
  const { N, K, G, S, pathLevels } = table.instance;
  checkCoverage(margin);
  const commitment = positionCommitment(portfolio, table.instance);
  const input: SolvencyInput = {
    stateHash: f(stateHash(commitment, balancesHash(balances.amounts))),
    riskRoot: f(table.riskRoot),
    multiplier: f(multiplierBps),
    account: f(portfolio.account),
    cash: f(portfolio.cash),
    nonce: f(portfolio.nonce),
    salt: f(portfolio.salt),
    instrumentId: [],
    quantity: [],
    costBasis: [],
    groupIndex: [],
    mark: [],
    floor: [],
    risk: [],
    leafIndex: [],
    pathElements: [],
    liquidityThreshold: [],
    liquidityCharge: [],
    excessWitness: margin.excessWitnesses.map(f),
    instrumentCap: instrumentCap(table).map(f),
    epoch: f(table.epoch),
    timestamp: f(table.timestamp),
    amount: [],
    token: [],
    groupTag: [],
    unitValue: [],
    tierGap: [],
    tierFactor: [],
    groupWitness: margin.witnesses.map(f),
    correlation: zeros(G),
    jointWitness: f(margin.jointWitness),
    scanWitness: f(margin.scanWitness),
  };
  for (const g of table.groups) input.correlation[g.index] = f(g.correlationBps);
  for (let i = 0; i < N; i++) {
    const p = portfolio.positions[i];
    if (!p) {
      // Empty slot (PROTOCOL section 8): all zero; its Merkle check is off because q = 0.
      input.instrumentId.push("0");
      input.quantity.push("0");
      input.costBasis.push("0");
      input.groupIndex.push("0");
      input.mark.push("0");
      input.floor.push("0");
      input.risk.push(zeros(S));
      input.leafIndex.push("0");
      input.pathElements.push(zeros(pathLevels));
      input.liquidityThreshold.push("0");
      input.liquidityCharge.push("0");
      continue;
    }
    const inst = table.instruments[p.index];
    const path = instrumentPath(table, p.index);
    input.instrumentId.push(f(p.instrumentId));
    input.quantity.push(f(p.q));
    input.costBasis.push(f(p.c));
    input.groupIndex.push(f(inst.groupIndex));
    input.mark.push(f(inst.mark));
    input.floor.push(f(inst.floor));
    input.risk.push(inst.risk.map(f));
    input.leafIndex.push(f(p.index));
    input.pathElements.push(path.pathElements.slice(0, pathLevels).map(f));
    input.liquidityThreshold.push(f(inst.liquidityThreshold));
    input.liquidityCharge.push(f(inst.liquidityCharge));
  }
  for (let j = 0; j < K; j++) {
    const c = table.collateral[j];
    input.amount.push(f(balances.amounts[j] ?? 0n));
    input.token.push(c ? f(c.tokenField) : "0");
    input.groupTag.push(c ? f(c.groupTag) : "0");
    input.unitValue.push(c ? c.unitValues.map(f) : zeros(S));
    const tiers = tierSlots(c ? c.tiers : []);
    input.tierGap.push(tiers.map((t) => f(TIER_ABOVE_LIMIT - t.above)));
    input.tierFactor.push(tiers.map((t) => f(t.factor)));
  }
  if (input.groupWitness.length !== G) throw new RangeError("group witnesses do not match G");
  if (input.excessWitness.length !== N) throw new RangeError("excess witnesses do not match N");
  return input;
}

/**
 * Refuses a portfolio beyond the coverage bounds (every abs(req_{g,s}) < 2^150 V and Equity <
 * 2^150 V, PROTOCOL section 4), which size the circuit's comparisons: the circuit could not
 * prove it.
 */
function checkCoverage(margin: MarginResult): void {
  for (const g of margin.groups) {
    g.req.forEach((r, s) => {
      if ((r < 0n ? -r : r) >= REQ_COVERAGE_LIMIT)
        throw new OutOfCoverageError(
          `group ${g.id}, scenario ${s}: requirement ${money(r)} USD is beyond the circuit's ` +
            `coverage bound 2^${REQ_COVERAGE_BITS} V (about 1.4e15 USD)`,
          g.id,
          s,
        );
    });
  }
  if (margin.equity >= EQUITY_COVERAGE_LIMIT)
    throw new OutOfCoverageError(
      `equity ${money(margin.equity)} USD is beyond the circuit's coverage bound ` +
        `2^${EQUITY_COVERAGE_BITS} V (about 1.4e15 USD)`,
      null,
      null,
    );
}

/**
 * Builds the circuit input and refuses an insolvent portfolio with an
 * {@link InsolventError} that names the binding group and scenario (the circuit would
 * reject the witness anyway; this says why, before any proving work).
 */
export function buildSolvencyInput(
  table: RiskTable,
  portfolio: IntegerPortfolio,
  balances: IntegerBalances,
  multiplierBps: bigint,
): { input: SolvencyInput; margin: MarginResult } {
  const margin = computeMargin(table, portfolio, balances.amounts, multiplierBps);
  if (!margin.solvent) throw new InsolventError(insolvencyReason(margin), margin);
  return { input: buildCircuitInput(table, portfolio, balances, multiplierBps, margin), margin };
}

/** A one-line explanation of why `margin` is insolvent. */
export function insolvencyReason(margin: MarginResult): string {
  const m = formatMultiplier(margin.multiplier, 4);
  if (margin.equity < 0n) return `insolvent: equity ${money(margin.equity)} USD is negative`;
  const required = `${m} x maintenance margin ${money(margin.maintenanceMargin)} USD`;
  if (margin.floor >= margin.scan) {
    return `insolvent: equity ${money(margin.equity)} USD is below ${required} (the per-contract floor ${money(margin.floor)} USD binds)`;
  }
  const worst = [...margin.groups].sort((a, b) => (b.requirement > a.requirement ? 1 : -1))[0];
  return (
    `insolvent: equity ${money(margin.equity)} USD is below ${required}; ` +
    `largest requirement: group ${worst.id}, scenario ${worst.worstScenario} (${worst.worstScenarioLabel}) ` +
    `needs ${money(worst.requirement)} USD`
  );
}
