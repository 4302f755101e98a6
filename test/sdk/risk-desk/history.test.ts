import { expect } from "chai";
import fs from "fs";
import os from "os";
import path from "path";
import { InputError } from "../../../src/errors";
import {
  alignHistories,
  detectFormat,
  logReturns,
  parseHistory,
  type PriceHistory,
} from "../../../src/risk-desk/history";
import { loadHistoryDir, loadHistoryFile } from "../../../src/node/risk-desk/load-history";
import { expectInputError } from "../helpers";

const FIXTURES = path.join(__dirname, "fixtures");
const EXAMPLES = path.join(__dirname, "..", "..", "..", "examples", "history");
const F = "h.csv";
const T0 = 1735689600; // 2025-01-01T00:00:00Z
const iso = (t: number) => new Date(t * 1000).toISOString().replace(".000Z", "Z");

/** A valid desk CSV: header + n hourly rows (data row k is file row k + 2). */
function lines(n = 40): string[] {
  const out = ["time,close,volume"];
  for (let k = 0; k < n; k++) out.push(`${iso(T0 + k * 3600)},${100 + k},${k % 7}`);
  return out;
}
const text = (ls: string[]) => ls.join("\n") + "\n";
const parse = (ls: string[] | string) =>
  parseHistory(typeof ls === "string" ? ls : text(ls), "BTC", F);
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

