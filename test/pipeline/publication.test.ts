// Published artifacts (src/node/publication): publish build/small, serve it on loopback,
// install it pinned by the manifest's sha256, and every refusal (corrupted, truncated, 404,
// another manifest, a cache changed on disk), over HTTP, from a folder and through the CLI.
import { expect } from "chai";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { InputError } from "../../src/errors";
import { artifactPaths, requireArtifacts } from "../../src/node/artifacts";
import { releaseSnarkjsWorkers } from "../../src/node/pipeline";
import { sha256File } from "../../src/node/pipeline/hash";
import { loadKeyInfo } from "../../src/node/prover";
import {
  ArtifactHashMismatchError,
  ArtifactUnavailableError,
  InconsistentPublicationError,
  InstallOptions,
  InstallProgress,
  Publication,
  ROLES,
  Role,
  SOURCE_RECORD,
  TruncatedDownloadError,
  installArtifacts,
  publishArtifacts,
} from "../../src/node/publication";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "zkmargin.js");
const I = "small";
const ZKEY = `${I}/${I}.zkey`;

type Fault = "corrupt" | "truncate" | "404";

const sha256 = (b: Uint8Array): string => crypto.createHash("sha256").update(b).digest("hex");
const flipMiddle = (b: Buffer): Buffer => {
  const c = Buffer.from(b);
  c[c.length >> 1] ^= 0xff;
  return c;
};

/** The rejection of `p`, which must be an instance of `cls`. */
async function rejection<T>(p: Promise<unknown>, cls: new (...a: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(cls);
    return e as T;
  }
  throw new Error(`expected a ${cls.name}`);
}

