/**
 * The relayer's pieces that need no chain: the LMDB queue across a close and reopen (a batch
 * written before sending is still `sending`, its proofs submitted; finishing it requeues or
 * settles each), the POST /proofs body parser naming the field, the per-account rate limit.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { InputError } from "../../src/errors";
import type { ProofFile } from "../../src/proof";
import { RateLimiter } from "../../src/node/relayer/rate-limit";
import { parseSubmission } from "../../src/node/relayer/request";
import { openRelayerStore } from "../../src/node/relayer/store";

const A = "0x00000000000000000000000000000000000000A1";
const B = "0x00000000000000000000000000000000000000b2";
const proof = { version: 1 } as unknown as ProofFile;
const item = (id: string, account: string, received: number) => ({
  id,
  account,
  epoch: "1",
  tier: 0,
  grants: "100",
  proof,
  received,
});

describe("relayer store, request and rate limit", () => {
  let dir = "";
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-relayer-store-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps a batch written before sending across a reopen, then settles or requeues each proof", async () => {
    let s = openRelayerStore(dir);
    s.enqueue(item("a", A, 20));
    s.enqueue(item("b", B, 10));
    expect(s.queued().map((p) => p.id)).to.deep.equal(["b", "a"]);
    expect(s.active(A)?.id).to.equal("a");
    s.beginBatch({ id: "x", proofIds: ["b", "a"], nonce: 3, sender: A, block: 7, created: 0 });
    await s.close(); // as if killed: the commit is on disk
    s = openRelayerStore(dir);
    expect(s.sending().map((b) => b.id)).to.deep.equal(["x"]);
    expect(s.queued()).to.have.length(0);
    expect(s.get("a")?.status).to.equal("submitted");
    s.finishBatch("x", [
      { id: "a", status: "accepted", tx: "0x01", recovered: true },
      { id: "b", status: "queued" },
    ]);
    expect(s.sending()).to.have.length(0);
    expect(s.get("a")).to.include({ status: "accepted", tx: "0x01", batch: "x", recovered: true });
    expect(s.active(A)).to.equal(undefined);
    expect(s.active(B)?.id).to.equal("b");
    expect(s.queued().map((p) => p.id)).to.deep.equal(["b"]);
    expect(s.counts()).to.deep.equal({
      queued: 1,
      submitted: 0,
      accepted: 1,
      rejected: 0,
      batches: 1,
    });
    await s.close();
  });

  it("parses POST /proofs bodies, naming the bad field", () => {
    const field = (body: unknown): string => {
      try {
        parseSubmission(body);
      } catch (e) {
        if (e instanceof InputError) return e.path;
        throw e;
      }
      return "(none)";
    };
    expect(field([])).to.equal("(root)");
    expect(field({ account: "0x12", epoch: "1", tier: 0, proof: {} })).to.equal("account");
    expect(field({ account: A, epoch: "-1", tier: 0, proof: {} })).to.equal("epoch");
    expect(field({ account: A, epoch: 1, tier: 256, proof: {} })).to.equal("tier");
    expect(field({ account: A, epoch: 1, tier: 0, proof: {} })).to.equal("proof.version");
    expect(field({ account: A, epoch: 1, tier: 0, proof: {}, extra: 1 })).to.equal("extra");
  });

  it("limits hits per key in a sliding window", () => {
    const r = new RateLimiter(2, 1000);
    expect([r.allow(A, 0), r.allow(A, 10), r.allow(A, 20), r.allow(B, 20)]).to.deep.equal([
      true,
      true,
      false,
      true,
    ]);
    expect(r.allow(A, 1011)).to.equal(true);
  });
});
