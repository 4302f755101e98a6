// The batch verifier checks of `zkmargin audit` without a rebuild (audit.test.ts runs them
// inside whole audits): the regenerated source passes; a missing file, a changed VKEY_SHA256
// and a changed constant fail with messages that name them; deployed code must carry every
// constant; the CLI's --batch-verifier and --batch-address follow the other overrides' rules.
// Needs the built small keys (npm run circuits).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { AuditCheck } from "../../src/node/audit/audit";
import {
  auditBatchVerifier,
  batchVerifierPath,
  deployedBatchCodeProblems,
  expectedBatchVerifier,
} from "../../src/node/audit/batch-checks";
import { vkeyHash } from "../../src/node/pipeline/hash";
import { compileSource } from "../contracts/solc";
import { runCliInProcess } from "../sdk/helpers";
import { SMALL, tmpDir } from "./helpers";

describe("zkmargin audit: the batch verifier (small instance)", function () {
  let dir: string;
  let vkey: Record<string, unknown>;
  let source: string;
  before(function () {
    if (!fs.existsSync(SMALL.vkey) || !fs.existsSync(SMALL.verifier)) this.skip();
    dir = tmpDir("batch-audit");
    vkey = JSON.parse(fs.readFileSync(SMALL.vkey, "utf8")) as Record<string, unknown>;
    source = expectedBatchVerifier(SMALL, vkey);
  });
  after(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The checks of auditBatchVerifier on `text` (undefined: no file). */
  async function check(text: string | undefined): Promise<AuditCheck[]> {
    const file = path.join(dir, "SolvencyBatchVerifierSmall.sol");
    fs.rmSync(file, { force: true });
    if (text !== undefined) fs.writeFileSync(file, text);
    const checks: AuditCheck[] = [];
    await auditBatchVerifier(
      "small",
      SMALL,
      vkey,
      { batchVerifier: file, verifier: SMALL.verifier },
      {},
      (c, status, message) => checks.push({ check: c, status, message }),
    );
    return checks;
  }

  it("passes on the regenerated source and names a missing file, a changed tag or constant", async () => {
    expect(batchVerifierPath("small")).to.match(
      /contracts[/\\]generated[/\\]SolvencyBatchVerifierSmall\.sol$/,
    );
    const ok = await check(source);
    expect(ok.map((c) => c.status)).to.deep.equal(["ok"]);
    expect(ok[0].message).to.match(/^small: SolvencyBatchVerifierSmall\.sol is the batch verifier/);

    const missing = await check(undefined);
    expect(missing.map((c) => c.status)).to.deep.equal(["failed"]);
    expect(missing[0].message).to.match(
      /small: missing batch verifier .*SolvencyBatchVerifierSmall\.sol \(generate it: npm run circuits\)/,
    );

    const h = vkeyHash(vkey);
    const other = "0".repeat(63) + "1";
    const tag = (await check(source.replace(`0x${h}`, `0x${other}`))).map((c) => c.message);
    expect(tag[0]).to.match(
      /SolvencyBatchVerifierSmall\.sol: VKEY_SHA256 is 0000000000000000…, the verification key's sha256 is /,
    );
    expect(tag[1]).to.match(/line \d+ is `bytes32 public constant VKEY_SHA256 = 0x0+1;`/);

    const m = /uint256 internal constant IC1_Y = ([0-9]+);/.exec(source);
    if (m === null) throw new Error("no IC1_Y");
    const edited = source.replace(m[0], m[0].replace(m[1], `${BigInt(m[1]) - 1n}`));
    const line = source.slice(0, source.indexOf(m[0])).split("\n").length;
    const c = await check(edited);
    expect(c.map((x) => x.status)).to.deep.equal(["failed"]);
    expect(c[0].message).to.equal(
      `small: SolvencyBatchVerifierSmall.sol is not the batch verifier generated from the verification key: line ${line} is \`uint256 internal constant IC1_Y = ${BigInt(m[1]) - 1n};\`, expected \`${m[0]}\` (regenerate: npm run circuits)`,
    );
  });

  it("checks deployed batch verifier code: every constant of the source in the runtime bytecode", () => {
    const name = "SolvencyBatchVerifierSmall";
    const code = compileSource(source, ["evm.deployedBytecode.object"])[name].evm.deployedBytecode
      ?.object;
    if (code === undefined) throw new Error("no deployed bytecode");
    expect(deployedBatchCodeProblems(code, source, "b")).to.deep.equal([]);
    const d = vkey.vk_delta_2 as string[][];
    const otherKey = { ...vkey, vk_delta_2: [[d[0][0], `${BigInt(d[0][1]) + 1n}`], ...d.slice(1)] };
    const p = deployedBatchCodeProblems(code, expectedBatchVerifier(SMALL, otherKey), "b");
    expect(p.join("\n")).to.match(
      /b: deployed code lacks the batch verifier's constant DELTA_X_IM/,
    );
    expect(p.join("\n")).to.match(/constant VKEY_SHA256/);
    expect(deployedBatchCodeProblems("0x", source, "b")).to.deep.equal([
      "b: no contract code at this address",
    ]);
  });

  it("CLI: --batch-verifier needs one instance, --batch-address needs --rpc", async () => {
    const all = await runCliInProcess("audit", "--batch-verifier", "x.sol");
    expect(all.code).to.equal(2);
    expect(all.stderr).to.match(/--batch-verifier.*needs a single --instance/);
    const addr = `small=0x${"11".repeat(20)}`;
    const rpc = await runCliInProcess("audit", "--instance", "small", "--batch-address", addr);
    expect(rpc.code).to.equal(2);
    expect(rpc.stderr).to.match(/--rpc.*required with --batch-address/);
  });
});
