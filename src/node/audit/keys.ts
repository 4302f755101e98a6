// Checks of Groth16 keys against their circuit: the zkey header against the r1cs (a zkey
// from another circuit is caught at once), snarkjs `zkey verify` against r1cs and ptau (every
// contribution of the chain), the verification key against the zkey, and the Solidity
// verifier's constants (source, and optionally deployed bytecode) against the verification key.
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { P, Q } from "../../field";
import { sha256File } from "../pipeline/hash";
import { readR1csHeader } from "../circom/r1cs";
import type { BuildLog } from "../pipeline/log";
import { silentLog } from "../pipeline/log";

/** Header facts of a Groth16 .zkey (sections 1 and 2). */
export interface ZkeyHeader {
  protocol: number;
  nVars: number;
  nPublic: number;
  domainSize: number;
}

export function readZkeyHeader(file: string): ZkeyHeader {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const read = (pos: number, n: number): Buffer => {
      const b = Buffer.alloc(n);
      if (fs.readSync(fd, b, 0, n, pos) !== n) throw new Error(`${file}: truncated`);
      return b;
    };
    const head = read(0, 12);
    if (head.toString("latin1", 0, 4) !== "zkey") throw new Error(`${file}: not a .zkey file`);
    const count = head.readUInt32LE(8);
    const sections = new Map<number, number>();
    let pos = 12;
    for (let i = 0; i < count && pos + 12 <= size; i++) {
      const sh = read(pos, 12);
      const type = sh.readUInt32LE(0);
      if (!sections.has(type)) sections.set(type, pos + 12);
      pos += 12 + Number(sh.readBigUInt64LE(4));
    }
    const s1 = sections.get(1);
    const s2 = sections.get(2);
    if (s1 === undefined || s2 === undefined) throw new Error(`${file}: no zkey header sections`);
    const protocol = read(s1, 4).readUInt32LE(0);
    const n8q = read(s2, 4).readUInt32LE(0);
    const n8r = read(s2 + 4 + n8q, 4).readUInt32LE(0);
    const b = read(s2 + 8 + n8q + n8r, 12);
    return {
      protocol,
      nVars: b.readUInt32LE(0),
      nPublic: b.readUInt32LE(4),
      domainSize: b.readUInt32LE(8),
    };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Problems (empty: none) when the zkey's shape does not fit the r1cs: a key made for another
 * circuit almost always differs in wire count or public signals. Cheap; not a proof of match.
 */
export function zkeyShapeProblems(zkey: string, r1cs: string): string[] {
  let z: ZkeyHeader;
  try {
    z = readZkeyHeader(zkey);
  } catch (e) {
    return [(e as Error).message];
  }
  const r = readR1csHeader(r1cs);
  const problems: string[] = [];
  if (z.protocol !== 1) problems.push(`${zkey}: not a Groth16 zkey (protocol ${z.protocol})`);
  if (z.nVars !== r.nWires || z.nPublic !== r.nPublic) {
    problems.push(
      `${zkey} is a key for another circuit: it has ${z.nVars} wires and ${z.nPublic} public ` +
        `signals, the rebuilt r1cs has ${r.nWires} wires and ${r.nPublic} public signals`,
    );
  }
  return problems;
}

export interface ZkeyContribution {
  index: number;
  name: string;
  /** Contribution hash, 128 hex digits. */
  hash: string;
  beacon?: { hex: string; iterationsExp: number };
}

export interface ZkeyVerifyResult {
  ok: boolean;
  /** snarkjs's error lines ("INVALID: Circuit does not match", ...). */
  errors: string[];
  circuitHash?: string;
  /** The contribution chain, first contribution first. */
  contributions: ZkeyContribution[];
  seconds: number;
}

/** Parses the contribution list snarkjs prints after a successful verification. */
export function parseVerifyLog(lines: string[]): {
  circuitHash?: string;
  contributions: ZkeyContribution[];
} {
  const text = lines.join("\n");
  const hex = (s: string): string => s.replace(/[^0-9a-f]/gi, "").toLowerCase();
  const hashAfter = (at: number): string => {
    const rest = text.slice(at).split("\n").slice(1, 5).join(" ");
    return hex(rest).slice(0, 128);
  };
  const ch = /Circuit Hash:/.exec(text);
  const contributions: ZkeyContribution[] = [];
  for (const m of text.matchAll(/contribution #(\d+) ?(.*?):\n/g)) {
    const c: ZkeyContribution = {
      index: Number(m[1]),
      name: m[2].trim(),
      hash: hashAfter(m.index ?? 0),
    };
    const after = text
      .slice((m.index ?? 0) + m[0].length)
      .split("\n")
      .slice(4, 6)
      .join("\n");
    const g = /Beacon generator: ([0-9a-f]+)/i.exec(after);
    const it = /Beacon iterations Exp: (\d+)/.exec(after);
    if (g !== null && it !== null)
      c.beacon = { hex: g[1].toLowerCase(), iterationsExp: Number(it[1]) };
    contributions.push(c);
  }
  contributions.sort((a, b) => a.index - b.index);
  return { circuitHash: ch !== null ? hashAfter(ch.index) : undefined, contributions };
}

function capturingLogger(lines: string[], errors: string[], log: BuildLog) {
  let last = 0;
  const progress = (m: string): void => {
    if (Date.now() - last > 15000) {
      last = Date.now();
      log.info(`zkey verify: ${String(m).trim()}`);
    }
  };
  return {
    log: (m: string) => lines.push(String(m)),
    info: (m: string) => lines.push(String(m)),
    debug: progress,
    warn: (m: string) => errors.push(String(m)),
    error: (m: string) => errors.push(String(m)),
  };
}

async function runVerify(
  fn: (logger: ReturnType<typeof capturingLogger>) => Promise<unknown>,
  log: BuildLog,
): Promise<ZkeyVerifyResult> {
  const lines: string[] = [];
  const errors: string[] = [];
  const t0 = Date.now();
  // snarkjs prints some rejections ("INVALID(1): ...") with console.log, not the logger.
  const original = console.log;
  console.log = (...a: unknown[]) => {
    const m = a.map(String).join(" ");
    if (/INVALID|not match|error/i.test(m)) errors.push(m);
  };
  let ok: unknown;
  try {
    ok = await fn(capturingLogger(lines, errors, log));
  } catch (e) {
    errors.push((e as Error).message);
    ok = false;
  } finally {
    console.log = original;
  }
  return {
    ok: ok === true,
    errors: errors.map((e) => e.replace(/\s+/g, " ").trim()),
    ...parseVerifyLog(lines),
    seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * snarkjs `zkey verify` (from r1cs): computes the initial key (`zkey new` over r1cs and ptau)
 * and checks that `zkey` follows from it through every contribution of its chain.
 * `initCacheDir` keeps the initial key (named by the sha256 of r1cs and ptau) so that several
 * verifications of one circuit compute it once; snarkjs's verifyFromR1cs is exactly
 * `zkey new` followed by verifyFromInit.
 */
export async function verifyZkey(
  r1cs: string,
  ptau: string,
  zkey: string,
  log: BuildLog = silentLog,
  initCacheDir?: string,
): Promise<ZkeyVerifyResult> {
  if (initCacheDir === undefined)
    return runVerify((l) => snarkjs.zKey.verifyFromR1cs(r1cs, ptau, zkey, l), log);
  const t0 = Date.now();
  const [rh, ph] = [await sha256File(r1cs), await sha256File(ptau)];
  const init = path.join(initCacheDir, `init-${rh.slice(0, 16)}-${ph.slice(0, 16)}.zkey`);
  if (!fs.existsSync(init)) {
    fs.mkdirSync(initCacheDir, { recursive: true });
    const tmp = `${init}.${process.pid}.tmp`;
    await snarkjs.zKey.newZKey(r1cs, ptau, tmp, undefined);
    fs.renameSync(tmp, init);
  }
  const r = await runVerify((l) => snarkjs.zKey.verifyFromInit(init, ptau, zkey, l), log);
  return { ...r, seconds: (Date.now() - t0) / 1000 };
}

// ---------------------------------------------------------------- Solidity verifier

interface VkeyLike {
  nPublic: number;
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
}

/** The constants snarkjs's Groth16 template writes into the verifier, from the vkey. */
export function expectedVerifierConstants(vkey: unknown): Map<string, bigint> {
  const v = vkey as VkeyLike;
  const m = new Map<string, bigint>();
  const g2 = (name: string, p: string[][]): void => {
    m.set(`${name}x1`, BigInt(p[0][1]));
    m.set(`${name}x2`, BigInt(p[0][0]));
    m.set(`${name}y1`, BigInt(p[1][1]));
    m.set(`${name}y2`, BigInt(p[1][0]));
  };
  m.set("alphax", BigInt(v.vk_alpha_1[0]));
  m.set("alphay", BigInt(v.vk_alpha_1[1]));
  g2("beta", v.vk_beta_2);
  g2("gamma", v.vk_gamma_2);
  g2("delta", v.vk_delta_2);
  v.IC.forEach((p, i) => {
    m.set(`IC${i}x`, BigInt(p[0]));
    m.set(`IC${i}y`, BigInt(p[1]));
  });
  m.set("r", P);
  m.set("q", Q);
  return m;
}

/** `uint256 constant NAME = VALUE;` lines of a Solidity source. */
export function parseVerifierConstants(source: string): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const x of source.matchAll(
    /uint256\s+constant\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([0-9]+)\s*;/g,
  ))
    m.set(x[1], BigInt(x[2]));
  return m;
}

/** Differences between a verifier source and a verification key (empty: they agree). */
export function verifierSourceProblems(source: string, vkey: unknown, label: string): string[] {
  const want = expectedVerifierConstants(vkey);
  const have = parseVerifierConstants(source);
  const problems: string[] = [];
  for (const [name, value] of want) {
    const got = have.get(name);
    if (got === undefined) problems.push(`${label}: constant ${name} is missing`);
    else if (got !== value)
      problems.push(`${label}: constant ${name} is ${got}, the verification key has ${value}`);
  }
  for (const name of have.keys())
    if (/^IC\d+[xy]$/.test(name) && !want.has(name))
      problems.push(
        `${label}: constant ${name} is not in the verification key (too many public inputs)`,
      );
  const n = (vkey as VkeyLike).nPublic;
  const arr = /uint\[(\d+)\]\s+calldata\s+_pubSignals/.exec(source);
  if (arr === null) problems.push(`${label}: no verifyProof(..., uint[n] calldata _pubSignals)`);
  else if (Number(arr[1]) !== n)
    problems.push(`${label}: verifyProof takes ${arr[1]} public signals, the key has ${n}`);
  return problems;
}

/** Hex of the minimal big-endian bytes of a constant (how PUSHn carries it in bytecode). */
function pushHex(v: bigint): string {
  let h = v.toString(16);
  if (h.length % 2 === 1) h = "0" + h;
  return h;
}

/** Strips the CBOR metadata that solc appends (its length is in the last two bytes). */
export function stripMetadata(codeHex: string): string {
  const h = codeHex.replace(/^0x/, "").toLowerCase();
  if (h.length < 4) return h;
  const len = parseInt(h.slice(-4), 16);
  const cut = h.length - 4 - len * 2;
  return cut > 0 && h.slice(cut, cut + 2) >= "a0" ? h.slice(0, cut) : h;
}

/**
 * Problems with deployed verifier code: every verification-key constant must occur in the
 * runtime bytecode (as a PUSH immediate); when the build's runtime bytecode is known, the
 * code must equal it apart from the metadata hash.
 */
export function deployedCodeProblems(
  codeHex: string,
  vkey: unknown,
  label: string,
  expectedRuntime?: string,
): string[] {
  const code = codeHex.replace(/^0x/, "").toLowerCase();
  if (code.length === 0) return [`${label}: no contract code at this address`];
  const problems: string[] = [];
  for (const [name, value] of expectedVerifierConstants(vkey)) {
    if (!code.includes(pushHex(value)))
      problems.push(
        `${label}: deployed code lacks the verification key's constant ${name} (${value})`,
      );
  }
  if (expectedRuntime !== undefined && problems.length === 0) {
    if (stripMetadata(code) !== stripMetadata(expectedRuntime))
      problems.push(
        `${label}: deployed code differs from the build's compiled verifier (metadata aside)`,
      );
  }
  return problems;
}
