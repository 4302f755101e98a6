/** /config.json written by `zkmargin app` (every field optional): the page's settings. */
export interface AppConfig {
  rpcUrl?: string | null;
  engine?: string | null;
  subAccounts?: string | null;
  riskUrl?: string | null;
  /** The market the current risk table was built from (what-if re-runs the maths on it). */
  marketUrl?: string | null;
  account?: string | null;
  local?: boolean;
  examples?: { portfolio: string; balances: string } | null;
}
