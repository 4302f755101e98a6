// SPEC 7.1 data in the risk root (PROTOCOL section 6): the packed words, their effect on the
// roots, and risk.json's record of them (written only when used, re-validated when parsed).
import { expect } from "chai";
import { hash } from "../../src/poseidon";
import {
  epochWord,
  groupWord,
  instrumentLeaf,
  parseRiskTable,
  riskHash,
  serializeRiskTable,
  tagWord,
  collateralLeaves,
} from "../../src/risk-table";
import { expectInputError } from "./helpers";
import { V2Options, v2Table } from "./v2-market";

const FULL: V2Options = {
  correlation: { BTC: "0.5", ETH: "0.25" },
  concentration: { "BTC-PERP": { threshold: "10", charge: "100" } },
  tiers: {
    ALT: [
      { above: "100", haircut: "0.5" },
      { above: "1000", haircut: "0.8" },
    ],
  },
};

const P100 = 1n << 100n;

describe("SPEC 7.1 data in the risk root", () => {
  const t = v2Table(FULL);

  it("packs T and L into the instrument leaf's groupWord = g + 2^8 T + 2^74 L", () => {
    const i = t.instruments[0];
    const word = 0n + (1_000_000_000n << 8n) + ((10n ** 24n) << 74n);
    expect(groupWord(i)).to.equal(word);
    expect(instrumentLeaf(i)).to.equal(hash([i.idField, word, i.mark, i.floor, riskHash(i.risk)]));
    expect(groupWord(t.instruments[1])).to.equal(1n); // no concentration: v1's group index
  });

  it("packs f_t and D_t = 2^100 - A_t into the collateral leaf's tagWord", () => {
    const c = t.collateral[1];
    const word =
      3n + (6250n << 8n) + (2500n << 22n) + ((P100 - 100n) << 36n) + ((P100 - 1000n) << 138n);
    expect(tagWord(c.groupTag, c.tiers)).to.equal(word);
    expect(collateralLeaves(t.collateral, t.instance)[1]).to.equal(
      hash([c.tokenField, word, hash(c.unitValues)]),
    );
    // one tier: the absent second one is A_2 = 2^100 (D_2 = 0), f_2 = 0
    expect(tagWord(3, c.tiers.slice(0, 1))).to.equal(3n + (6250n << 8n) + ((P100 - 100n) << 36n));
    expect(tagWord(0, [])).to.equal(0n); // no tiers: v1's group tag
  });

  it("packs r_g into the risk root's epochWord = epoch + 2^64 (r_0 + 2^14 r_1 + ...)", () => {
    const word = 7n + ((5000n + (2500n << 14n)) << 64n);
    expect(epochWord(7, [5000, 2500, 0])).to.equal(word);
    expect(t.riskRoot).to.equal(hash([t.instrumentRoot, t.collateralRoot, word, 1763900000n]));
    expect(epochWord(7, [0, 0, 0, 0])).to.equal(7n);
    expect(() => epochWord(2 ** 64)).to.throw(RangeError);
  });

  it("changes the risk root when any one new value changes", () => {
    const variants: Array<[string, V2Options]> = [
      ["v1", {}],
      ["full", FULL],
      [
        "T",
        { ...FULL, concentration: { "BTC-PERP": { threshold: "10.00000001", charge: "100" } } },
      ],
      ["L", { ...FULL, concentration: { "BTC-PERP": { threshold: "10", charge: "100.01" } } }],
      ["r_0", { ...FULL, correlation: { BTC: "0.5001", ETH: "0.25" } }],
      ["r_1", { ...FULL, correlation: { BTC: "0.5", ETH: "0.2501" } }],
      ["r_2", { ...FULL, correlation: { BTC: "0.5", ETH: "0.25", ALT: "0.0001" } }],
      [
        "A_1",
        {
          ...FULL,
          tiers: {
            ALT: [
              { above: "101", haircut: "0.5" },
              { above: "1000", haircut: "0.8" },
            ],
          },
        },
      ],
      [
        "A_2",
        {
          ...FULL,
          tiers: {
            ALT: [
              { above: "100", haircut: "0.5" },
              { above: "999", haircut: "0.8" },
            ],
          },
        },
      ],
      [
        "f_1",
        {
          ...FULL,
          tiers: {
            ALT: [
              { above: "100", haircut: "0.5001" },
              { above: "1000", haircut: "0.8" },
            ],
          },
        },
      ],
      [
        "f_2",
        {
          ...FULL,
          tiers: {
            ALT: [
              { above: "100", haircut: "0.5" },
              { above: "1000", haircut: "0.7999" },
            ],
          },
        },
      ],
    ];
    const roots = variants.map(([name, o]) => [name, v2Table(o).riskRoot.toString()]);
    const seen = new Map<string, string>();
    for (const [name, root] of roots) {
      expect(seen.get(root), `${name} has the root of ${seen.get(root)}`).to.equal(undefined);
      seen.set(root, name);
    }
    // T and L only move the instrument root, tiers the collateral root, r_g only the top hash
    const T = v2Table(variants[2][1]);
    expect(T.collateralRoot).to.equal(t.collateralRoot);
    expect(T.instrumentRoot).to.not.equal(t.instrumentRoot);
    const r = v2Table(variants[4][1]);
    expect([r.instrumentRoot, r.collateralRoot]).to.deep.equal([
      t.instrumentRoot,
      t.collateralRoot,
    ]);
  });
});

