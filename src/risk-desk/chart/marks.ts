/**
 * Drawing primitives of the risk desk's SVG charts: XML escaping, coordinate formatting, the
 * colour-blind-safe palette (Okabe-Ito), dash patterns and point markers.
 */

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A coordinate with at most 2 decimals, no exponent, no "-0". */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? "0" : String(r);
}

/** Okabe-Ito colours, told apart by people with the common colour-vision deficiencies. */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#000000",
  "#F0E442",
];

export type LineStyle = "solid" | "dashed" | "dotted";
export type Marker = "circle" | "cross" | "square";

export const LINE_STYLES: LineStyle[] = ["solid", "dashed", "dotted"];
export const MARKERS: Marker[] = ["circle", "square", "cross"];

/** The stroke-dasharray attribute of a style ("" for solid). */
export function dashAttr(style: LineStyle): string {
  if (style === "dashed") return ` stroke-dasharray="6 4"`;
  if (style === "dotted") return ` stroke-dasharray="1.5 3"`;
  return "";
}

/** One marker centred at (x, y) with half-size r. */
export function marker(kind: Marker, x: number, y: number, color: string, r = 3): string {
  if (kind === "square")
    return `<rect x="${num(x - r)}" y="${num(y - r)}" width="${num(2 * r)}" height="${num(2 * r)}" fill="${color}"/>`;
  if (kind === "cross")
    return (
      `<path d="M${num(x - r)} ${num(y - r)}L${num(x + r)} ${num(y + r)}` +
      `M${num(x - r)} ${num(y + r)}L${num(x + r)} ${num(y - r)}" stroke="${color}" stroke-width="1.5" fill="none"/>`
    );
  return `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${color}"/>`;
}

/** A hatch pattern (id `hatch<i>`) telling the i-th bar series apart without colour. */
export function hatchPattern(i: number, color: string): string {
  const angle = [0, 45, -45, 90][i % 4];
  return (
    `<pattern id="hatch${i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})">` +
    `<rect width="6" height="6" fill="${color}" fill-opacity="${i % 4 === 0 ? 0.8 : 0.35}"/>` +
    (i % 4 === 0 ? "" : `<line x1="0" y1="0" x2="0" y2="6" stroke="${color}" stroke-width="2"/>`) +
    `</pattern>`
  );
}
