import { expect } from "chai";
import { parseMarket } from "../../src/schema";
import {
  buildRiskTable,
  serializeRiskTable,
  parseRiskTable,
  instrumentPath,
  instrumentLeaf,
  collateralLeaves,
} from "../../src/risk-table";
import { rootFromPath } from "../../src/merkle";
import { hash } from "../../src/poseidon";
import { idField } from "../../src/field";
import { example, expectInputError } from "./helpers";

/** Golden root of examples/market.json (standard instance). Changes only with the protocol. */
const GOLDEN_RISK_ROOT =
  "18892862355717490560617226518310004935941086460919026649406427710134142587599";

describe("risk table of examples/market.json", () => {
  const table = buildRiskTable(parseMarket(example("market.json")), "standard");
  const text = serializeRiskTable(table);

  it("pins the risk root (golden)", () => {
    expect(table.riskRoot.toString()).to.equal(GOLDEN_RISK_ROOT);
  });
  it("serializes byte-identically across two builds", () => {
    const again = serializeRiskTable(
      buildRiskTable(parseMarket(example("market.json")), "standard"),
    );
    expect(again).to.equal(text);
    expect(text.endsWith("}\n")).to.equal(true);
    expect(Object.keys(JSON.parse(text) as object)).to.deep.equal([
      "version",
      "instance",
      "epoch",
      "timestamp",
      "groups",
      "scenarios",
      "instruments",
      "collateral",
      "roots",
    ]);
  });
  it("parses back to the same table and bytes", () => {
    const back = parseRiskTable(JSON.parse(text));
    expect(back.riskRoot).to.equal(table.riskRoot);
    expect(serializeRiskTable(back)).to.equal(text);
  });
  it("refuses a risk.json whose numbers were edited (root mismatch)", () => {
    const j = JSON.parse(text) as { instruments: Array<{ risk: string[] }> };
    j.instruments[2].risk[5] = (BigInt(j.instruments[2].risk[5]) - 1n).toString();
    expectInputError(
      () => parseRiskTable(j, "risk.json"),
      "risk.json",
      "roots.instrumentRoot",
      /does not match/,
    );
    const k = JSON.parse(text) as { collateral: Array<{ unitValues: string[] }> };
    k.collateral[1].unitValues[0] = "1";
    expectInputError(
      () => parseRiskTable(k, "risk.json"),
      "risk.json",
      "roots.collateralRoot",
      /does not match/,
    );
    const e = JSON.parse(text) as { epoch: number };
    e.epoch = 43;
    expectInputError(
      () => parseRiskTable(e, "risk.json"),
      "risk.json",
      "roots.riskRoot",
      /does not match/,
    );
  });
  it("follows the hash layouts of PROTOCOL section 6", () => {
    const inst = table.instruments[0];
    expect(inst.idField).to.equal(idField("BTC-PERP"));
    const path = instrumentPath(table, 3);
    expect(path.pathElements).to.have.length(10);
    expect(path.pathIndices).to.deep.equal([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(rootFromPath(instrumentLeaf(table.instruments[3]), path)).to.equal(table.instrumentRoot);
    expect(rootFromPath(0n, instrumentPath(table, 1023))).to.equal(table.instrumentRoot);
    const collateralRoot = hash(collateralLeaves(table.collateral, table.instance));
    expect(collateralRoot).to.equal(table.collateralRoot);
    expect(hash([table.instrumentRoot, table.collateralRoot, 42n, 1763900000n])).to.equal(
      table.riskRoot,
    );
  });
  it("has the scenario order and labels of PROTOCOL section 5", () => {
    expect(table.scenarios.map((s) => s.label)).to.deep.equal([
      "0 vol up",
      "0 vol down",
      "+1/3 vol up",
      "+1/3 vol down",
      "-1/3 vol up",
      "-1/3 vol down",
      "+2/3 vol up",
      "+2/3 vol down",
      "-2/3 vol up",
      "-2/3 vol down",
      "+1 vol up",
      "+1 vol down",
      "-1 vol up",
      "-1 vol down",
      "+3x (35%)",
      "-3x (35%)",
    ]);
  });
  it("gives collateral group tags and flat stable-coin unit values", () => {
    expect(table.collateral.map((c) => c.groupTag)).to.deep.equal([1 - 1, 1, 2]);
    const usdc = table.collateral[0].unitValues;
    expect(new Set(usdc.map(String)).size).to.equal(1);
    expect(usdc[0]).to.equal(98n * 10n ** 22n); // 0.98 USD per 1e-6 USDC = 0.98e24 V
  });
  it("prices a long call's worst loss on the down move and a short perp's on the up move", () => {
    const call = table.instruments.find((i) => i.id === "BTC-26DEC25-90000-C")!;
    expect(call.risk[12] > 0n && call.risk[10] < 0n).to.equal(true);
    // vega: vol up is a gain for a long option at an unchanged price
    expect(call.risk[0] < 0n && call.risk[1] > 0n).to.equal(true);
  });
});