describe("risk.json with SPEC 7.1 data", () => {
  const t = v2Table(FULL);
  const text = serializeRiskTable(t);
  type J = {
    groups: Array<Record<string, unknown>>;
    instruments: Array<Record<string, unknown>>;
    collateral: Array<Record<string, unknown> & { tiers?: Array<Record<string, unknown>> }>;
  };
  const edit = (f: (j: J) => void): J => {
    const j = JSON.parse(text) as J;
    f(j);
    return j;
  };
  const refused = (j: J, path: string, rule: RegExp) =>
    expectInputError(() => parseRiskTable(j, "risk.json"), "risk.json", path, rule);

  it("records the decimals and integers only where used, and parses back byte for byte", () => {
    const j = JSON.parse(text) as J;
    expect(j.groups[0]).to.include({ correlation: "0.5", correlationBps: 5000 });
    expect(j.groups[2]).to.not.have.any.keys("correlation", "correlationBps");
    expect(j.instruments[0]).to.deep.include({
      concentration: { threshold: "10", charge: "100" },
      liquidityThreshold: "1000000000",
      liquidityCharge: (10n ** 24n).toString(),
    });
    expect(j.instruments[1]).to.not.have.any.keys("concentration", "liquidityThreshold");
    expect(j.collateral[1]).to.deep.include({
      haircut: "0.2",
      tiers: [
        { above: "100", haircut: "0.5", aboveUnits: "100", factor: 6250 },
        { above: "1000", haircut: "0.8", aboveUnits: "1000", factor: 2500 },
      ],
    });
    expect(j.collateral[0]).to.not.have.any.keys("haircut", "tiers");
    const back = parseRiskTable(JSON.parse(text));
    expect(back.riskRoot).to.equal(t.riskRoot);
    expect(serializeRiskTable(back)).to.equal(text);
  });

  it("refuses an integer that does not match its decimal", () => {
    refused(
      edit((j) => (j.groups[0].correlationBps = 5001)),
      "groups[0].correlationBps",
      /does not match/,
    );
    refused(
      edit((j) => (j.instruments[0].liquidityThreshold = "999999999")),
      "instruments[0].liquidityThreshold",
      /does not match/,
    );
    refused(
      edit((j) => (j.instruments[0].liquidityCharge = "1")),
      "instruments[0].liquidityCharge",
      /does not match/,
    );
    refused(
      edit((j) => (j.collateral[1].tiers![0].aboveUnits = "99")),
      "collateral[1].tiers[0].aboveUnits",
      /does not match/,
    );
    refused(
      edit((j) => (j.collateral[1].tiers![1].factor = 2501)),
      "collateral[1].tiers[1].factor",
      /does not match/,
    );
    refused(
      edit((j) => (j.collateral[1].haircut = "0.1")),
      "collateral[1].tiers[0].factor",
      /does not match/,
    );
    refused(
      edit((j) => delete j.groups[0].correlationBps),
      "groups[0].correlationBps",
      /together/,
    );
    refused(
      edit((j) => delete j.collateral[1].haircut),
      "collateral[1].tiers",
      /together/,
    );
  });

  it("refuses a consistent edit by the roots", () => {
    refused(
      edit((j) => Object.assign(j.groups[0], { correlation: "0.6", correlationBps: 6000 })),
      "roots.riskRoot",
      /does not match/,
    );
    refused(
      edit((j) =>
        Object.assign(j.instruments[0], {
          concentration: { threshold: "11", charge: "100" },
          liquidityThreshold: "1100000000",
        }),
      ),
      "roots.instrumentRoot",
      /does not match/,
    );
    refused(
      edit((j) => Object.assign(j.collateral[1].tiers![1], { above: "2000", aboveUnits: "2000" })),
      "roots.collateralRoot",
      /does not match/,
    );
  });

  it("re-checks the bounds: tiers out of order, correlation above 1", () => {
    refused(
      edit((j) => {
        j.collateral[1].tiers!.reverse();
      }),
      "collateral[1].tiers[1].aboveUnits",
      /strictly increasing/,
    );
    refused(
      edit((j) => Object.assign(j.groups[0], { correlation: "1.5", correlationBps: 15000 })),
      "groups[0].correlation",
      /\[0, 1\]/,
    );
  });
});
