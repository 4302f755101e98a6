// circom --inspect output parsing and the allow-list rules (the CI check itself is
// scripts/inspect-circuits.ts, run by pretest).
import { expect } from "chai";
import {
  applyAllowList,
  loadAllowList,
  parseCircomWarnings,
} from "../../src/node/audit/circom-inspect";

const OUTPUT = `template instances: 1
\u001b[1mwarning[T3002]\u001b[0m: Consider using <== instead of <-- to add the corresponding constraint.
  ┌─ "w.circom":7:3
  │
7 │   h <-- a * 2;
  │   ^^^^^^^^^^^ found here
  │
  = call trace:
    ->T

warning[CA01]: In template "T()": Local signal h does not appear in any constraint

warning[CA01]: In template "T()": Local signal unused does not appear in any constraint

non-linear constraints: 1
Everything went okay
`;

describe("circuit hygiene (circom --inspect)", () => {
  it("parses warnings with code, location and template", () => {
    const w = parseCircomWarnings(OUTPUT);
    expect(w.map((x) => x.code)).to.deep.equal(["T3002", "CA01", "CA01"]);
    expect(w[0].location).to.equal("w.circom:7");
    expect(w[0].template).to.equal("T");
    expect(w[1].template).to.equal("T");
  });

  it("an allow-list entry explains only what it matches; stale entries are reported", () => {
    const w = parseCircomWarnings(OUTPUT);
    const r = applyAllowList(w, {
      version: 1,
      allow: [
        { code: "CA01", match: "signal unused", reason: "kept for the interface of T" },
        { code: "T9999", reason: "matches nothing any more" },
      ],
    });
    expect(r.unexplained.map((x) => x.message)).to.have.length(2);
    expect(r.unused.map((e) => e.code)).to.deep.equal(["T9999"]);
  });

  it("the repository's allow-list is well formed (every entry has a reason)", () => {
    expect(loadAllowList().version).to.equal(1);
  });
});
