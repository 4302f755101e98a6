/**
 * The distance-to-insolvency table of section 4: for each group alone and all groups
 * together, down and up, the first insolvent price move at the maintenance and at the initial
 * multiplier, with the moved prices and what binds there. Computed by the SDK's
 * distancesToInsolvency in a Web Worker (./whatif-worker.ts; about half a second per book on
 * the page's thread otherwise); the last table stays in place, marked busy, while it runs.
 */
import {
  type Crossing,
  type DistanceReport,
  type RiskTable,
  formatMultiplier,
  formatScaled,
  money,
} from "../../src/browser";
import { el, h, say } from "../dom";
import { state } from "../state";
import type { DistanceRequest, DistanceResponse } from "./distance-messages";
import type { CheckedMarket } from "./market";
import type { Multipliers } from "./params";
import { bindingText } from "./words";

/** A signed move in percent: "-16.54%", "+26%" (the CLI's wording). */
export const pct = (bps: number): string => `${bps > 0 ? "+" : ""}${formatScaled(BigInt(bps), 2)}%`;

const bigintKey = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

let worker: Worker | undefined;
let running: number | undefined;
let seq = 0;
let shownKey = "";
let wantedKey = "";

function cell(table: RiskTable, c: Crossing, set: string, multiplier: bigint): HTMLElement {
  const attrs: Record<string, string> = {
    "data-set": set,
    "data-direction": c.direction,
    "data-multiplier": multiplier.toString(),
    "data-status": c.status,
    "data-move-bps": c.moveBps === null ? "" : String(c.moveBps),
    "data-last-solvent-bps": c.lastSolventBps === null ? "" : String(c.lastSolventBps),
  };
  if (c.status === "none") return h("td", attrs, `none to ${pct(c.limitBps as number)}`);
  if (c.status === "out-of-bounds")
    return h("td", attrs, `table out of bounds at ${pct(c.limitBps as number)}`);
  const there =
    c.equity === null || c.maintenanceMargin === null
      ? ""
      : `equity ${money(c.equity)} USD, MM ${money(c.maintenanceMargin)} USD`;
  attrs.title = there;
  const prices = Object.entries(c.prices ?? {})
    .map(([g, p]) => `${g} ${p}`)
    .join(", ");
  return h(
    "td",
    attrs,
    h(
      "strong",
      { class: "move" },
      c.status === "insolvent-now" ? "insolvent now" : pct(c.moveBps as number),
    ),
    h("span", { class: "prices" }, prices),
    h(
      "span",
      { class: "binds" },
      c.binding ? `binds: ${bindingText(table, c.binding, c.prices)}` : "",
    ),
    h("span", { class: "there" }, there),
  );
}

/** The table of both reports (maintenance first, initial second). */
function tableOf(table: RiskTable, mm: DistanceReport, im: DistanceReport): HTMLTableElement {
  const x = (r: DistanceReport) => `×${formatMultiplier(r.multiplier, 1)}`;
  const head = [
    "Groups moved",
    `Down, ${x(mm)} (maintenance)`,
    `Down, ${x(im)} (initial)`,
    `Up, ${x(mm)} (maintenance)`,
    `Up, ${x(im)} (initial)`,
  ];
  return h(
    "table",
    { class: "data distance", id: "wi-distance-table" },
    h(
      "caption",
      {},
      "First insolvent price move (the account is solvent 1 bp closer to 0), the prices there and what binds",
    ),
    h("thead", {}, h("tr", {}, ...head.map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...mm.rows.map((row, i) => {
        const ir = im.rows[i];
        return h(
          "tr",
          { "data-set": row.set },
          h("th", { scope: "row" }, row.set === "all" ? "all groups together" : `${row.set} alone`),
          cell(table, row.down, row.set, mm.multiplier),
          cell(table, ir.down, row.set, im.multiplier),
          cell(table, row.up, row.set, mm.multiplier),
          cell(table, ir.up, row.set, im.multiplier),
        );
      }),
    ),
  );
}

function busy(on: boolean): void {
  const box = el("wi-distance");
  box.setAttribute("aria-busy", String(on));
  box.classList.toggle("stale", on);
  el("wi-distance-progress").style.visibility = on ? "visible" : "hidden";
}

function show(req: DistanceRequest, r: DistanceResponse, table: RiskTable, key: string): void {
  running = undefined;
  busy(false);
  if (!r.ok) {
    say("wi-distance-status", `Distance to insolvency: ${r.error}`, "error");
    el("wi-distance").replaceChildren();
    shownKey = "";
    return;
  }
  const [mm, im] = r.reports;
  el("wi-distance").replaceChildren(tableOf(table, mm, im));
  el("wi-distance").dataset.ms = String(r.ms);
  shownKey = key;
  say(
    "wi-distance-status",
    `Computed in a Web Worker in ${r.ms} ms (${mm.compilations} sub-market compilations, ` +
      `${req.portfolio.positions.length} positions).`,
    "ok",
  );
}

function start(req: DistanceRequest, table: RiskTable, key: string): void {
  if (running !== undefined) {
    worker?.terminate(); // a newer book replaces the running scan
    worker = undefined;
  }
  if (!worker) {
    worker = new Worker(new URL("whatif-worker.js", document.baseURI));
    worker.onerror = (ev) => {
      ev.preventDefault();
      running = undefined;
      busy(false);
      worker = undefined;
      wantedKey = "";
      say("wi-distance-status", "The what-if worker (whatif-worker.js) could not run.", "error");
    };
  }
  worker.onmessage = (ev: MessageEvent<DistanceResponse>) => {
    if (ev.data.id === running) show(req, ev.data, table, key);
  };
  running = req.id;
  busy(true);
  say("wi-distance-status", "Scanning price moves in a Web Worker …", "info");
  worker.postMessage(req);
}

/** Recomputes the table when the book, the market or the multipliers changed. */
export function updateDistances(
  market: CheckedMarket | undefined,
  mult: Multipliers | undefined,
): void {
  const { portfolio, balances } = state;
  if (!market || !mult || !portfolio || !balances || !state.margin) {
    if (running !== undefined) {
      worker?.terminate();
      worker = undefined;
      running = undefined;
    }
    busy(false);
    shownKey = wantedKey = "";
    el("wi-distance").replaceChildren(
      h(
        "p",
        { class: "hint" },
        market
          ? "Load the book (section 2) for its distances."
          : "Fetch the market the risk table was built from (above) for the distances.",
      ),
    );
    say("wi-distance-status", "");
    return;
  }
  const multipliers = [mult.maintenance, mult.initial];
  const key = JSON.stringify(
    [market.table.riskRoot, portfolio, balances.amounts, multipliers],
    bigintKey,
  );
  if (key === shownKey || key === wantedKey) return;
  wantedKey = key;
  const req: DistanceRequest = {
    id: ++seq,
    marketText: market.text,
    marketName: market.name,
    instance: market.table.instance.name,
    portfolio,
    balances,
    multipliers,
  };
  start(req, market.table, key);
}
