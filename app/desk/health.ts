/**
 * "Health at a glance" (issue 17 point 2), inside the margin report: a gauge of margin usage
 * (MM / equity) with the maintenance and initial thresholds marked (./params.ts: the engine's
 * multipliers once connected, else the multiplier field and the default initial multiplier),
 * the validity tier the book meets (src/chain/tiers.ts pickTier, when the engine has tiers),
 * and what binds in words (bindingOf + the scenario labels of src/report/scenario-label.ts).
 * The gauge is a role="meter" with a value text and a figure beside it; thresholds carry a
 * letter and a line style, zones a fill pattern and a sentence, so nothing depends on colour.
 * Fixed size: the same nodes are refilled on every "report" event.
 */
import {
  type MarginResult,
  type ValidityTier,
  bindingOf,
  formatMultiplier,
  formatScaled,
  pickTier,
  solventAt,
} from "../../src/browser";
import type { AppConfig } from "../config";
import { el, h } from "../dom";
import { on } from "../events";
import { state } from "../state";
import { ttlText } from "../time";
import { type Multipliers, multipliers, onMultipliers } from "./params";
import { bindingText } from "./words";

/** The gauge's scale: 0 to 120 % usage. */
const SCALE_BPS = 12_000n;

/** Margin usage MM / equity in basis points (truncated), null when equity <= 0 and MM > 0. */
export function usageBps(m: { equity: bigint; maintenanceMargin: bigint }): bigint | null {
  if (m.maintenanceMargin === 0n) return 0n;
  if (m.equity <= 0n) return null;
  return (10_000n * m.maintenanceMargin) / m.equity;
}

/** The usage at which a multiplier stops being met: 1 / M, as a percent with 2 decimals. */
export function thresholdText(multiplierBps: bigint): string {
  return `${formatScaled(10n ** 12n / multiplierBps, 6, 2)}%`;
}

/** Left offset of a usage on the gauge, in percent of its width (drawing only). */
const at = (bps: bigint): string =>
  `${Math.min(100, (Number(bps) / Number(SCALE_BPS)) * 100).toFixed(2)}%`;

interface Mark {
  name: string;
  letter: string;
  multiplier: bigint;
  style: "solid" | "dashed" | "dotted";
}

function marksOf(mult: Multipliers): Mark[] {
  const marks: Mark[] = [
    { name: "maintenance", letter: "M", multiplier: mult.maintenance, style: "solid" },
    { name: "initial", letter: "I", multiplier: mult.initial, style: "dashed" },
  ];
  (mult.tiers ?? []).forEach((t, i) => {
    if (i > 0)
      marks.push({
        name: `tier-${i}`,
        letter: String(i),
        multiplier: t.multiplier,
        style: "dotted",
      });
  });
  return marks;
}

/** The zone of the book, in words: decided by the circuit's check, not by the rounded usage. */
function zoneOf(m: MarginResult, mult: Multipliers): { zone: string; text: string } {
  const x = (b: bigint) => `×${formatMultiplier(b, 1)}`;
  if (!solventAt(m, mult.maintenance))
    return {
      zone: "insolvent",
      text: `Over the maintenance threshold: insolvent at ${x(mult.maintenance)}.`,
    };
  if (!solventAt(m, mult.initial))
    return {
      zone: "below-initial",
      text: `Between the thresholds: solvent at ${x(mult.maintenance)}, not at the initial ${x(mult.initial)}.`,
    };
  return {
    zone: "ok",
    text: `Within the initial threshold: solvent at ${x(mult.initial)} and at ${x(mult.maintenance)}.`,
  };
}

function tierText(m: MarginResult, tiers: ValidityTier[] | null): { tier: string; text: string } {
  if (!tiers)
    return {
      tier: "",
      text: "Validity tier: connect to the engine (section 6) to see the tier this book meets.",
    };
  const t = pickTier(m, tiers);
  if (t === null)
    return {
      tier: "none",
      text: "Validity tier: none (not even tier 0, the maintenance multiplier).",
    };
  const tier = tiers[t];
  return {
    tier: String(t),
    text:
      `Validity tier ${t} (×${formatMultiplier(tier.multiplier, 1)}), the highest this book meets: ` +
      `a renewal now is valid ${ttlText(tier.ttl)} after its epoch.`,
  };
}

