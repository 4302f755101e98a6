import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  addPositions,
  collateralToReach,
  collateralToReachJson,
  compareDraft,
  computeMargin,
  distanceReportJson,
  distancesToInsolvency,
  draftJson,
  healthBps,
  maxQuantity,
  maxQuantityJson,
  meetsHealth,
  parseDraft,
} from "../../src/margin";
import { ArgumentError, InputError } from "../../src/errors";
import { ROOT } from "./helpers";
import { BOOKS, loadBook } from "./whatif-helpers";

const BIN = path.join(ROOT, "bin", "zkmargin.js");

describe("what-if: collateral to reach, largest trade, draft, CLI", function () {
  this.timeout(120000);
  const [perps, hedged, wrongWay, pairs, altcoin] = BOOKS.map(loadBook);

  it("collateralToReach reaches exactly: one base unit less does not", () => {
    const cases: Array<[typeof perps, string, bigint, bigint]> = [
      [perps, "USDC", 15000n, 25000n],
      [perps, "WBTC", 15000n, 20000n],
      [wrongWay, "WBTC", 15000n, 10000n],
      [wrongWay, "USDC", 10000n, 30000n],
      [pairs, "WETH", 15000n, 30000n],
      [altcoin, "UNI", 15000n, 40000n],
    ];
    let nonZero = 0;
    for (const [b, symbol, m, target] of cases) {
      const slot = b.table.collateral.findIndex((c) => c.symbol === symbol);
      const r = collateralToReach(b.table, b.portfolio, b.balances, m, target, slot);
      const what = `${b.name} ${symbol} x${m} health ${target}`;
      expect(r.reached, what).to.equal(true);
      const at = (add: bigint) => {
        const amounts = b.balances.amounts.slice();
        amounts[slot] += add;
        return computeMargin(b.table, b.portfolio, amounts, m);
      };
      const amount = r.amount as bigint;
      expect(meetsHealth(at(amount), m, target), what).to.equal(true);
      expect(r.healthAfter).to.equal(healthBps(at(amount), m));
      if (amount > 0n) {
        nonZero++;
        expect(meetsHealth(at(amount - 1n), m, target), what).to.equal(false);
      }
    }
    expect(nonZero).to.be.greaterThan(3);
    expect(() =>
      collateralToReach(perps.table, perps.portfolio, perps.balances, 10000n, 0n, 0),
    ).to.throw(ArgumentError, /targetHealth/);
    expect(() =>
      collateralToReach(perps.table, perps.portfolio, perps.balances, 10000n, 1n, 7),
    ).to.throw(ArgumentError, /slot/);
  });

  it("maxQuantity is maximal: one 1e-8 contract more fails", () => {
    const cases: Array<[typeof perps, string, "buy" | "sell", bigint, bigint]> = [
      [perps, "BTC-PERP", "buy", 15000n, 10000n],
      [perps, "ETH-PERP", "sell", 10000n, 12000n],
      [perps, "BTC-26DEC25-90000-C", "sell", 15000n, 10000n],
      [hedged, "BTC-27MAR26-75000-P", "buy", 15000n, 10000n],
      [hedged, "BTC-26DEC25-90000-C", "sell", 10000n, 15000n],
      [pairs, "UNI-PERP", "buy", 15000n, 10000n],
    ];
    for (const [b, id, side, m, target] of cases) {
      if (!b.table.instruments.some((i) => i.id === id)) continue;
      const r = maxQuantity(b.table, b.portfolio, b.balances, m, id, target, side);
      const what = `${b.name} ${side} ${id}`;
      expect(r.status, what).to.equal("ok");
      const q = r.quantity as bigint;
      const sign = side === "buy" ? 1n : -1n;
      const at = (x: bigint) =>
        computeMargin(
          b.table,
          x === 0n
            ? b.portfolio
            : addPositions(b.table, b.portfolio, [{ instrument: id, q: sign * x }]),
          b.balances.amounts,
          m,
        );
      expect(meetsHealth(at(q), m, target), what).to.equal(true);
      expect(r.atQuantityBound, what).to.equal(false);
      expect(meetsHealth(at(q + 1n), m, target), `${what}: q + 1e-8`).to.equal(false);
    }
    expect(() =>
      maxQuantity(perps.table, perps.portfolio, perps.balances, 10000n, "NOPE", 10000n, "buy"),
    ).to.throw(ArgumentError, /instrumentId/);
    const below = maxQuantity(
      wrongWay.table,
      wrongWay.portfolio,
      wrongWay.balances,
      15000n,
      "BTC-PERP",
      10000n,
      "buy",
    );
    expect(below.status).to.equal("below-target");
  });

  it("compareDraft: before is the report, after is the report of the merged portfolio", () => {
    const draft = parseDraft(
      {
        version: 1,
        positions: [
          { instrument: "BTC-PERP", quantity: "1" },
          { instrument: "ETH-26DEC25-2600-P", quantity: "10", costBasis: "1240" },
        ],
      },
      perps.table,
    );
    const d = compareDraft(perps.table, perps.portfolio, draft, perps.balances, 15000n);
    const before = computeMargin(perps.table, perps.portfolio, perps.balances.amounts, 15000n);
    expect(d.beforeResult).to.deep.equal(before);
    expect(d.before.maintenanceMargin).to.equal(before.maintenanceMargin);
    const btc = perps.table.instruments.find((i) => i.id === "BTC-PERP")!;
    const held = perps.portfolio.positions.find((p) => p.instrument === "BTC-PERP");
    const merged = d.portfolioAfter.positions.find((p) => p.instrument === "BTC-PERP")!;
    expect(merged.q).to.equal((held?.q ?? 0n) + 100000000n);
    expect(merged.c).to.equal((held?.c ?? 0n) + 100000000n * btc.mark);
    const put = d.portfolioAfter.positions.find((p) => p.instrument === "ETH-26DEC25-2600-P")!;
    expect(put.c).to.equal(1240n * 10n ** 30n);
    expect(d.afterResult).to.deep.equal(
      computeMargin(perps.table, d.portfolioAfter, perps.balances.amounts, 15000n),
    );
    expect(d.after.maintenanceMargin > d.before.maintenanceMargin).to.equal(true);
    expect(() =>
      parseDraft(
        { version: 1, positions: [{ instrument: "X", quantity: "1" }] },
        perps.table,
        "d.json",
      ),
    ).to.throw(InputError, /d\.json: positions\[0\]\.instrument: unknown instrument/);
    expect(() =>
      parseDraft(
        { version: 1, positions: [{ instrument: "BTC-PERP", quantity: "1e3" }] },
        perps.table,
        "d.json",
      ),
    ).to.throw(InputError, /positions\[0\]\.quantity: malformed decimal/);
  });

  describe("zkmargin whatif", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-whatif-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, "whatif", ...args], {
        cwd: ROOT,
        encoding: "utf8",
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    it("--json equals the SDK's result for the same files", () => {
      const draftFile = path.join(dir, "draft.json");
      const draftJsonText = {
        version: 1,
        positions: [{ instrument: "BTC-PERP", quantity: "0.5" }],
      };
      fs.writeFileSync(draftFile, JSON.stringify(draftJsonText));
      for (const b of [perps, pairs]) {
        const r = run(
          "--market",
          b.marketFile,
          "--portfolio",
          b.portfolioFile,
          "--balances",
          b.balancesFile,
          "--add-collateral",
          "USDC",
          "--health",
          "1.2",
          "--max-quantity",
          "BTC-PERP",
          "--side",
          "sell",
          "--draft",
          draftFile,
          "--json",
        );
        expect(r.code, r.stderr).to.equal(0);
        const out = JSON.parse(r.stdout) as Record<string, unknown>;
        const [mm, im] = distancesToInsolvency(b.market, "standard", b.portfolio, b.balances, [
          10000n,
          15000n,
        ]);
        expect(out.maintenance).to.deep.equal(distanceReportJson(mm));
        expect(out.initial).to.deep.equal(distanceReportJson(im));
        const slot = b.table.collateral.findIndex((c) => c.symbol === "USDC");
        expect(out.addCollateral).to.deep.equal(
          collateralToReachJson(
            collateralToReach(b.table, b.portfolio, b.balances, 15000n, 12000n, slot),
          ),
        );
        expect(out.maxQuantity).to.deep.equal(
          maxQuantityJson(
            maxQuantity(b.table, b.portfolio, b.balances, 15000n, "BTC-PERP", 12000n, "sell"),
          ),
        );
        const draft = parseDraft(draftJsonText, b.table);
        expect(out.draft).to.deep.equal(
          draftJson(compareDraft(b.table, b.portfolio, draft, b.balances, 15000n)),
        );
      }
    });

    it("prints the table; bad input exits 2 naming the file, field and rule, no stack", () => {
      const ok = run(
        "--market",
        perps.marketFile,
        "--portfolio",
        perps.portfolioFile,
        "--balances",
        perps.balancesFile,
      );
      expect(ok.code, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/Distance to insolvency at x1\.00/);
      expect(ok.stdout).to.match(/Distance to insolvency at x1\.50/);
      expect(ok.stdout).to.match(/BTC +down: -16\.54% \(BTC 72192\.9/);
      // the binding scenario in words, priced at the crossing's shifted BTC price
      expect(ok.stdout).to.include("(BTC 72192.9; BTC -24% to 54,867, vol unchanged, 35% weight)");
      const bad = path.join(dir, "bad-draft.json");
      fs.writeFileSync(
        bad,
        JSON.stringify({ version: 1, positions: [{ instrument: "BTC-PERP", quantity: 1 }] }),
      );
      const r = run(
        "--market",
        perps.marketFile,
        "--portfolio",
        perps.portfolioFile,
        "--balances",
        perps.balancesFile,
        "--draft",
        bad,
      );
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain(`${bad}: positions[0].quantity: must be a decimal string`);
      expect(r.stderr).not.to.match(/\n\s+at /);
      const h = run(
        "--market",
        perps.marketFile,
        "--portfolio",
        perps.portfolioFile,
        "--balances",
        perps.balancesFile,
        "--health",
        "0",
      );
      expect(h.code).to.equal(2);
      expect(h.stderr).to.match(/--health: must be in/);
      const s = run(
        "--market",
        perps.marketFile,
        "--portfolio",
        perps.portfolioFile,
        "--balances",
        perps.balancesFile,
        "--add-collateral",
        "DOGE",
      );
      expect(s.code).to.equal(2);
      expect(s.stderr).to.match(/--add-collateral: unknown collateral symbol "DOGE"/);
    });
  });
});
