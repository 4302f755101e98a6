/**
 * What the page holds between events: the risk table, the validated files, the last margin
 * report and proof, the attestation to submit, the connected engine and sub-accounts router,
 * and the account the page acts as. Kept in this browser.
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
  SubAccountsClient,
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
  /** The SubAccounts router, when its address is given. */
  router?: SubAccountsClient;
  /** The sub-account the page acts as (0 = the signer's main account) and its address. */
  actAs: { index: number; account?: string };
  provider?: BrowserProvider | JsonRpcProvider;
  busy: boolean;
}

export const state: PageState = { busy: false, actAs: { index: 0 } };