/** Every file under `dir` (relative paths), for "nothing was installed" checks. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(dir, f)).isFile(),
  );
}

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("published artifacts (zkmargin setup --artifacts / --publish)", function () {
  this.timeout(120000);
  const built = artifactPaths(I); // the repository's build/small
  const builtFile: Record<Role, string> = {
    wasm: built.wasm,
    zkey: built.zkey,
    vkey: built.vkey,
    verifier: built.verifier,
    manifest: built.manifest,
  };
  let tmp: string;
  let pub: string;
  let pin: string;
  let publication: Publication;
  let server: http.Server;
  let url: string;
  const faults = new Map<string, Fault>();
  const requests: string[] = [];
  let n = 0;
  const freshBuild = (): string => path.join(tmp, `build-${++n}`);
  const opts = (o: Partial<InstallOptions> = {}): InstallOptions => ({
    source: url,
    sha256: pin,
    buildDir: freshBuild(),
    idleTimeoutMs: 10000,
    ...o,
  });

  before(async function () {
    if (![built.wasm, built.zkey, built.vkey, built.manifest].every((f) => fs.existsSync(f)))
      this.skip(); // needs build/small with keys (npm run circuits)
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-pub-"));
    pub = path.join(tmp, "pub");
    const r = await publishArtifacts({ outDir: pub, instances: [I] });
    pin = r.sha256;
    publication = r.publication;
    server = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).slice(1);
      requests.push(rel);
      const file = path.join(pub, rel);
      const fault = faults.get(rel);
      if (!file.startsWith(pub + path.sep) || fault === "404" || !fs.existsSync(file)) {
        res.writeHead(404).end("not found");
        return;
      }
      const body = fault === "corrupt" ? flipMiddle(fs.readFileSync(file)) : fs.readFileSync(file);
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": body.length,
      });
      if (fault === "truncate") res.write(body.subarray(0, body.length >> 1), () => res.destroy());
      else res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  beforeEach(() => {
    faults.clear();
    requests.length = 0;
  });

  after(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await releaseSnarkjsWorkers();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("publish writes artifacts.json and the files of build/small, hashed", async () => {
    const e = publication.instances[I];
    expect(e.unsafeDevelopmentKeys).to.equal(true);
    expect(e.vkeyHash).to.equal(loadKeyInfo(I).vkeyHash);
    for (const role of ROLES) {
      const entry = e[role];
      expect(entry, role).to.not.equal(undefined);
      const file = path.join(pub, ...entry!.file.split("/"));
      expect(await sha256File(file), role).to.equal(entry!.sha256);
      expect(await sha256File(builtFile[role]), role).to.equal(entry!.sha256);
      expect(fs.statSync(file).size).to.equal(entry!.size);
    }
    expect(sha256(fs.readFileSync(path.join(pub, "artifacts.json")))).to.equal(pin);
  });

  let installed: string;
  it("installs over HTTP: the same bytes where prove/verify look, progress, a source record", async () => {
    const progress: InstallProgress[] = [];
    installed = freshBuild();
    const r = await installArtifacts(
      opts({ buildDir: installed, onProgress: (p) => progress.push(p) }),
    );
    expect(r.manifestSha256).to.equal(pin);
    expect(r.manifestCached).to.equal(false);
    const inst = r.instances[0];
    expect(inst.files.map((f) => f.status)).to.deep.equal(ROLES.map(() => "fetched"));
    for (const f of inst.files)
      expect(await sha256File(f.path), f.role).to.equal(await sha256File(builtFile[f.role]));
    expect(inst.files.find((f) => f.role === "wasm")?.path).to.equal(
      artifactPaths(I, { buildDir: installed }).wasm,
    );
    requireArtifacts(I, { buildDir: installed });
    expect(loadKeyInfo(I, { buildDir: installed }).vkeyHash).to.equal(loadKeyInfo(I).vkeyHash);
    const last = progress.filter((p) => p.artifact === ZKEY).pop();
    expect(last?.loaded).to.equal(publication.instances[I].zkey.size);
    expect(last?.total).to.equal(publication.instances[I].zkey.size);
    const record = JSON.parse(fs.readFileSync(path.join(installed, I, SOURCE_RECORD), "utf8")) as {
      manifestSha256: string;
      files: Record<string, { sha256: string }>;
    };
    expect(record.manifestSha256).to.equal(pin);
    expect(record.files.zkey.sha256).to.equal(publication.instances[I].zkey.sha256);
    expect(filesUnder(installed).filter((f) => f.endsWith(".part"))).to.deep.equal([]);
  });

  it("a second run is served from the cache under build/ (no request at all)", async () => {
    const r = await installArtifacts(opts({ buildDir: installed }));
    expect(r.manifestCached).to.equal(true);
    expect(r.instances[0].files.every((f) => f.status === "cached")).to.equal(true);
    expect(requests).to.deep.equal([]);
  });

  it("refuses a corrupted zkey naming the file and both hashes; installs nothing", async () => {
    faults.set(ZKEY, "corrupt");
    const dir = freshBuild();
    const e = await rejection(installArtifacts(opts({ buildDir: dir })), ArtifactHashMismatchError);
    const corrupted = sha256(flipMiddle(fs.readFileSync(path.join(pub, I, `${I}.zkey`))));
    expect(e.artifact).to.equal(ZKEY);
    expect(e.location).to.equal(`${url}${ZKEY}`);
    expect(e.origin).to.equal("download");
    expect(e.expected).to.equal(publication.instances[I].zkey.sha256);
    expect(e.actual).to.equal(corrupted);
    expect(e.message).to.contain(e.expected).and.contain(e.actual).and.contain(ZKEY);
    expect(filesUnder(path.join(dir, I))).to.deep.equal([]);
  });

  it("refuses a truncated download (Content-Length larger than the body)", async () => {
    faults.set(ZKEY, "truncate");
    const dir = freshBuild();
    const e = await rejection(installArtifacts(opts({ buildDir: dir })), TruncatedDownloadError);
    expect(e.artifact).to.equal(ZKEY);
    expect(e.expectedBytes).to.equal(publication.instances[I].zkey.size);
    expect(e.receivedBytes).to.be.lessThan(e.expectedBytes);
    expect(filesUnder(path.join(dir, I))).to.deep.equal([]);
  });

  it("reports a 404 with the URL and the status", async () => {
    faults.set(`${I}/verification_key.json`, "404");
    const e = await rejection(installArtifacts(opts()), ArtifactUnavailableError);
    expect(e.status).to.equal(404);
    expect(e.location).to.equal(`${url}${I}/verification_key.json`);
  });

  it("refuses a manifest that is not the pinned one, and an unpinned one", async () => {
    const other = "ab".repeat(32);
    let e = await rejection(installArtifacts(opts({ sha256: other })), ArtifactHashMismatchError);
    expect([e.artifact, e.expected, e.actual]).to.deep.equal(["artifacts.json", other, pin]);
    faults.set("artifacts.json", "corrupt");
    e = await rejection(installArtifacts(opts()), ArtifactHashMismatchError);
    expect(e.expected).to.equal(pin);
    expect(e.actual).to.not.equal(pin);
    const u = await rejection(installArtifacts(opts({ sha256: undefined })), InputError);
    expect(u.path).to.equal("sha256");
    expect(u.rule).to.match(/not pinned/);
  });

  it("refuses a cached file changed on disk (both hashes); --force fetches it again", async () => {
    const dir = freshBuild();
    await installArtifacts(opts({ buildDir: dir }));
    const zkey = artifactPaths(I, { buildDir: dir }).zkey;
    fs.writeFileSync(zkey, flipMiddle(fs.readFileSync(zkey)));
    const changed = await sha256File(zkey);
    const e = await rejection(installArtifacts(opts({ buildDir: dir })), ArtifactHashMismatchError);
    expect(e.origin).to.equal("cache");
    expect(e.artifact).to.equal(ZKEY);
    expect(e.location).to.equal(zkey);
    expect(e.expected).to.equal(publication.instances[I].zkey.sha256);
    expect(e.actual).to.equal(changed);
    expect(e.message).to.match(/changed on disk since it was installed/);
    const r = await installArtifacts(opts({ buildDir: dir, force: true }));
    expect(r.instances[0].files.find((f) => f.role === "zkey")?.status).to.equal("replaced");
    expect(await sha256File(zkey)).to.equal(publication.instances[I].zkey.sha256);
  });

  it("installs from a local folder, and refuses a corrupted or missing file there", async () => {
    const dir = freshBuild();
    const r = await installArtifacts(opts({ source: pub, buildDir: dir }));
    for (const f of r.instances[0].files)
      expect(await sha256File(f.path), f.role).to.equal(await sha256File(builtFile[f.role]));

    const copy = path.join(tmp, "pub-corrupt");
    fs.cpSync(pub, copy, { recursive: true });
    const z = path.join(copy, I, `${I}.zkey`);
    fs.writeFileSync(z, flipMiddle(fs.readFileSync(z)));
    const e = await rejection(installArtifacts(opts({ source: copy })), ArtifactHashMismatchError);
    expect([e.artifact, e.location, e.expected]).to.deep.equal([
      ZKEY,
      z,
      publication.instances[I].zkey.sha256,
    ]);
    fs.rmSync(z);
    const m = await rejection(installArtifacts(opts({ source: copy })), ArtifactUnavailableError);
    expect(m.location).to.equal(z);
  });

  it("refuses a pinned manifest that breaks the schema (file, field path, rule)", async () => {
    const bad = (edit: (p: Publication) => void): { dir: string; sha: string } => {
      const p = JSON.parse(JSON.stringify(publication)) as Publication;
      edit(p);
      const dir = fs.mkdtempSync(path.join(tmp, "bad-"));
      const text = JSON.stringify(p);
      fs.writeFileSync(path.join(dir, "artifacts.json"), text);
      return { dir, sha: sha256(Buffer.from(text)) };
    };
    let b = bad((p) => (p.instances[I].zkey.sha256 = "xyz"));
    let e = await rejection(installArtifacts(opts({ source: b.dir, sha256: b.sha })), InputError);
    expect(e.file).to.equal(path.join(b.dir, "artifacts.json"));
    expect(e.path).to.equal("instances.small.zkey.sha256");
    expect(e.rule).to.match(/64 lower-case hex/);
    b = bad((p) => (p.instances[I].wasm.file = "../../etc/passwd"));
    e = await rejection(installArtifacts(opts({ source: b.dir, sha256: b.sha })), InputError);
    expect(e.path).to.equal("instances.small.wasm.file");
    expect(e.rule).to.match(/relative path inside the publication/);
  });

  it("refuses a publication whose build manifest records another zkey", async () => {
    const copy = path.join(tmp, "pub-inconsistent");
    fs.cpSync(pub, copy, { recursive: true });
    const mf = path.join(copy, I, "manifest.json");
    const m = JSON.parse(fs.readFileSync(mf, "utf8")) as { keys: { zkeySha256: string } };
    m.keys.zkeySha256 = "00".repeat(32);
    const mText = JSON.stringify(m);
    fs.writeFileSync(mf, mText);
    const p = JSON.parse(JSON.stringify(publication)) as Publication;
    p.instances[I].manifest = {
      ...p.instances[I].manifest,
      sha256: sha256(Buffer.from(mText)),
      size: mText.length,
    };
    const text = JSON.stringify(p);
    fs.writeFileSync(path.join(copy, "artifacts.json"), text);
    const dir = freshBuild();
    const e = await rejection(
      installArtifacts(opts({ source: copy, sha256: sha256(Buffer.from(text)), buildDir: dir })),
      InconsistentPublicationError,
    );
    expect(e.field).to.equal("keys.zkeySha256");
    expect(filesUnder(path.join(dir, I))).to.deep.equal([]);
  });

  it("publishes ceremony keys (--keys-from) only when the verification key is the zkey's", async () => {
    const keys = path.join(tmp, "ceremony-export");
    fs.mkdirSync(keys);
    fs.copyFileSync(built.zkey, path.join(keys, `${I}.zkey`));
    fs.copyFileSync(built.vkey, path.join(keys, "verification_key.json"));
    const r = await publishArtifacts({
      outDir: path.join(tmp, "pub-ceremony"),
      instances: [I],
      keysFrom: keys,
    });
    expect(r.publication.instances[I].unsafeDevelopmentKeys).to.equal(false);
    expect(r.publication.instances[I].verifier).to.equal(undefined);
    const dir = freshBuild();
    await installArtifacts(opts({ source: r.outDir, sha256: r.sha256, buildDir: dir }));
    expect(loadKeyInfo(I, { buildDir: dir }).unsafeDevelopmentKeys).to.equal(false);

    const other = artifactPaths("standard").vkey;
    if (!fs.existsSync(other)) return;
    fs.copyFileSync(other, path.join(keys, "verification_key.json"));
    await rejection(
      publishArtifacts({ outDir: path.join(tmp, "pub-bad"), instances: [I], keysFrom: keys }),
      InconsistentPublicationError,
    );
  });

  it("CLI: exit 0 installing, 1 on a corrupted file (file and both hashes), 2 unpinned", async () => {
    const dir = freshBuild();
    const env = { ZKMARGIN_BUILD_DIR: dir };
    const ok = await runCli(
      ["setup", "--artifacts", url, "--artifacts-sha256", pin, "--instance", I],
      env,
    );
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain(`${ZKEY}  fetched`);
    expect(ok.stderr).to.match(/small\/small\.zkey .* 100%/);

    const config = path.join(tmp, "zkmargin.config.json");
    fs.writeFileSync(config, JSON.stringify({ artifacts: { url, sha256: pin } }));
    const again = await runCli(["setup", "--artifacts", "--config", config, "--json"], env);
    expect(again.code, again.stderr).to.equal(0);
    const j = JSON.parse(again.stdout) as {
      instances: Array<{ files: Array<{ status: string }> }>;
    };
    expect(j.instances[0].files.every((f) => f.status === "cached")).to.equal(true);

    faults.set(ZKEY, "corrupt");
    const bad = await runCli(["setup", "--artifacts", url, "--artifacts-sha256", pin], {
      ZKMARGIN_BUILD_DIR: freshBuild(),
    });
    expect(bad.code, bad.stderr).to.equal(1);
    const corrupted = sha256(flipMiddle(fs.readFileSync(path.join(pub, I, `${I}.zkey`))));
    expect(bad.stderr)
      .to.contain(ZKEY)
      .and.contain(publication.instances[I].zkey.sha256)
      .and.contain(corrupted);
    expect(bad.stderr).not.to.match(/\n\s+at /);

    const unpinned = await runCli(["setup", "--artifacts", url], env);
    expect(unpinned.code).to.equal(2);
    expect(unpinned.stderr).to.match(/--artifacts-sha256: the publication manifest is not pinned/);
  });
});
