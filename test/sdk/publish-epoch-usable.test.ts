/**
 * The SDK's `publishRiskEpoch` refuses an epoch no proof could use, by the same rule as the
 * CLI and the provers (EPOCH_PROVING_MARGIN): not only a stale one, but one that expires within
 * the proving margin of the chain's time. A stub engine: no chain needed.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import {
  ChainCheckError,
  EPOCH_PROVING_MARGIN,
  type MarginEngineClient,
  checkEpochUsable,
  publishRiskEpoch,
  tableCollateralHash,
  tableSlotTokens,
} from "../../src/chain";
import { buildRiskTable } from "../../src/risk-table";
import { parseMarket } from "../../src/schema";

const market = parseMarket(
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "market.json"), "utf8")),
  "examples/market.json",
);
const table = buildRiskTable(market, "small");
const TTL = 3600n;

/** An engine at chain time `now` that records whether publishEpoch was sent. */
function stubEngine(now: bigint): { engine: MarginEngineClient; sent: () => boolean } {
  let sent = false;
  const engine = {
    collateralTokens: async () => tableSlotTokens(table),
    collateralHash: async () => tableCollateralHash(table),
    blockTime: async () => now,
    params: async () => ({ proofTtl: TTL }),
    publishEpoch: async () => {
      sent = true;
      return { hash: "0x", blockNumber: 1, gasUsed: 0n };
    },
    epoch: async () => ({ expiry: BigInt(table.timestamp) + TTL }),
  } as unknown as MarginEngineClient;
  return { engine, sent: () => sent };
}

async function refusal(p: Promise<unknown>): Promise<ChainCheckError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ChainCheckError);
    return e as ChainCheckError;
  }
  throw new Error("expected a refusal");
}

describe("publishRiskEpoch: an epoch no proof can use is refused before sending", () => {
  const ts = BigInt(table.timestamp);

  it("an epoch expiring within the proving margin is refused (StaleEpoch), nothing sent", async () => {
    const now = ts + TTL - EPOCH_PROVING_MARGIN / 2n; // still fresh on the engine, not provable
    const { engine, sent } = stubEngine(now);
    const e = await refusal(publishRiskEpoch(engine, table));
    expect(e.code).to.equal("StaleEpoch");
    expect(e.message).to.contain(`${EPOCH_PROVING_MARGIN} s`);
    expect(sent()).to.equal(false);
  });

  it("an epoch from the future is refused (InvalidTimestamp), nothing sent", async () => {
    const { engine, sent } = stubEngine(ts - 1n);
    const e = await refusal(publishRiskEpoch(engine, table));
    expect(e.code).to.equal("InvalidTimestamp");
    expect(sent()).to.equal(false);
  });

  it("an epoch fresh past the margin is published", async () => {
    const { engine, sent } = stubEngine(ts + TTL - EPOCH_PROVING_MARGIN - 1n);
    const r = await publishRiskEpoch(engine, table);
    expect(sent()).to.equal(true);
    expect(r.expiry).to.equal(ts + TTL);
  });

  it("beforeSend (the CLI writes risk.json there) runs only once the checks passed, before the tx", async () => {
    const refused = stubEngine(ts + TTL);
    let calls = 0;
    await refusal(publishRiskEpoch(refused.engine, table, { beforeSend: () => void calls++ }));
    expect(calls).to.equal(0);
    const ok = stubEngine(ts);
    const order: string[] = [];
    await publishRiskEpoch(ok.engine, table, {
      beforeSend: () => void order.push(ok.sent() ? "after the tx" : "before the tx"),
    });
    expect(order).to.deep.equal(["before the tx"]);
  });

  it("checkEpochUsable is the one rule: boundary exactly at the margin is refused", () => {
    const clock = { now: ts + TTL - EPOCH_PROVING_MARGIN, proofTtl: TTL };
    expect(() => checkEpochUsable(table.timestamp, clock, "timestamp")).to.throw(ChainCheckError);
    expect(() =>
      checkEpochUsable(table.timestamp, { ...clock, now: clock.now - 1n }, "timestamp"),
    ).not.to.throw();
  });
});
