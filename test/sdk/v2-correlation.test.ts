// Correlation offsets across groups (SPEC 7.1 `groups[].correlation`), by hand.
//
// BTC at 60000, ETH at 3000, psr 0.1. Long 1 BTC-PERP (60000 notional) and short 20 ETH-PERP
// (60000 notional). Per scenario, req_BTC,s = -60000 x 0.1 x k_s x c_s and req_ETH,s the opposite:
//   s = 14 (+3 x 35%): BTC -6300, ETH +6300;   s = 15 (-3 x 35%): BTC +6300, ETH -6300
//   w_BTC = 6300 (s = 15), w_ETH = 6300 (s = 14); v1 Scan = 12600
//   J = max(0, max_s sum_g r_g req_g,s) = 0 (the legs cancel in every joint scenario)
//   Scan = ceil((sum_g (10000 - r_g) w_g + J) / 10000)
import { expect } from "chai";
import { jointScan } from "../../src/margin";
import { USD } from "./helpers";
import { v2Margin, v2Table } from "./v2-market";

const PAIR = [
  { instrument: "BTC-PERP", quantity: "1" },
  { instrument: "ETH-PERP", quantity: "-20" },
];

describe("correlation offsets: the joint scenarios and the diversification credit", () => {
  it("rho 0.5 on both legs of a long/short pair: Scan = 6300, credit 6300", () => {
    const t = v2Table({ correlation: { BTC: "0.5", ETH: "0.5" } });
    expect(t.groups.map((g) => g.correlationBps)).to.deep.equal([5000, 5000, 0]);
    const r = v2Margin(t, PAIR);
    expect(r.groups.map((g) => g.requirement)).to.deep.equal([6300n * USD, 6300n * USD, 0n]);
    expect(r.groups.map((g) => g.correlation)).to.deep.equal([5000, 5000, 0]);
    expect(r.jointReq.every((x) => x === 0n)).to.equal(true);
    expect(r.joint).to.equal(0n);
    expect(r.uncorrelatedScan).to.equal(12600n * USD);
    // (5000 x 6300 + 5000 x 6300 + 0) / 10000 = 6300
    expect(r.scan).to.equal(6300n * USD);
    expect(r.diversificationCredit).to.equal(6300n * USD);
    expect(r.maintenanceMargin).to.equal(6300n * USD);
    expect(r.witnesses.slice(0, 2)).to.deep.equal([6300n * USD, 6300n * USD]);
    expect([r.jointWitness, r.scanWitness]).to.deep.equal([0n, 6300n * USD]);
  });

  it("rho 0.8 on BTC, 0.4 on ETH: J counts the mismatch", () => {
    const r = v2Margin(v2Table({ correlation: { BTC: "0.8", ETH: "0.4" } }), PAIR);
    // joint s = 15: 8000 x 6300 + 4000 x (-6300) = 4000 x 6300 = 25,200,000 (USD x bps)
    expect(r.joint).to.equal(25_200_000n * USD);
    expect(r.jointWorstScenario).to.equal(15);
    // Scan = (2000 x 6300 + 6000 x 6300 + 4000 x 6300) / 10000 = 1.2 x 6300 = 7560
    expect(r.scan).to.equal(7560n * USD);
    expect(r.diversificationCredit).to.equal(5040n * USD);
  });

  it("same-direction exposures get no credit: Scan = v1 Scan", () => {
    const r = v2Margin(v2Table({ correlation: { BTC: "0.5", ETH: "0.5" } }), [
      { instrument: "BTC-PERP", quantity: "1" },
      { instrument: "ETH-PERP", quantity: "20" },
    ]);
    // J = 5000 x 12600 (s = 15); Scan = (5000 x 6300 x 2 + 5000 x 12600) / 10000 = 12600
    expect(r.joint).to.equal(63_000_000n * USD);
    expect(r.scan).to.equal(12600n * USD);
    expect(r.diversificationCredit).to.equal(0n);
  });

  it("rho = 1 for every group: Scan is the joint requirement alone (a perfect hedge scans 0)", () => {
    const t = v2Table({ correlation: { BTC: "1", ETH: "1", ALT: "1" } });
    expect(t.groups.map((g) => g.correlationBps)).to.deep.equal([10000, 10000, 10000]);
    expect(v2Margin(t, PAIR).scan).to.equal(0n);
    const r = v2Margin(t, [
      { instrument: "BTC-PERP", quantity: "1" },
      { instrument: "ETH-PERP", quantity: "-10" }, // half hedged
    ]);
    // joint s = 15: 10000 x (6300 - 3150); Scan = 3150
    expect(r.scan).to.equal(3150n * USD);
    expect(r.jointWorstScenario).to.equal(15);
    expect(r.diversificationCredit).to.equal(6300n * USD); // v1: 6300 + 3150
  });

  it("rounds Scan up to a whole V", () => {
    // S = 2, req_A = [3, 0], req_B = [0, 3] (V), w = [3, 3], r = [5000, 5000]:
    // joint = [15000, 15000]; Scan = ceil((5000 x 3 + 5000 x 3 + 15000) / 10000) = ceil(4.5) = 5
    const j = jointScan(
      [
        [3n, 0n],
        [0n, 3n],
      ],
      [3n, 3n],
      [5000, 5000],
      2,
    );
    expect(j).to.deep.equal({
      jointReq: [15000n, 15000n],
      joint: 15000n,
      worstScenario: 0,
      scan: 5n,
    });
    // exactly divisible: r = [3333, 3333]: (6667 x 6 + 9999) / 10000 = 5.0001 -> 6 (= v1)
    expect(
      jointScan(
        [
          [3n, 0n],
          [0n, 3n],
        ],
        [3n, 3n],
        [3333, 3333],
        2,
      ).scan,
    ).to.equal(6n);
    // r = 0 everywhere: Scan = sum w exactly, J = 0 even when every req is negative
    expect(jointScan([[-5n, -1n]], [0n], [0], 2)).to.deep.equal({
      jointReq: [0n, 0n],
      joint: 0n,
      worstScenario: 0,
      scan: 0n,
    });
    expect(jointScan([[-5n, -1n]], [0n], [10000], 2).joint).to.equal(0n); // max(0, ...)
  });

  it("an explicit correlation of 0 gives the v1 root and figures", () => {
    const zero = v2Table({ correlation: { BTC: "0" } });
    const none = v2Table();
    expect(zero.riskRoot).to.equal(none.riskRoot);
    expect(v2Margin(zero, PAIR).scan).to.equal(12600n * USD);
    expect(v2Margin(zero, PAIR).features.correlation).to.equal(true); // shown in the report
  });
});
