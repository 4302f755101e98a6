/**
 * The risk desk's charts as self-contained SVG: no scripts, no external fonts or images
 * (generic `sans-serif`), deterministic bytes for the same spec. Labelled axes with tick
 * values (numbers as 1.2k / 0.05, unix-second times as YYYY-MM-DD UTC), a legend, series told
 * apart by dash pattern, marker or hatch as well as by colour (Okabe-Ito palette), a <title>
 * per series group (and per point for point and bar series of up to 500 points) for hover.
 *
 * x kinds: "number"; "time" (unix seconds); "category" (x = index into `categories`).
 * Bars start at y = 0 (the y axis always includes 0 when a bar series is present); bars of
 * several series at the same x are drawn side by side. Non-finite points are skipped.
 * Defaults: 800 x 450 pixels; line styles cycle solid, dashed, dotted; markers of point
 * series cycle circle, square, cross.
 */

import { ArgumentError } from "../../errors";
import {
  formatDate,
  formatNumberTicks,
  formatTimeTicks,
  linearTicks,
  timeTicks,
  type Ticks,
} from "./axis";
import {
  LINE_STYLES,
  MARKERS,
  PALETTE,
  dashAttr,
  escapeXml,
  hatchPattern,
  marker,
  num,
  type LineStyle,
  type Marker,
} from "./marks";

export interface ChartSeries {
  name: string;
  kind: "line" | "bar" | "points";
  points: [number, number][];
  style?: LineStyle;
  marker?: Marker;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  x: "time" | "number" | "category";
  categories?: string[];
  series: ChartSeries[];
  hLines?: { y: number; label: string }[];
  width?: number;
  height?: number;
}

const FONT = `font-family="sans-serif"`;
const MAX_POINT_TITLES = 500;
const CHAR_W = 6.5; // approximate width of a 11px sans-serif character

interface Drawn {
  s: ChartSeries;
  i: number;
  color: string;
  style: LineStyle;
  marker?: Marker;
  bar: number; // index among bar series, -1 otherwise
  pts: [number, number][];
}

interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
  x: (v: number) => number;
  y: (v: number) => number;
}

function validate(spec: ChartSpec): void {
  if (spec.x === "category" && !spec.categories)
    throw new ArgumentError("categories", "required when x is category");
  const w = spec.width ?? 800;
  const h = spec.height ?? 450;
  if (!(w >= 200 && w <= 10000)) throw new ArgumentError("width", "must be 200..10000");
  if (!(h >= 150 && h <= 10000)) throw new ArgumentError("height", "must be 150..10000");
}

function prepare(spec: ChartSpec): Drawn[] {
  let bars = 0;
  let lines = 0;
  let marks = 0;
  return spec.series.map((s, i) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const style = s.style ?? (s.kind === "line" ? LINE_STYLES[lines++ % 3] : "solid");
    const mk = s.marker ?? (s.kind === "points" ? MARKERS[marks++ % 3] : undefined);
    const bar = s.kind === "bar" ? bars++ : -1;
    return { s, i, color: PALETTE[i % PALETTE.length], style, marker: mk, bar, pts };
  });
}

function xTicks(spec: ChartSpec, drawn: Drawn[]): { ticks: Ticks; labels: string[] } {
  if (spec.x === "category") {
    const cats = spec.categories ?? [];
    const values = cats.map((_, k) => k);
    const ticks = { min: -0.5, max: Math.max(0, cats.length - 1) + 0.5, step: 1, values };
    return { ticks, labels: cats };
  }
  const xs = drawn.flatMap((d) => d.pts.map((p) => p[0]));
  let [lo, hi] = xs.length ? extent(xs) : [0, 1];
  if (drawn.some((d) => d.bar >= 0) && xs.length) {
    const half = minSpacing(xs) / 2;
    lo -= half;
    hi += half;
  }
  if (spec.x === "time") {
    const ticks = timeTicks(lo, hi);
    return { ticks, labels: formatTimeTicks(ticks) };
  }
  const ticks = linearTicks(lo, hi);
  return { ticks, labels: formatNumberTicks(ticks) };
}