function render(): void {
  const m = state.margin;
  const table = state.table;
  const mult = multipliers();
  const box = el("health");
  box.hidden = !m || !table || !mult;
  if (!m || !table || !mult) return;
  const usage = usageBps(m);
  const usageText = usage === null ? "over 100%" : `${formatScaled(usage, 2, 2)}%`;
  const marks = marksOf(mult);
  const zone = zoneOf(m, mult);
  const gauge = el("health-gauge");
  const now = usage === null || usage > SCALE_BPS ? SCALE_BPS : usage;
  gauge.setAttribute("aria-valuenow", formatScaled(now, 2));
  gauge.setAttribute(
    "aria-valuetext",
    `${usageText} of equity used by the maintenance margin${usage === null ? " (equity is not positive)" : ""}; ` +
      marks.map((k) => `${k.name} threshold at ${thresholdText(k.multiplier)}`).join(", "),
  );
  gauge.dataset.zone = zone.zone;
  gauge.dataset.usageBps = usage === null ? "" : usage.toString();
  el("health-fill").style.width = at(now);
  gauge.querySelectorAll(".gauge-mark").forEach((n) => n.remove());
  for (const k of marks)
    gauge.append(
      h(
        "span",
        {
          class: `gauge-mark ${k.style}`,
          "data-mark": k.name,
          style: `left: ${at(10n ** 8n / k.multiplier)}`,
          "aria-hidden": "true",
        },
        h("span", { class: "gauge-letter" }, k.letter),
      ),
    );
  el("health-usage").textContent = usageText;
  const tiers = marks.filter((k) => k.name.startsWith("tier-"));
  el("health-thresholds").replaceChildren(
    ...marks
      .filter((k) => !k.name.startsWith("tier-"))
      .map((k) =>
        h(
          "li",
          { "data-threshold": k.name, "data-multiplier": k.multiplier.toString() },
          h("span", { class: `swatch ${k.style}`, "aria-hidden": "true" }),
          `${k.letter}: ${k.name} ×${formatMultiplier(k.multiplier, 1)}, met up to ${thresholdText(k.multiplier)} usage` +
            (mult.source === "engine"
              ? " (the engine's)"
              : k.name === "initial"
                ? " (default)"
                : ""),
        ),
      ),
    h(
      "li",
      { "data-threshold": "tiers" },
      h("span", { class: "swatch dotted", "aria-hidden": "true" }),
      tiers.length === 0
        ? "1, 2…: validity tiers (from the engine, once connected)"
        : tiers
            .map(
              (k) =>
                `${k.letter}: tier ${k.letter} ×${formatMultiplier(k.multiplier, 1)} up to ${thresholdText(k.multiplier)}`,
            )
            .join("; "),
    ),
  );
  const z = el("health-zone");
  z.textContent = zone.text;
  z.dataset.zone = zone.zone;
  const t = tierText(m, mult.tiers);
  el("health-tier").textContent = t.text;
  el("health-tier").dataset.tier = t.tier;
  el("health-binding-label").textContent = bindingText(table, bindingOf(m));
}

/** Builds the block once (fixed size); refills it after every report and engine change. */
export function initHealth(_cfg: AppConfig): void {
  const box = el("health");
  box.className = "health";
  box.hidden = true;
  box.replaceChildren(
    h("h3", {}, "Health at a glance"),
    h(
      "div",
      { class: "gauge-row" },
      h(
        "div",
        {
          id: "health-gauge",
          class: "gauge",
          role: "meter",
          "aria-labelledby": "health-usage-label",
          "aria-valuemin": "0",
          "aria-valuemax": formatScaled(SCALE_BPS, 2),
        },
        h("span", { id: "health-fill", class: "gauge-fill" }),
      ),
      h(
        "p",
        { class: "gauge-figure" },
        h("span", { id: "health-usage-label" }, "Margin usage (MM / equity)"),
        " ",
        h("strong", { id: "health-usage" }),
      ),
    ),
    h("ul", { id: "health-thresholds", class: "gauge-legend" }),
    h("p", { id: "health-zone", class: "health-line" }),
    h("p", { id: "health-tier", class: "health-line" }),
    h("p", { class: "health-line" }, "Binds: ", h("span", { id: "health-binding-label" })),
  );
  on("report", render);
  onMultipliers(render);
}
