/**
 * Constraint counts (circom2 --O2) of every template family at the parameters of both
 * instances, pinned so that an accidental change shows. Update the numbers on purpose,
 * together with docs/BENCHMARKS.md, when a template changes.
 */
import { expect } from "chai";
import { WitnessTester, type CircuitConfig } from "./tester";

interface Case {
  config: CircuitConfig;
  expected: number;
}

const cases: Case[] = [
  // range-check.circom
  { config: { file: "range-check.circom", template: "RangeCheck", params: [64] }, expected: 64 },
  { config: { file: "range-check.circom", template: "GreaterEq", params: [151] }, expected: 151 },
  { config: { file: "range-check.circom", template: "SignedAbs", params: [64] }, expected: 66 },
  { config: { file: "range-check.circom", template: "SignedAbs", params: [205] }, expected: 207 },
  { config: { file: "range-check.circom", template: "OneHot", params: [4] }, expected: 5 },
  // merkle-root.circom, instrument-inclusion.circom
  {
    config: { file: "merkle-root.circom", template: "MerklePathNode", params: [6] },
    expected: 1446,
  },
  {
    config: { file: "merkle-root.circom", template: "MerkleCapRoot", params: [4] },
    expected: 3600,
  },
  { config: { file: "merkle-root.circom", template: "MuxByBits", params: [4] }, expected: 15 },
  {
    config: { file: "instrument-inclusion.circom", template: "InstrumentLeaf", params: [16] },
    expected: 930,
  },
  {
    config: {
      file: "instrument-inclusion.circom",
      template: "InstrumentInclusion",
      params: [16, 10, 6],
    },
    expected: 2402,
  },
  {
    config: {
      file: "instrument-inclusion.circom",
      template: "InstrumentInclusion",
      params: [16, 4, 2],
    },
    expected: 1420,
  },
  // risk-root.circom
  {
    config: { file: "risk-root.circom", template: "CollateralRoot", params: [8, 16] },
    expected: 7362,
  },
  { config: { file: "risk-root.circom", template: "RiskRoot", params: [8, 16] }, expected: 7659 },
  { config: { file: "risk-root.circom", template: "RiskRoot", params: [4, 16] }, expected: 4074 },
  // state-hash.circom
  {
    config: { file: "state-hash.circom", template: "PositionCommitment", params: [16] },
    expected: 2208,
  },
  { config: { file: "state-hash.circom", template: "StateHash", params: [16, 8] }, expected: 2745 },
  { config: { file: "state-hash.circom", template: "StateHash", params: [4, 4] }, expected: 1089 },
  // account-values.circom
  {
    config: { file: "account-values.circom", template: "AccountValues", params: [16, 8] },
    expected: 2104,
  },
  {
    config: { file: "account-values.circom", template: "AccountValues", params: [4, 4] },
    expected: 884,
  },
  // scenario-requirements.circom
  {
    config: {
      file: "scenario-requirements.circom",
      template: "ScenarioRequirements",
      params: [16, 8, 4, 16],
    },
    expected: 1640,
  },
  {
    config: {
      file: "scenario-requirements.circom",
      template: "ScenarioRequirements",
      params: [4, 4, 2, 16],
    },
    expected: 276,
  },
  // tiers.circom, concentration.circom, correlation.circom (margin model v2)
  { config: { file: "tiers.circom", template: "ExcessOver", params: [100] }, expected: 102 },
  { config: { file: "tiers.circom", template: "FloorBps" }, expected: 128 },
  { config: { file: "tiers.circom", template: "TieredAmount" }, expected: 490 },
  {
    config: { file: "concentration.circom", template: "ConcentrationAddOn", params: [16] },
    expected: 3680,
  },
  {
    config: { file: "correlation.circom", template: "CorrelatedScan", params: [4, 16] },
    expected: 3184,
  },
  {
    config: { file: "correlation.circom", template: "CorrelatedScan", params: [2, 16] },
    expected: 3094,
  },
  // solvency-inequality.circom
  {
    config: { file: "solvency-inequality.circom", template: "SolvencyInequality", params: [4, 16] },
    expected: 13818,
  },
  {
    config: { file: "solvency-inequality.circom", template: "SolvencyInequality", params: [2, 16] },
    expected: 8596,
  },
];

describe("constraint counts (--O2)", () => {
  const measured: string[] = [];
  after(() => {
    if (process.env.PRINT_CONSTRAINTS) console.log(measured.join("\n"));
  });
  for (const { config, expected } of cases) {
    const label = `${config.template}(${(config.params ?? []).join(", ")})`;
    it(`${label} has ${expected} constraints`, async () => {
      const c = await WitnessTester.compile(config);
      measured.push(`${label}\t${c.constraintCount()}`);
      expect(c.constraintCount()).to.equal(expected);
    });
  }
  // Both instances of circuits/instances.json, as built by the pipeline (npm run circuits).
  const instances: [string, number][] = [
    ["small", 24278],
    ["standard", 77725],
  ];
  for (const [instance, expected] of instances) {
    it(`the ${instance} instance has ${expected} constraints`, async () => {
      const c = await WitnessTester.fromInstance(instance);
      measured.push(`Solvency[${instance}]\t${c.constraintCount()}`);
      expect(c.constraintCount()).to.equal(expected);
    });
  }
  it("the standard instance fits a 2^17 powers of tau (constraints + public inputs + 1)", async () => {
    const c = await WitnessTester.fromInstance("standard");
    expect(c.constraintCount() + 3 + 1).to.be.at.most(2 ** 17);
  });
});
