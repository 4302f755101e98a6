/**
 * The market the loaded risk table was built from, which the distance to insolvency re-runs
 * the margin maths on: fetched by URL (config.json's marketUrl, or typed in), compiled at the
 * risk table's instance (buildRiskTable(parseMarket(...))) and accepted only when its risk
 * root equals the loaded risk table's (the SDK compiles bit for bit alike in every engine:
 * src/libm.ts); a refusal names the first field that differs. Re-checked whenever the risk
 * table changes.
 */
import { type Market, type RiskTable, buildRiskTable, parseMarket } from "../../src/browser";
import { describe, input, say } from "../dom";
import { parseJsonText } from "../files";
import { state } from "../state";
import { firstDifference } from "./same-table";

/** A market accepted for the loaded risk table. */
export interface CheckedMarket {
  /** The JSON text as fetched (the worker parses it again). */
  text: string;
  name: string;
  market: Market;
  table: RiskTable;
}

let fetched: { text: string; name: string; json: unknown } | undefined;
let checked: CheckedMarket | undefined;
let checkedFor: RiskTable | undefined;

const short = (root: bigint) => `${root.toString().slice(0, 18)}…`;

/** Checks the fetched market against the risk table now loaded; says the outcome. */
function check(): CheckedMarket | undefined {
  checked = undefined;
  checkedFor = state.table;
  if (!fetched) return undefined;
  const table = state.table;
  if (!table) {
    say("market-message", "Fetch the risk table first: the market is checked against it.", "info");
    return undefined;
  }
  try {
    const market = parseMarket(fetched.json, fetched.name);
    const mine = buildRiskTable(market, table.instance.name, fetched.name);
    if (mine.riskRoot !== table.riskRoot) {
      say(
        "market-message",
        `${fetched.name} refused: it builds risk root ${short(mine.riskRoot)}, not the loaded risk ` +
          `table's ${short(table.riskRoot)} (epoch ${table.epoch}; first difference: ` +
          `${firstDifference(mine, table) ?? "none outside the roots"}). The distances need the market this risk table was built from.`,
        "error",
      );
      return undefined;
    }
    checked = { text: fetched.text, name: fetched.name, market, table };
    say(
      "market-message",
      `${fetched.name}: epoch ${market.epoch}, ${market.groups.length} groups; it builds the loaded risk table (same risk root).`,
      "ok",
    );
    return checked;
  } catch (e) {
    say("market-message", describe(e), "error");
    return undefined;
  }
}

/** The accepted market of the loaded risk table, or undefined. */
export function currentMarket(): CheckedMarket | undefined {
  if (checkedFor !== state.table) return check();
  return checked;
}

/** Fetches the market at the URL typed in, then checks it; `changed` after either. */
export async function fetchMarket(changed: () => void): Promise<void> {
  const url = input("market-url").value.trim();
  fetched = undefined;
  checked = undefined;
  checkedFor = undefined;
  if (!url) {
    say("market-message", "market.json URL: must not be empty", "error");
    changed();
    return;
  }
  say("market-message", `fetching ${url} …`, "info");
  try {
    const res = await fetch(new URL(url, document.baseURI), { cache: "no-cache" });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
    const name = url.split("/").pop() || "market.json";
    const text = await res.text();
    fetched = { text, name, json: parseJsonText(text, name) };
    check();
  } catch (e) {
    say("market-message", describe(e), "error");
  }
  changed();
}
