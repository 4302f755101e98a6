import { expect } from "chai";
import {
  parseDecimal,
  decimalToScaled,
  floorRat,
  ceilRat,
  roundHalfAwayRat,
  rat,
  doubleToRational,
  formatScaled,
  formatRational,
} from "../../src/decimal";
import { fieldOf, signedOf, idField, idFromField, P } from "../../src/field";
import { hash } from "../../src/poseidon";

describe("decimal", () => {
  it("parses decimal strings exactly", () => {
    expect(parseDecimal("61000.25")).to.deep.equal({ units: 6100025n, scale: 2 });
    expect(parseDecimal("-3")).to.deep.equal({ units: -3n, scale: 0 });
    expect(parseDecimal("0.10")).to.deep.equal({ units: 1n, scale: 1 });
    expect(parseDecimal("0")).to.deep.equal({ units: 0n, scale: 0 });
    expect(parseDecimal("-0.000000000000000000000000000001")).to.deep.equal({
      units: -1n,
      scale: 30,
    });
  });
  for (const bad of [
    "",
    "+3",
    ".5",
    "5.",
    "1e5",
    "1E-3",
    " 1",
    "1 ",
    "01",
    "--1",
    "0x10",
    "1,5",
    "NaN",
    "Infinity",
    "-",
    "1.2.3",
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => expect(parseDecimal(bad)).to.equal(undefined));
  }
  it("scales exactly or refuses", () => {
    expect(decimalToScaled(parseDecimal("1.5")!, 6)).to.equal(1500000n);
    expect(decimalToScaled(parseDecimal("1.0000001")!, 6)).to.equal(undefined);
    expect(decimalToScaled(parseDecimal("1.5000000000")!, 6)).to.equal(1500000n);
  });
  it("rounds in the named direction", () => {
    expect(floorRat(rat(7n, 2n))).to.equal(3n);
    expect(floorRat(rat(-7n, 2n))).to.equal(-4n);
    expect(ceilRat(rat(7n, 2n))).to.equal(4n);
    expect(ceilRat(rat(-7n, 2n))).to.equal(-3n);
    expect(ceilRat(rat(6n, 2n))).to.equal(3n);
    expect(roundHalfAwayRat(rat(5n, 2n))).to.equal(3n);
    expect(roundHalfAwayRat(rat(-5n, 2n))).to.equal(-3n);
    expect(roundHalfAwayRat(rat(7n, 3n))).to.equal(2n);
    expect(roundHalfAwayRat(rat(-8n, 3n))).to.equal(-3n);
  });
  it("converts doubles to rationals exactly", () => {
    expect(doubleToRational(0.5)).to.deep.equal(rat(1n, 2n));
    expect(doubleToRational(-3)).to.deep.equal(rat(-3n));
    expect(doubleToRational(0.1)).to.deep.equal(rat(3602879701896397n, 36028797018963968n));
    expect(doubleToRational(2 ** 80)).to.deep.equal(rat(2n ** 80n));
    expect(doubleToRational(Number.MIN_VALUE)).to.deep.equal(rat(1n, 2n ** 1074n));
  });
  it("formats V and rationals", () => {
    expect(formatScaled(6100025n * 10n ** 28n, 30)).to.equal("61000.25");
    expect(formatScaled(-3n * 10n ** 30n, 30)).to.equal("-3");
    expect(formatScaled(-1n, 30)).to.equal("-0.000000000000000000000000000001");
    expect(formatScaled(12345n, 4, 4)).to.equal("1.2345");
    expect(formatScaled(-5n, 4, 4)).to.equal("-0.0005");
    expect(formatRational(rat(7n, 20n))).to.equal("0.35");
  });
});

describe("field and Poseidon", () => {
  it("encodes signed values", () => {
    expect(fieldOf(-1n)).to.equal(P - 1n);
    expect(signedOf(P - 1n)).to.equal(-1n);
    expect(signedOf(fieldOf(12345n))).to.equal(12345n);
  });
  it("encodes identifiers as big-endian ASCII (PROTOCOL section 2)", () => {
    expect(idField("BTC-PERP")).to.equal(0x4254432d50455250n);
    expect(idFromField(idField("ETH-26DEC25-3000-C"))).to.equal("ETH-26DEC25-3000-C");
    expect(() => idField("")).to.throw();
    expect(() => idField("x".repeat(32))).to.throw();
  });
  it("matches circomlib Poseidon test vectors", () => {
    // circomlibjs test/poseidon.js: poseidon([1, 2])
    expect(hash([1n, 2n])).to.equal(
      7853200120776062878684798364095072458815029376092732009249414926327459813530n,
    );
    expect(() => hash([])).to.throw();
    expect(() => hash(new Array<bigint>(17).fill(0n))).to.throw();
    expect(() => hash([P])).to.throw();
  });
});
