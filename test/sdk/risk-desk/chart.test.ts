import { expect } from "chai";
import { renderSvgChart, type ChartSpec } from "../../../src/risk-desk/chart/svg";
import {
  formatDate,
  formatNumberTicks,
  linearTicks,
  timeTicks,
} from "../../../src/risk-desk/chart/axis";

/**
 * A tiny XML well-formedness check (no dependency): every tag balanced and properly nested,
 * attribute values quoted, no raw `<` or unescaped `&` in text or attributes.
 */
function checkXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const text = (s: string) => {
    expect(s, "raw < or > in text").to.not.match(/[<>]/);
    expect(s, "bad entity").to.not.match(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  };
  while ((m = tag.exec(xml))) {
    text(xml.slice(last, m.index));
    last = tag.lastIndex;
    const [, close, name, attrs, self] = m;
    for (const a of attrs.matchAll(/="([^"]*)"/g)) text(a[1]);
    names.push(name);
    if (close) expect(stack.pop(), `closing </${name}>`).to.equal(name);
    else if (!self) stack.push(name);
  }
  text(xml.slice(last));
  expect(stack, "unclosed tags").to.deep.equal([]);
  return names;
}

const T0 = 1735689600;
const spec = (): ChartSpec => ({
  title: "Returns <BTC> & the scan range",
  xLabel: "time (UTC)",
  yLabel: "return over the horizon",
  x: "time",
  series: [
    {
      name: "BTC 1-day return",
      kind: "line",
      points: Array.from({ length: 200 }, (_, i) => [T0 + i * 3600, 0.05 * Math.sin(i / 9)]),
    },
    { name: "exceedances", kind: "points", points: [[T0 + 3600 * 17, 0.049]], marker: "cross" },
    {
      name: "volume & more",
      kind: "bar",
      points: [
        [T0, 0.01],
        [T0 + 3600, 0.02],
        [T0 + 7200, NaN],
      ],
    },
  ],
  hLines: [
    { y: 0.08, label: "PSR +8%" },
    { y: -0.08, label: "PSR -8%" },
  ],
});

describe("risk desk: SVG charts", () => {
  it("is well-formed, self-contained XML with axes, ticks, legend and escaped text", () => {
    const svg = renderSvgChart(spec());
    const tags = checkXml(svg);
    expect(tags[0]).to.equal("svg");
    expect(tags).to.not.include("script");
    expect(svg).to.not.match(/href=|@import|url\((?!#hatch)/);
    expect(svg).to.include("Returns &lt;BTC&gt; &amp; the scan range");
    expect(svg).to.include(">time (UTC)</text>");
    expect(svg).to.include(">return over the horizon</text>");
    expect(svg).to.include(">2025-01-0"); // date ticks
    expect(svg).to.include(">0.05</text>"); // y ticks
    expect(svg).to.include(">-0.05</text>");
    expect(svg).to.include(">BTC 1-day return</text>"); // legend
    expect(svg).to.include(">exceedances</text>");
    expect(svg).to.include(">volume &amp; more</text>");
    expect(svg).to.include(">PSR +8%</text>");
    expect(svg).to.include("<title>BTC 1-day return</title>");
    expect(svg).to.not.include("NaN");
  });

  it("is deterministic", () => {
    expect(renderSvgChart(spec())).to.equal(renderSvgChart(spec()));
  });

  it("tells series apart by dash pattern and marker, not only colour", () => {
    const svg = renderSvgChart({
      title: "t",
      xLabel: "x",
      yLabel: "y",
      x: "number",
      series: [
        {
          name: "a",
          kind: "line",
          points: [
            [0, 1],
            [1, 2],
          ],
        },
        {
          name: "b",
          kind: "line",
          points: [
            [0, 2],
            [1, 1],
          ],
        },
        {
          name: "c",
          kind: "line",
          points: [
            [0, 3],
            [1, 0],
          ],
          style: "dotted",
          marker: "square",
        },
      ],
    });
    checkXml(svg);
    expect(svg).to.include(`stroke-dasharray="6 4"`);
    expect(svg).to.include(`stroke-dasharray="1.5 3"`);
    expect(svg).to.match(/<rect [^>]*fill="#009E73"\/>/);
  });

  it("category bars with labels, bars from zero", () => {
    const svg = renderSvgChart({
      title: "PSR per group",
      xLabel: "group",
      yLabel: "PSR",
      x: "category",
      categories: ["BTC", "ETH & co"],
      series: [
        {
          name: "current",
          kind: "bar",
          points: [
            [0, 0.08],
            [1, 0.1],
          ],
        },
        {
          name: "calibrated",
          kind: "bar",
          points: [
            [0, 0.07],
            [1, 0.12],
          ],
        },
      ],
    });
    checkXml(svg);
    expect(svg).to.include(">BTC</text>");
    expect(svg).to.include(">ETH &amp; co</text>");
    expect(svg).to.include(">0.00</text>");
    expect(svg).to.include(`id="hatch1"`);
  });

  it("turns category labels too wide for their slot and shortens very long ones", () => {
    const bars = (categories: string[]): ChartSpec => ({
      title: "t",
      xLabel: "scenario",
      yLabel: "USD",
      x: "category",
      categories,
      series: [{ name: "bad debt", kind: "bar", points: categories.map((_, i) => [i, i + 1]) }],
    });
    const short = renderSvgChart(bars(["a", "b", "c"]));
    expect(short).not.to.include("rotate(-35");
    const long = "historical #1: 2025-09-06T22:00Z .. 2025-09-07T00:00Z";
    const svg = renderSvgChart(bars(Array.from({ length: 9 }, (_, i) => `${long} ${i}`)));
    expect(svg).to.include("rotate(-35");
    expect(svg).to.include(`<title>${long} 0</title>`);
    expect(svg).to.include("historical #1: 2025-09-06T2\u2026");
    checkXml(svg);
  });

  it("axis helpers: nice ticks, readable numbers and dates", () => {
    const t = linearTicks(74715, 109454);
    expect(t.step).to.equal(10000);
    expect(formatNumberTicks(t)).to.deep.equal(["70k", "80k", "90k", "100k", "110k"]);
    expect(formatNumberTicks(linearTicks(0, 0.1))).to.deep.equal([
      "0.00",
      "0.02",
      "0.04",
      "0.06",
      "0.08",
      "0.10",
    ]);
    expect(formatNumberTicks(linearTicks(0, 3e6))).to.deep.equal([
      "0",
      "0.5M",
      "1.0M",
      "1.5M",
      "2.0M",
      "2.5M",
      "3.0M",
    ]);
    expect(formatNumberTicks(linearTicks(-3, 3))).to.include("0");
    expect(formatDate(T0)).to.equal("2025-01-01");
    expect(formatDate(T0 + 3600 * 13, true)).to.equal("2025-01-01 13:00");
    expect(timeTicks(T0, T0 + 120 * 86400).values.length).to.be.within(3, 10);
  });
});
