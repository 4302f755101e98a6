/**
 * What the page holds between events: the risk table, the validated files, the last margin
 * report and proof, the attestation to submit and the connected engine. Kept in this browser.
 */
import type { BrowserProvider, JsonRpcProvider } from "ethers";
import type {
  Attestation,
  IntegerBalances,
  IntegerPortfolio,
  MarginEngineClient,
  MarginResult,
  ProofFile,
  RiskTable,
} from "../src/browser";

export interface PageState {
  table?: RiskTable;
  portfolio?: IntegerPortfolio;
  balances?: IntegerBalances;
  margin?: MarginResult;
  proof?: ProofFile;
  attestation?: Attestation;
  engine?: MarginEngineClient;
  signerAddress?: string;
  provider?: BrowserProvider | JsonRpcProvider;
  busy: boolean;
}

export const state: PageState = { busy: false };
