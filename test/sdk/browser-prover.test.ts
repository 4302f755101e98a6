/**
 * The browser SDK's pieces that need no browser: fetching with an integrity check (Node 20 has
 * fetch and Web Crypto), the key descriptor checks, and BrowserProver's messaging with its
 * worker (a fake worker here; test/browser runs the real one in chromium).
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import {
  BrowserProver,
  type CircuitKeys,
  IntegrityError,
  type WorkerLike,
  type WorkerRequest,
  type WorkerResponse,
  checkCircuitKeys,
  fetchVerified,
  sha256Hex,
} from "../../src/browser";
import type { SolvencyInput } from "../../src/circuit-input";
import type { ProofFile } from "../../src/proof";

const hex = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const H = "ab".repeat(32);
const keys = (circuit: string): CircuitKeys => ({
  circuit,
  wasm: { url: "keys/x.wasm", sha256: H },
  zkey: { url: "keys/x.zkey", sha256: H },
  vkey: { url: "keys/vk.json", sha256: H },
  unsafeDevelopmentKeys: true,
});

describe("browser SDK: integrity-checked fetch", () => {
  const body = Buffer.from("the proving key bytes ".repeat(5000));
  let server: http.Server;
  let base = "";
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/key") {
        res.writeHead(200, { "content-length": body.length });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end("no");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it("sha256Hex equals Node's sha256", async () => {
    expect(await sha256Hex(new Uint8Array(body))).to.equal(hex(body));
  });

  it("returns the bytes when they hash to the pinned value, reporting progress", async () => {
    const seen: Array<[number, number]> = [];
    const got = await fetchVerified(`${base}/key`, hex(body), "small zkey", (l, t) =>
      seen.push([l, t]),
    );
    expect(Buffer.from(got).equals(body)).to.equal(true);
    expect(seen[seen.length - 1]).to.deep.equal([body.length, body.length]);
  });

  it("refuses other bytes with an IntegrityError naming the artifact, URL and both hashes", async () => {
    const err = await fetchVerified(`${base}/key`, H, "small zkey").catch((e: unknown) => e);
    expect(err).to.be.instanceOf(IntegrityError);
    expect((err as IntegrityError).artifact).to.equal("small zkey");
    expect((err as Error).message).to.equal(
      `small zkey (${base}/key): sha256 ${hex(body)} is not the expected ${H}: refusing a different key`,
    );
  });

  it("names an HTTP failure", async () => {
    const err = await fetchVerified(`${base}/missing`, H, "small wasm").catch((e: unknown) => e);
    expect((err as Error).message).to.match(/^small wasm \(.*\/missing\): HTTP 404/);
  });
});

describe("browser SDK: key descriptors", () => {
  it("accepts a well-formed descriptor", () => {
    expect(() => checkCircuitKeys(keys("small"))).not.to.throw();
  });
  for (const [field, mutate] of [
    ["keys.circuit", (k: CircuitKeys) => (k.circuit = "Small!")],
    ["keys.zkey.sha256", (k: CircuitKeys) => (k.zkey.sha256 = "AB".repeat(32))],
    ["keys.wasm.url", (k: CircuitKeys) => (k.wasm.url = "")],
    [
      "keys.unsafeDevelopmentKeys",
      (k: CircuitKeys) => ((k as { unsafeDevelopmentKeys: unknown }).unsafeDevelopmentKeys = "yes"),
    ],
  ] as const) {
    it(`names ${field}`, () => {
      const k = keys("small");
      mutate(k);
      expect(() => checkCircuitKeys(k)).to.throw(
        TypeError,
        new RegExp(`^${field.replace(/\./g, "\\.")}: `),
      );
    });
  }
});

/** A worker that answers like worker.ts, scripted by the test. */
class FakeWorker implements WorkerLike {
  sent: WorkerRequest[] = [];
  private listener?: (ev: MessageEvent<WorkerResponse>) => void;
  constructor(private readonly reply: (req: WorkerRequest) => WorkerResponse[]) {}
  postMessage(m: WorkerRequest): void {
    this.sent.push(m);
    for (const r of this.reply(m))
      setTimeout(() => this.listener?.({ data: r } as MessageEvent<WorkerResponse>), 0);
  }
  addEventListener(type: "message" | "error", l: never): void {
    if (type === "message") this.listener = l;
  }
  terminate(): void {}
}

describe("browser SDK: BrowserProver", () => {
  const input = { stateHash: "1" } as unknown as SolvencyInput;
  const proof: ProofFile = {
    version: 1,
    circuit: "small",
    vkeyHash: `0x${H}`,
    unsafeDevelopmentKeys: true,
    proof: { pi_a: [], pi_b: [], pi_c: [], protocol: "groth16", curve: "bn128" },
    publicSignals: ["1", "2", "10000"],
  };

  it("sends the instance's pinned keys, forwards progress and returns the proof", async () => {
    const w = new FakeWorker((req) => [
      { type: "progress", id: req.id, progress: { stage: "prove", fraction: 0.5, detail: "x" } },
      { type: "proof", id: req.id, proof, proveMs: 12 },
    ]);
    const p = new BrowserProver({ keys: { small: keys("small") }, worker: () => w });
    const progress: number[] = [];
    const r = await p.prove(input, "small", (x) => progress.push(x.fraction));
    expect(r).to.deep.equal({ proof, proveMs: 12 });
    expect(progress).to.deep.equal([0.5]);
    const sent = w.sent[0] as Extract<WorkerRequest, { type: "prove" }>;
    expect(sent.type).to.equal("prove");
    expect(sent.keys.zkey).to.deep.equal({ url: "keys/x.zkey", sha256: H });
    expect(await p.asProver()(input, "small")).to.deep.equal(proof);
  });

  it("revives the worker's IntegrityError and refuses an unknown instance", async () => {
    const w = new FakeWorker((req) => [
      {
        type: "error",
        id: req.id,
        error: {
          name: "IntegrityError",
          message: `small zkey (http://h/k.zkey): sha256 ${H} is not the expected ${H}`,
        },
      },
    ]);
    const p = new BrowserProver({ keys: { small: keys("small") }, worker: () => w });
    const err = await p.prove(input, "small").catch((e: unknown) => e);
    expect(err).to.be.instanceOf(IntegrityError);
    expect((err as IntegrityError).url).to.equal("http://h/k.zkey");
    expect(() => p.keysOf("standard")).to.throw(
      /no proving keys for circuit instance "standard" \(configured: small\)/,
    );
  });

  it("refuses a registry whose entry names another circuit", () => {
    expect(
      () =>
        new BrowserProver({
          keys: { standard: keys("small") },
          worker: () => new FakeWorker(() => []),
        }),
    ).to.throw(/keys\.standard\.circuit: must be "standard"/);
  });
});
