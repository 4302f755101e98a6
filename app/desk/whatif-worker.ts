/**
 * The distance-to-insolvency Web Worker (built into build/app/whatif-worker.js): parses the
 * market and runs the SDK's distancesToInsolvency (src/margin/whatif/distance.ts) off the
 * page's thread, which it would otherwise block for about half a second per book.
 */
import { distancesToInsolvency } from "../../src/margin/whatif/distance";
import { parseMarket } from "../../src/schema";
import type { DistanceRequest, DistanceResponse } from "./distance-messages";

interface WorkerScope {
  onmessage: ((ev: MessageEvent<DistanceRequest>) => void) | null;
  postMessage(message: DistanceResponse): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (ev) => {
  const r = ev.data;
  const t0 = performance.now();
  try {
    const market = parseMarket(JSON.parse(r.marketText), r.marketName);
    const reports = distancesToInsolvency(
      market,
      r.instance,
      r.portfolio,
      r.balances,
      r.multipliers,
    );
    scope.postMessage({ id: r.id, ok: true, reports, ms: Math.round(performance.now() - t0) });
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    scope.postMessage({ id: r.id, ok: false, error: message });
  }
};
