// The chain client is typed by contract types generated from the compiled ABIs (TypeChain,
// scripts/contract-types.ts, run by every `hardhat compile`). These tests fail when the types
// in use and the ABIs in artifacts/ drift apart: a compile that skipped the generation, an
// edit by hand, a contract whose ABI changed, or an ERC-20 entry the client restates wrongly.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Fragment, Interface, type InterfaceAbi } from "ethers";
import {
  CONTRACT_TYPES_DIR,
  contractArtifactFiles,
  generateContractTypes,
} from "../../scripts/contract-types";
import { ERC20_ABI, type Erc20Function } from "../../src/chain/erc20";

const ROOT = path.join(__dirname, "..", "..");
const ARTIFACTS = path.join(ROOT, "artifacts");
const TYPES = path.join(ROOT, CONTRACT_TYPES_DIR);
const HINT = "run `npm run compile` (hardhat compile generates typechain-types/)";

interface Artifact {
  contractName: string;
  abi: Array<Record<string, unknown>>;
  bytecode: string;
}

const readArtifact = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Artifact;

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(path.join(d, e.name));
      else out.push(path.relative(dir, path.join(d, e.name)));
  };
  walk(dir);
  return out.sort();
}

/** Where TypeChain put the type of an artifact (`<dir>/<C>.sol/<C>.json` -> `<dir>/<C>.ts`). */
function generatedPath(artifactFile: string, prefix = ""): string {
  const rel = path.relative(ARTIFACTS, artifactFile);
  const name = path.basename(rel, ".json");
  const dir = path.dirname(rel);
  const suffix = prefix === "" ? ".ts" : "__factory.ts";
  const candidates = [path.join(path.dirname(dir), name + suffix), path.join(dir, name + suffix)];
  const found = candidates.map((c) => path.join(TYPES, prefix, c)).find((c) => fs.existsSync(c));
  if (!found) throw new Error(`no generated ${prefix || "type"} for ${rel}: ${HINT}`);
  return found;
}

describe("contract types generated from the compiled ABIs", function () {
  this.timeout(300000);
  let artifacts: string[] = [];

  before(function () {
    for (const dir of [ARTIFACTS, TYPES])
      if (!fs.existsSync(dir)) throw new Error(`${path.relative(ROOT, dir)}/ missing: ${HINT}`);
    artifacts = contractArtifactFiles(ARTIFACTS).filter((f) => readArtifact(f).abi.length > 0);
    expect(artifacts.map((f) => path.basename(f))).to.include.members([
      "MarginEngine.json",
      "IERC20Metadata.json",
      "MockERC20.json",
    ]);
  });

  it("typechain-types/ is byte for byte what TypeChain generates from artifacts/ now", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-contract-types-"));
    try {
      const fresh = path.join(tmp, "types");
      await generateContractTypes(ARTIFACTS, fresh);
      const want = listFiles(fresh);
      expect(listFiles(TYPES), `file list (${HINT})`).to.deep.equal(want);
      const differ = want.filter(
        (f) => !fs.readFileSync(path.join(fresh, f)).equals(fs.readFileSync(path.join(TYPES, f))),
      );
      expect(differ, `files unlike a fresh generation (${HINT})`).to.deep.equal([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("every ABI function and event has its generated counterpart", () => {
    const missing: string[] = [];
    for (const file of artifacts) {
      const art = readArtifact(file);
      const iface = new Interface(art.abi as InterfaceAbi);
      const text = fs.readFileSync(generatedPath(file), "utf8");
      // an overloaded name is typed under each signature (TypeChain's), a unique one by name
      const count = new Map<string, number>();
      const seen = (f: { type: string; name: string }) =>
        count.set(`${f.type} ${f.name}`, (count.get(`${f.type} ${f.name}`) ?? 0) + 1);
      iface.forEachFunction(seen);
      iface.forEachEvent(seen);
      const unique = (f: { type: string; name: string }) => count.get(`${f.type} ${f.name}`) === 1;
      iface.forEachFunction((f) => {
        const member = unique(f) ? `\n  ${f.name}: ` : `\n  "${f.name}(`;
        if (!text.includes(member + (unique(f) ? "TypedContractMethod<" : "")))
          missing.push(`${art.contractName}.${f.format("sighash")}`);
      });
      iface.forEachEvent((e) => {
        const member = unique(e) ? `\n    ${e.name}: TypedContractEvent<` : `\n    "${e.name}(`;
        if (!text.includes(member))
          missing.push(`${art.contractName} event ${e.format("sighash")}`);
      });
    }
    expect(missing, HINT).to.deep.equal([]);
  });

  it("every generated factory holds its artifact's ABI and bytecode", () => {
    for (const file of artifacts) {
      const art = readArtifact(file);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(generatedPath(file, "factories")) as Record<
        string,
        { abi: unknown; bytecode?: string }
      >;
      const factory = mod[`${art.contractName}__factory`];
      expect(factory, art.contractName).to.not.equal(undefined);
      expect(factory.abi, `${art.contractName} ABI`).to.deep.equal(art.abi);
      expect(factory.bytecode ?? "0x", `${art.contractName} bytecode`).to.equal(art.bytecode);
    }
  });

  it("the client's ERC-20 ABI is OpenZeppelin's, entry by entry", () => {
    const find = (name: string) => {
      const file = contractArtifactFiles(ARTIFACTS).find((f) => path.basename(f) === name);
      if (!file) throw new Error(`${name} not compiled: ${HINT}`);
      return new Interface(readArtifact(file).abi as InterfaceAbi);
    };
    const compiled = [find("IERC20Metadata.json"), find("IERC20Errors.json")];
    const minimal = (f: Fragment) => f.format("minimal");
    const known = new Set(compiled.flatMap((i) => i.fragments.map(minimal)));
    const ours = new Interface(ERC20_ABI);
    for (const f of ours.fragments) expect(known, minimal(f)).to.include(minimal(f));
    // the typed handle (erc20()) names exactly the functions the runtime ABI has
    const typed: Record<Erc20Function, true> = {
      decimals: true,
      symbol: true,
      balanceOf: true,
      allowance: true,
      approve: true,
    };
    const functions: string[] = [];
    ours.forEachFunction((f) => functions.push(f.name));
    expect(functions.sort()).to.deep.equal(Object.keys(typed).sort());
  });
});
