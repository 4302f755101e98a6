// The one .r1cs reader: the header (a few hundred bytes, cheap on any circuit) and, for the
// witness tester, the constraints themselves. Format: iden3 binary sections, section 1 the
// header, section 2 the constraints (A, B, C of each as sparse linear combinations).
import fs from "node:fs";
import { readAt, readSections } from "../pipeline/binfile";
import type { Section } from "../pipeline/binfile";

/** Counts from an .r1cs header. `nPublic` = public outputs + public inputs (what Groth16 counts). */
export interface R1csHeader {
  prime: bigint;
  /** Bytes per field element. */
  n8: number;
  nWires: number;
  nOutputs: number;
  nPubInputs: number;
  nPrvInputs: number;
  nLabels: number;
  nConstraints: number;
  nPublic: number;
}

/** A sparse linear combination: wire id -> coefficient. */
export type LinearCombination = Map<number, bigint>;

/** One constraint A * B = C. */
export type Constraint = [LinearCombination, LinearCombination, LinearCombination];

/** A whole constraint system: its header and every constraint. */
export interface R1cs {
  header: R1csHeader;
  constraints: Constraint[];
}

/** Little-endian unsigned integer of `n8` bytes at `at`. */
function readLe(b: Buffer, at: number, n8: number): bigint {
  let v = 0n;
  for (let i = n8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]);
  return v;
}

function section(sections: Section[], type: number, file: string, what: string): Section {
  const s = sections.find((x) => x.type === type);
  if (s === undefined) throw new Error(`${file}: no ${what} section`);
  return s;
}

function headerOf(fd: number, sections: Section[], file: string): R1csHeader {
  const h = section(sections, 1, file, "header");
  const n8 = readAt(fd, h.offset, 4).readUInt32LE(0);
  const b = readAt(fd, h.offset + 4, n8 + 28);
  const nOutputs = b.readUInt32LE(n8 + 4);
  const nPubInputs = b.readUInt32LE(n8 + 8);
  return {
    prime: readLe(b, 0, n8),
    n8,
    nWires: b.readUInt32LE(n8),
    nOutputs,
    nPubInputs,
    nPrvInputs: b.readUInt32LE(n8 + 12),
    nLabels: Number(b.readBigUInt64LE(n8 + 16)),
    nConstraints: b.readUInt32LE(n8 + 24),
    nPublic: nOutputs + nPubInputs,
  };
}

function withFile<T>(file: string, use: (fd: number, sections: Section[]) => T): T {
  const fd = fs.openSync(file, "r");
  try {
    return use(fd, readSections(fd, file, "r1cs").sections);
  } finally {
    fs.closeSync(fd);
  }
}

/** The header of an .r1cs file (reads only the section table and the header). */
export function readR1csHeader(file: string): R1csHeader {
  return withFile(file, (fd, sections) => headerOf(fd, sections, file));
}

/** The header and every constraint of an .r1cs file. */
export function readR1cs(file: string): R1cs {
  return withFile(file, (fd, sections) => {
    const header = headerOf(fd, sections, file);
    const s = section(sections, 2, file, "constraint");
    const buf = readAt(fd, s.offset, s.size);
    const { n8 } = header;
    const constraints: Constraint[] = [];
    let pos = 0;
    const lc = (): LinearCombination => {
      const terms = buf.readUInt32LE(pos);
      pos += 4;
      const out: LinearCombination = new Map();
      for (let t = 0; t < terms; t++) {
        out.set(buf.readUInt32LE(pos), readLe(buf, pos + 4, n8));
        pos += 4 + n8;
      }
      return out;
    };
    for (let c = 0; c < header.nConstraints; c++) constraints.push([lc(), lc(), lc()]);
    return { header, constraints };
  });
}
