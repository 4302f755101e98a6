/**
 * The order racing keepers liquidate in (spreadOrder): each keeper its own fixed permutation of
 * the lapsed accounts, so two keepers start on different accounts instead of both simulating
 * and sending the same liquidation (the load test measured the reverts this saves).
 */
import { expect } from "chai";
import { getAddress, id } from "ethers";
import { spreadOrder } from "../../src/chain";

const addr = (s: string) => getAddress("0x" + id(s).slice(26));
const accounts = Array.from({ length: 100 }, (_, i) => addr(`account ${i}`));
const [k1, k2] = [addr("keeper 1"), addr("keeper 2")];

describe("spreadOrder (keepers racing on lapsed accounts)", () => {
  it("is a permutation of the accounts, fixed for a keeper", () => {
    const a = spreadOrder(accounts, k1);
    expect([...a].sort()).to.deep.equal([...accounts].sort());
    expect(spreadOrder([...accounts].reverse(), k1)).to.deep.equal(a);
  });

  it("differs between keepers: they start on different accounts", () => {
    const a = spreadOrder(accounts, k1);
    const b = spreadOrder(accounts, k2);
    expect(a[0]).to.not.equal(b[0]);
    // far from the same order: few accounts keep their position
    expect(a.filter((x, i) => b[i] === x).length).to.be.below(10);
  });

  it("keeps an empty or single list as it is", () => {
    expect(spreadOrder([], k1)).to.deep.equal([]);
    expect(spreadOrder([accounts[0]], k1)).to.deep.equal([accounts[0]]);
  });
});