describe("risk desk: history files", () => {
  describe("formats", () => {
    it("desk csv: ISO, unix seconds and unix ms times; columns in any order and case", () => {
      const h = parse(lines());
      expect(h).to.include({ id: "BTC", source: F, format: "csv", interval: 3600 });
      expect(h.times[0]).to.equal(T0);
      expect(h.times[39]).to.equal(T0 + 39 * 3600);
      expect(h.closes.slice(0, 3)).to.deep.equal([100, 101, 102]);
      expect(h.volumes?.slice(0, 3)).to.deep.equal([0, 1, 2]);
      const unix = lines().map((l, k) =>
        k ? l.replace(/^[^,]+/, String(T0 + (k - 1) * 3600)) : l,
      );
      expect(parse(unix).times).to.deep.equal(h.times);
      const ms = lines().map((l, k) =>
        k ? l.replace(/^[^,]+/, String((T0 + (k - 1) * 3600) * 1000)) : l,
      );
      expect(parse(ms).times).to.deep.equal(h.times);
      const swapped = lines().map((l) => {
        const [t, c] = l.split(",");
        return `${c === "close" ? "CLOSE" : c},${t === "time" ? "Time" : t}`;
      });
      const s = parse(swapped);
      expect(s.closes).to.deep.equal(h.closes);
      expect(s.volumes).to.equal(undefined);
    });

    it("desk csv: daily ISO dates, CRLF line ends and a byte-order mark", () => {
      const ls = ["time,close"];
      for (let k = 0; k < 30; k++) ls.push(`${iso(T0 + k * 86400).slice(0, 10)},${5 + k / 10}`);
      const h = parse("\uFEFF" + ls.join("\r\n"));
      expect(h.interval).to.equal(86400);
      expect(h.times[1]).to.equal(T0 + 86400);
    });

    it("binance kline export: header, open time in ms, close and volume used", () => {
      const h = parseHistory(fixture("binance.csv"), "BTC", "binance.csv");
      expect(h.format).to.equal("binance");
      expect(h.times.length).to.equal(40);
      expect(h.interval).to.equal(86400);
      expect(h.times[0]).to.equal(T0);
      expect(h.closes[0]).to.equal(94000);
      expect(h.closes[39]).to.equal(105269.22);
      expect(h.volumes?.[0]).to.equal(14365.86498);
    });

    it("binance: no header, and open times in microseconds", () => {
      const body = fixture("binance.csv").split("\n").slice(1).join("\n");
      const h = parseHistory(body, "BTC", "b.csv");
      expect(h.format).to.equal("binance");
      expect(h.closes[39]).to.equal(105269.22);
      const us = body.replace(/^(\d+),/gm, "$1000,");
      expect(parseHistory(us, "BTC", "b.csv").times[0]).to.equal(T0);
    });

    it("yahoo download: Adj Close preferred over Close, volume read", () => {
      const h = parseHistory(fixture("yahoo.csv"), "BTC", "yahoo.csv");
      expect(h.format).to.equal("yahoo");
      expect(h.times.length).to.equal(40);
      expect(h.times[0]).to.equal(T0);
      expect(h.closes[0]).to.equal(94000); // Adj Close; Close is 0.1% higher
      expect(h.volumes?.[0]).to.equal(1350391308);
      const noAdj = fixture("yahoo.csv").replace(/^(.*),[^,\n]*,([^,\n]*)$/gm, "$1,$2");
      const c = parseHistory(noAdj, "BTC", "y.csv");
      expect(c.closes[0]).to.equal(94094);
    });

    it("yahoo: a null row is refused saying so", () => {
      const ls = fixture("yahoo.csv").split("\n");
      ls[4] = `${ls[4].split(",")[0]},null,null,null,null,null,null`;
      expectInputError(
        () => parseHistory(ls.join("\n"), "BTC", "y.csv"),
        "y.csv",
        "row 5, column Adj Close",
        /null value \(Yahoo/,
      );
    });

    it("coingecko market_chart: volume from USD to units, live last point dropped", () => {
      const h = parseHistory(fixture("coingecko.json"), "BTC", "coingecko.json");
      expect(h.format).to.equal("coingecko");
      expect(h.times.length).to.equal(40);
      expect(h.interval).to.equal(86400);
      expect(h.closes[0]).to.equal(94000);
      const json = JSON.parse(fixture("coingecko.json")) as { total_volumes: number[][] };
      expect(h.volumes?.[0]).to.be.closeTo(json.total_volumes[0][1] / 94000, 1e-9);
    });

    it("coingecko: hourly times a little off the hour are snapped; the 24h volume is per bar", () => {
      const prices: number[][] = [];
      const vols: number[][] = [];
      for (let k = 0; k < 48; k++) {
        const ms = (T0 + k * 3600) * 1000 + ((k * 7919) % 170000);
        prices.push([ms, 50]);
        vols.push([ms, 2400]);
      }
      const h = parseHistory(JSON.stringify({ prices, total_volumes: vols }), "X", "x.json");
      expect(h.interval).to.equal(3600);
      expect(h.times[5]).to.equal(T0 + 5 * 3600);
      expect(h.volumes?.[0]).to.be.closeTo(2400 / 50 / 24, 1e-12);
    });

    it("detects the format from content and extension", () => {
      expect(detectFormat(fixture("binance.csv"))).to.equal("binance");
      expect(detectFormat(fixture("yahoo.csv"))).to.equal("yahoo");
      expect(detectFormat(fixture("coingecko.json"))).to.equal("coingecko");
      expect(detectFormat("", "x.json")).to.equal("coingecko");
      expect(detectFormat(text(lines()))).to.equal("csv");
    });
  });

  describe("bad files: file, row and column named, rule stated", () => {
    const t = (k: number) => iso(T0 + k * 3600);
    it("gap", () => {
      const ls = lines();
      ls.splice(11, 1); // data row 10 gone; file row 12 now holds data row 11
      expectInputError(
        () => parse(ls),
        F,
        "row 12, column time",
        new RegExp(
          `^gap: no bar at ${t(10)} between row 11 \\(${t(9)}\\) and row 12 \\(${t(11)}\\); the interval is 1h`,
        ),
      );
    });
    it("several bars missing", () => {
      const ls = lines();
      ls.splice(11, 3);
      expectInputError(
        () => parse(ls),
        F,
        "row 12, column time",
        /gap: no bar at .* \(3 bars missing\)/,
      );
    });
    it("irregular spacing", () => {
      const ls = lines();
      ls[20] = ls[20].replace(/^[^,]+/, iso(T0 + 18 * 3600 + 1800));
      expectInputError(
        () => parse(ls),
        F,
        "row 21, column time",
        /^irregular spacing: 30min between row 20 .* and row 21 /,
      );
    });
    it("duplicate time", () => {
      const ls = lines();
      ls[8] = ls[8].replace(/^[^,]+/, t(3));
      expectInputError(
        () => parse(ls),
        F,
        "row 9, column time",
        new RegExp(`^duplicate time ${t(3)}, also at row 5$`),
      );
    });
    it("unsorted times", () => {
      const ls = lines();
      [ls[10], ls[11]] = [ls[11], ls[10]];
      expectInputError(
        () => parse(ls),
        F,
        "row 12, column time",
        /is before .* of row 11: bars must be in increasing time order/,
      );
    });
    it("non-numeric, zero and negative prices; negative volume; bad time", () => {
      const edit = (row: number, col: number, v: string) => {
        const ls = lines();
        const cells = ls[row - 1].split(",");
        cells[col] = v;
        ls[row - 1] = cells.join(",");
        return ls;
      };
      expectInputError(
        () => parse(edit(7, 1, "abc")),
        F,
        "row 7, column close",
        /^not a number: "abc"$/,
      );
      expectInputError(() => parse(edit(7, 1, "")), F, "row 7, column close", /^missing value$/);
      expectInputError(
        () => parse(edit(7, 1, "0")),
        F,
        "row 7, column close",
        /^price must be > 0/,
      );
      expectInputError(
        () => parse(edit(8, 1, "-3")),
        F,
        "row 8, column close",
        /^price must be > 0/,
      );
      expectInputError(
        () => parse(edit(9, 2, "-1")),
        F,
        "row 9, column volume",
        /^volume must be >= 0/,
      );
      expectInputError(() => parse(edit(9, 2, "NaN")), F, "row 9, column volume", /^not a number/);
      expectInputError(
        () => parse(edit(3, 0, "2025-02-30")),
        F,
        "row 3, column time",
        /not a valid date/,
      );
      expectInputError(
        () => parse(edit(3, 0, "yesterday")),
        F,
        "row 3, column time",
        /^not a time/,
      );
    });
    it("missing, unknown and duplicate columns; ragged rows", () => {
      const ls = lines();
      ls[0] = "time,volume,extra";
      expectInputError(() => parse(ls), F, "row 1, column extra", /^unknown column "extra"/);
      ls[0] = "time,price,volume";
      expectInputError(() => parse(ls), F, "row 1, column price", /^unknown column/);
      ls[0] = "time,volume,volume";
      expectInputError(() => parse(ls), F, "row 1, column volume", /^duplicate column/);
      expectInputError(
        () =>
          parse(
            lines()
              .map((l) => l.replace(/,[^,]*$/, ""))
              .map((l, k) => (k ? l : "time,volume")),
          ),
        F,
        "row 1",
        /^missing column close/,
      );
      const ragged = lines();
      ragged[6] += ",1";
      expectInputError(() => parse(ragged), F, "row 7", /^4 cells; the header has 3 columns$/);
    });
    it("empty file, header only, too few rows", () => {
      expectInputError(() => parse(""), F, "row 1", /^empty file/);
      expectInputError(() => parse(lines().slice(1)), F, "row 1", /^no header row/);
      expectInputError(() => parse("\n\n"), F, "row 1", /^empty file/);
      expectInputError(() => parse(lines(0)), F, "row 2", /^no data rows$/);
      expectInputError(
        () => parse(lines(12)),
        F,
        "row 13",
        /^only 12 bars; at least 30 are needed$/,
      );
      expect(parseHistory(text(lines(12)), "X", F, { minRows: 10 }).times.length).to.equal(12);
    });
    it("binance, yahoo and coingecko errors name their row/field", () => {
      const b = fixture("binance.csv").split("\n");
      b[3] = b[3].replace(/^(\d+)/, "$1x");
      expectInputError(
        () => parseHistory(b.join("\n"), "B", "b.csv"),
        "b.csv",
        "row 4, column open_time",
        /^not a number/,
      );
      const b2 = fixture("binance.csv").split("\n");
      b2[3] = b2[3].replace(/^(\d+)/, "1735689600");
      expectInputError(
        () => parseHistory(b2.join("\n"), "B", "b.csv"),
        "b.csv",
        "row 4, column open_time",
        /not a Binance open time/,
      );
      const y = fixture("yahoo.csv").split("\n");
      y[9] = y[9].replace(/^([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)[^,]*/, "$1abc");
      expectInputError(
        () => parseHistory(y.join("\n"), "Y", "y.csv"),
        "y.csv",
        "row 10, column Adj Close",
        /^not a number/,
      );
      const cg = JSON.parse(fixture("coingecko.json")) as { prices: number[][] };
      cg.prices[3][1] = 0;
      expectInputError(
        () => parseHistory(JSON.stringify(cg), "C", "c.json"),
        "c.json",
        "prices[3][1]",
        /price must be > 0/,
      );
      expectInputError(
        () => parseHistory("{", "C", "c.json"),
        "c.json",
        "(file)",
        /^not valid JSON/,
      );
      expectInputError(
        () => parseHistory('{"prices":[[1,"x"]]}', "C", "c.json"),
        "c.json",
        "prices[0][1]",
        /number/,
      );
    });
  });

  describe("returns and alignment", () => {
    const h = (id: string, start: number, n: number, interval = 3600): PriceHistory => ({
      id,
      source: `${id}.csv`,
      format: "csv",
      interval,
      times: Array.from({ length: n }, (_, k) => start + k * interval),
      closes: Array.from({ length: n }, (_, k) => 100 + k),
      volumes: id === "A" ? Array.from({ length: n }, (_, k) => k) : undefined,
    });
    it("log returns", () => {
      const r = logReturns([100, 110, 99]);
      expect(r.length).to.equal(2);
      expect(r[0]).to.be.closeTo(Math.log(1.1), 1e-15);
      expect(r[1]).to.be.closeTo(Math.log(0.9), 1e-15);
    });
    it("aligns on the common times", () => {
      const a = alignHistories([h("A", T0, 50), h("B", T0 + 10 * 3600, 50)]);
      expect(a.times.length).to.equal(40);
      expect(a.times[0]).to.equal(T0 + 10 * 3600);
      expect(a.closes[0][0]).to.equal(110);
      expect(a.closes[1][0]).to.equal(100);
      expect(a.volumes[0]?.[0]).to.equal(10);
      expect(a.volumes[1]).to.equal(undefined);
    });
    it("refuses different intervals and histories that do not overlap", () => {
      expectInputError(
        () => alignHistories([h("A", T0, 50), h("B", T0, 50, 86400)]),
        "B.csv",
        "(file)",
        /^interval 1d of B differs from 1h of A/,
      );
      expectInputError(
        () => alignHistories([h("A", T0, 50), h("B", T0 + 100 * 3600, 50)]),
        "B.csv",
        "(file)",
        /do not overlap/,
      );
      expectInputError(
        () => alignHistories([h("A", T0, 50), h("B", T0 + 1800, 50)]),
        "B.csv",
        "(file)",
        /do not overlap/,
      );
    });
  });

  describe("loading from disk", () => {
    it("reads the example folder (synthetic histories of examples/market.json)", () => {
      const hs = loadHistoryDir(EXAMPLES);
      expect(hs.map((x) => x.id)).to.deep.equal(["BTC", "ETH", "USDC", "WBTC", "WETH"]);
      for (const x of hs) {
        expect(x.interval).to.equal(3600);
        expect(x.times.length).to.equal(2880);
        expect(x.volumes?.length).to.equal(2880);
      }
      expect(hs[0].closes[2879]).to.equal(86500);
      expect(hs[1].closes[2879]).to.equal(2850);
      expect(alignHistories(hs).times.length).to.equal(2880);
    });
    it("refuses an empty folder, a bad id, a missing file, and two files for one id", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zk-history-"));
      try {
        fs.writeFileSync(path.join(dir, "README.md"), "not a history");
        expectInputError(() => loadHistoryDir(dir), dir, "(folder)", /^no history files/);
        expectInputError(
          () => loadHistoryDir(path.join(dir, "nope")),
          path.join(dir, "nope"),
          "(folder)",
          /^folder not found/,
        );
        fs.writeFileSync(path.join(dir, "bad id.csv"), text(lines()));
        expectInputError(
          () => loadHistoryDir(dir),
          path.join(dir, "bad id.csv"),
          "(file)",
          /history id "bad id"/,
        );
        fs.rmSync(path.join(dir, "bad id.csv"));
        fs.writeFileSync(path.join(dir, "BTC.csv"), text(lines()));
        fs.writeFileSync(path.join(dir, "BTC.json"), fixture("coingecko.json"));
        expectInputError(
          () => loadHistoryDir(dir),
          path.join(dir, "BTC.json"),
          "(file)",
          /a second history for BTC/,
        );
        fs.rmSync(path.join(dir, "BTC.json"));
        expect(loadHistoryDir(dir)[0].id).to.equal("BTC");
        expectInputError(
          () => loadHistoryFile(path.join(dir, "ETH.csv"), "ETH"),
          path.join(dir, "ETH.csv"),
          "(file)",
          /^file not found$/,
        );
        const bad = path.join(dir, "BTC.csv");
        fs.writeFileSync(bad, text(lines()).replace("101,", "x,"));
        const err = expectInputError(
          () => loadHistoryDir(dir),
          bad,
          "row 3, column close",
          /not a number/,
        );
        expect(err).to.be.instanceOf(InputError);
        expect(err.message).to.equal(`${bad}: row 3, column close: not a number: "x"`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
