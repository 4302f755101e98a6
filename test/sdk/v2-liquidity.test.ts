// The concentration (liquidity) add-on (SPEC 7.1 `instruments[].concentration`), by hand.
//
// BTC-PERP: threshold 10 contracts, charge 100 USD per contract.
//   T = 10 x 10^8 = 1,000,000,000 (1e-8 contracts), L = 100 x 10^22 = 10^24 V per 1e-8 contract
//   Liquidity = max(0, |q| - T) x L;  MM = max(Scan, Floor) + Liquidity
// BTC at 60000, psr 0.1: a perpetual's worst loss is the +-3 x 35% scenario, 6300 USD a contract.
import { expect } from "chai";
import { USD } from "./helpers";
import { v2Margin, v2Table } from "./v2-market";

const CONC = { "BTC-PERP": { threshold: "10", charge: "100" } };

describe("concentration add-on: Liquidity = sum_i max(0, |q_i| - T_i) L_i", () => {
  const table = v2Table({ concentration: CONC });

  it("compiles T and L", () => {
    const i = table.instruments[0];
    expect(i.liquidityThreshold).to.equal(1_000_000_000n);
    expect(i.liquidityCharge).to.equal(10n ** 24n);
    expect(i.concentration).to.deep.equal({ threshold: "10", charge: "100" });
    expect(table.instruments[1].liquidityThreshold).to.equal(0n); // no entry: T = L = 0
    expect(table.instruments[1].liquidityCharge).to.equal(0n);
  });

  it("charges nothing at |q| = T", () => {
    const r = v2Margin(table, [{ instrument: "BTC-PERP", quantity: "-10" }]);
    expect(r.positionLiquidity[0]).to.include({ excess: 0n, addOn: 0n, concentrated: true });
    expect(r.liquidity).to.equal(0n);
    expect(r.maintenanceMargin).to.equal(63000n * USD); // 10 x 6300, no add-on
  });

  it("charges L for one unit above T (|q| = T + 1: 1e-8 contract x 100 USD = 1e-6 USD)", () => {
    const r = v2Margin(table, [{ instrument: "BTC-PERP", quantity: "10.00000001" }]);
    expect(r.excessWitnesses[0]).to.equal(1n);
    expect(r.liquidity).to.equal(10n ** 24n); // V = 1e-6 USD
    expect(r.maintenanceMargin).to.equal(r.scan + 10n ** 24n);
  });

  it("adds 2.5 contracts x 100 USD = 250 USD for a short of 12.5 (|q| counts both ways)", () => {
    const r = v2Margin(table, [
      { instrument: "BTC-PERP", quantity: "-12.5" },
      { instrument: "ETH-PERP", quantity: "10" }, // no concentration data: no add-on
    ]);
    // Scan: BTC 12.5 x 6300 = 78750; ETH 10 x 3000 x 0.3 x 0.35 = 3150
    expect(r.scan).to.equal(81900n * USD);
    expect(r.positionLiquidity.map((p) => [p.excess, p.addOn, p.concentrated])).to.deep.equal([
      [250_000_000n, 250n * USD, true],
      [1_000_000_000n, 0n, false], // x = |q| - 0, but L = 0
    ]);
    expect(r.liquidity).to.equal(250n * USD);
    expect(r.maintenanceMargin).to.equal(82150n * USD); // max(Scan, Floor) + Liquidity
    expect(r.excessWitnesses).to.have.length(table.instance.N);
    expect(r.excessWitnesses.slice(0, 3)).to.deep.equal([250_000_000n, 1_000_000_000n, 0n]);
    expect(r.features.concentration).to.equal(true);
  });

  it("charges every contract with threshold 0", () => {
    const m = v2Table({
      concentration: { "BTC-PERP": { threshold: "0", charge: "1.5" } },
    });
    const r = v2Margin(m, [{ instrument: "BTC-PERP", quantity: "2" }]);
    expect(r.liquidity).to.equal(3n * USD); // 2 contracts x 1.5 USD
    expect(r.maintenanceMargin).to.equal(r.scan + 3n * USD);
  });

  it("rounds the charge up to a whole V per 1e-8 contract", () => {
    const at = (charge: string) =>
      v2Table({ concentration: { "BTC-PERP": { threshold: "1", charge } } }).instruments[0]
        .liquidityCharge;
    expect(at("0.0000000000000000000001")).to.equal(1n); // 1e-22 USD = 1 V per 1e-8 contract
    expect(at("0.00000000000000000000001")).to.equal(1n); // 0.1 V, up to 1
    expect(at("0.00000000000000000000011")).to.equal(2n); // 1.1 V, up to 2
    expect(at("0")).to.equal(0n);
  });
});