/** [min, max] of a non-empty array (a loop: spreading 1e5+ values overflows the stack). */
function extent(xs: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

function minSpacing(xs: number[]): number {
  const u = [...new Set(xs)].sort((a, b) => a - b);
  let m = Infinity;
  for (let k = 1; k < u.length; k++) m = Math.min(m, u[k] - u[k - 1]);
  return Number.isFinite(m) ? m : 1;
}

function yTicks(spec: ChartSpec, drawn: Drawn[]): Ticks {
  const ys = drawn.flatMap((d) => d.pts.map((p) => p[1]));
  for (const h of spec.hLines ?? []) if (Number.isFinite(h.y)) ys.push(h.y);
  if (drawn.some((d) => d.bar >= 0)) ys.push(0);
  if (!ys.length) return linearTicks(0, 1);
  return linearTicks(...extent(ys));
}

/** Legend entries laid out in rows under the x-axis label; returns the rows' height. */
function legend(
  drawn: Drawn[],
  x0: number,
  y0: number,
  width: number,
): { svg: string[]; height: number } {
  const out: string[] = [];
  let x = x0;
  let y = y0;
  for (const d of drawn) {
    const w = 34 + d.s.name.length * CHAR_W + 18;
    if (x > x0 && x + w > x0 + width) {
      x = x0;
      y += 18;
    }
    const cy = y - 4;
    let sym: string;
    if (d.s.kind === "bar")
      sym = `<rect x="${num(x)}" y="${num(cy - 6)}" width="26" height="12" fill="url(#hatch${d.bar})" stroke="${d.color}"/>`;
    else {
      sym =
        d.s.kind === "line"
          ? `<line x1="${num(x)}" y1="${num(cy)}" x2="${num(x + 26)}" y2="${num(cy)}" stroke="${d.color}" stroke-width="2"${dashAttr(d.style)}/>`
          : "";
      if (d.marker) sym += marker(d.marker, x + 13, cy, d.color);
    }
    out.push(
      `<g class="legend-entry">${sym}<text x="${num(x + 32)}" y="${num(y)}" ${FONT} font-size="11">${escapeXml(d.s.name)}</text></g>`,
    );
    x += w;
  }
  return { svg: out, height: drawn.length ? y - y0 + 18 : 0 };
}

function drawSeries(d: Drawn, f: Frame, nBars: number, barSlot: number): string {
  const title = `<title>${escapeXml(d.s.name)}</title>`;
  const pointTitles = d.pts.length <= MAX_POINT_TITLES;
  const parts: string[] = [];
  if (d.s.kind === "line" && d.pts.length) {
    const path = d.pts.map(([x, y], k) => `${k ? "L" : "M"}${num(f.x(x))} ${num(f.y(y))}`).join("");
    parts.push(
      `<path d="${path}" fill="none" stroke="${d.color}" stroke-width="1.5"${dashAttr(d.style)}/>`,
    );
  }
  if (d.s.kind === "bar") {
    const w = Math.max(1, (barSlot * 0.8) / nBars);
    const y0 = f.y(0);
    for (const [x, y] of d.pts) {
      const px = f.x(x) - (barSlot * 0.8) / 2 + d.bar * w;
      const top = Math.min(y0, f.y(y));
      const h = Math.abs(f.y(y) - y0);
      const t = pointTitles ? `<title>${escapeXml(`${d.s.name}: ${y}`)}</title>` : "";
      parts.push(
        `<rect x="${num(px)}" y="${num(top)}" width="${num(w)}" height="${num(h)}" fill="url(#hatch${d.bar})" stroke="${d.color}" stroke-width="0.5">${t}</rect>`,
      );
    }
  }
  if (d.marker && d.s.kind !== "bar")
    for (const [x, y] of d.pts) {
      const m = marker(d.marker, f.x(x), f.y(y), d.color);
      parts.push(
        pointTitles && d.s.kind === "points"
          ? `<g>${m}<title>${escapeXml(`${d.s.name}: ${y}`)}</title></g>`
          : m,
      );
    }
  return `<g class="series">${title}${parts.join("")}</g>`;
}

/** Longest category label drawn (longer ones end in an ellipsis; the full text is its title). */
const MAX_CATEGORY_CHARS = 28;
/** Angle of category labels too wide for their slot. */
const CATEGORY_ANGLE = 35;

/**
 * How the x tick labels fit: category labels wider than their slot are shortened to
 * {@link MAX_CATEGORY_CHARS} and turned by {@link CATEGORY_ANGLE} degrees; `extra` is the
 * height they need below the usual tick-label row.
 */
function xLabelLayout(
  spec: ChartSpec,
  labels: readonly string[],
  plotWidth: number,
): { shown: string[]; rotate: boolean; extra: number } {
  if (spec.x !== "category" || labels.length === 0)
    return { shown: [...labels], rotate: false, extra: 0 };
  const shown = labels.map((l) =>
    l.length > MAX_CATEGORY_CHARS ? l.slice(0, MAX_CATEGORY_CHARS - 1) + "\u2026" : l,
  );
  const widest = Math.max(...shown.map((l) => l.length)) * CHAR_W;
  if (widest <= plotWidth / labels.length - 6) return { shown, rotate: false, extra: 0 };
  const extra = Math.ceil(widest * Math.sin((CATEGORY_ANGLE * Math.PI) / 180));
  return { shown, rotate: true, extra };
}

/** Renders `spec` as a standalone SVG document (see the module comment). */
export function renderSvgChart(spec: ChartSpec): string {
  validate(spec);
  const width = spec.width ?? 800;
  const height = spec.height ?? 450;
  const drawn = prepare(spec);
  const xt = xTicks(spec, drawn);
  const yt = yTicks(spec, drawn);
  const yLabels = formatNumberTicks(yt);
  const widest = Math.max(...yLabels.map((l) => l.length));
  let left = 34 + widest * CHAR_W;
  const right = width - 20;
  const xl = xLabelLayout(spec, xt.labels, right - left);
  if (xl.rotate) {
    // the first turned label reaches left of its tick (half a slot in from the frame)
    const first = xl.shown[0].length * CHAR_W * Math.cos((CATEGORY_ANGLE * Math.PI) / 180);
    const slot = (right - left) / xt.labels.length;
    left = Math.max(left, Math.ceil(first - slot / 2 + 8));
  }
  const lg = legend(drawn, left, 0, right - left);
  const top = 44;
  const bottom = height - 58 - lg.height - xl.extra;
  const f: Frame = {
    left,
    top,
    right,
    bottom,
    x: (v) => left + ((v - xt.ticks.min) / (xt.ticks.max - xt.ticks.min || 1)) * (right - left),
    y: (v) => bottom - ((v - yt.min) / (yt.max - yt.min || 1)) * (bottom - top),
  };
  const o: string[] = [];
  o.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
  );
  o.push(`<title>${escapeXml(spec.title)}</title>`);
  o.push(
    `<defs>${drawn
      .filter((d) => d.bar >= 0)
      .map((d) => hatchPattern(d.bar, d.color))
      .join("")}</defs>`,
  );
  o.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  o.push(
    `<text x="${num(width / 2)}" y="24" ${FONT} font-size="15" font-weight="bold" text-anchor="middle">${escapeXml(spec.title)}</text>`,
  );
  // grid, ticks and tick labels
  o.push(`<g class="y-axis" ${FONT} font-size="11" text-anchor="end">`);
  yt.values.forEach((v, k) => {
    const y = num(f.y(v));
    o.push(`<line x1="${num(left)}" y1="${y}" x2="${num(right)}" y2="${y}" stroke="#e0e0e0"/>`);
    o.push(`<text x="${num(left - 6)}" y="${y}" dy="4">${escapeXml(yLabels[k])}</text>`);
  });
  o.push(`</g>`);
  o.push(`<g class="x-axis" ${FONT} font-size="11" text-anchor="middle">`);
  xt.ticks.values.forEach((v, k) => {
    const x = num(f.x(v));
    o.push(
      `<line x1="${x}" y1="${num(bottom)}" x2="${x}" y2="${num(bottom + 5)}" stroke="#000000"/>`,
    );
    const full = xt.labels[k];
    const tip = xl.shown[k] === full ? "" : `<title>${escapeXml(full)}</title>`;
    o.push(
      xl.rotate
        ? `<text x="${x}" y="${num(bottom + 14)}" text-anchor="end" transform="rotate(-${CATEGORY_ANGLE} ${x} ${num(bottom + 14)})">${tip}${escapeXml(xl.shown[k])}</text>`
        : `<text x="${x}" y="${num(bottom + 18)}">${tip}${escapeXml(xl.shown[k])}</text>`,
    );
  });
  o.push(`</g>`);
  o.push(
    `<rect x="${num(left)}" y="${num(top)}" width="${num(right - left)}" height="${num(bottom - top)}" fill="none" stroke="#000000"/>`,
  );
  // axis labels
  o.push(
    `<text x="${num((left + right) / 2)}" y="${num(bottom + 38 + xl.extra)}" ${FONT} font-size="12" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
  );
  const yMid = num((top + bottom) / 2);
  o.push(
    `<text x="14" y="${yMid}" ${FONT} font-size="12" text-anchor="middle" transform="rotate(-90 14 ${yMid})">${escapeXml(spec.yLabel)}</text>`,
  );
  // series
  const nBars = drawn.filter((d) => d.bar >= 0).length;
  const barXs = drawn.filter((d) => d.bar >= 0).flatMap((d) => d.pts.map((p) => p[0]));
  const slot = spec.x === "category" ? 1 : minSpacing(barXs);
  const barSlot = Math.abs(f.x(slot) - f.x(0));
  for (const d of drawn) o.push(drawSeries(d, f, Math.max(1, nBars), barSlot));
  // horizontal reference lines
  for (const h of spec.hLines ?? []) {
    if (!Number.isFinite(h.y)) continue;
    const y = num(f.y(h.y));
    o.push(
      `<g class="hline"><title>${escapeXml(h.label)}</title><line x1="${num(left)}" y1="${y}" x2="${num(right)}" y2="${y}" stroke="#444444" stroke-width="1" stroke-dasharray="8 3 2 3"/>` +
        `<text x="${num(right - 4)}" y="${y}" dy="-4" ${FONT} font-size="11" text-anchor="end" fill="#444444">${escapeXml(h.label)}</text></g>`,
    );
  }
  // legend
  const shift = bottom + 58 + xl.extra;
  o.push(`<g class="legend" transform="translate(0 ${num(shift)})">${lg.svg.join("")}</g>`);
  o.push(`</svg>`);
  return o.join("\n") + "\n";
}

/** Re-exported for labels elsewhere (reports): a unix time as YYYY-MM-DD. */
export { formatDate };
