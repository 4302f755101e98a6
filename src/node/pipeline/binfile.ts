// The iden3 binary container (.r1cs, .ptau): magic, version, then sections of (u32 type,
// u64 size, data), and the .ptau header reader (the .r1cs reader is src/node/circom/r1cs.ts).
// Reading a header touches a few hundred bytes, so checking a 150 MB ptau or a large r1cs
// costs nothing (snarkjs.r1cs.info loads every constraint).
import fs from "node:fs";
import { P, Q } from "../../field";

/** One section of an iden3 binary file: its type and where its data lies. */
export interface Section {
  type: number;
  offset: number;
  size: number;
}

/** Checks the magic and returns the version and section table of an open iden3 binary file. */
export function readSections(
  fd: number,
  file: string,
  magic: string,
): { version: number; sections: Section[] } {
  const fileSize = fs.fstatSync(fd).size;
  const head = Buffer.alloc(12);
  if (fs.readSync(fd, head, 0, 12, 0) !== 12 || head.toString("latin1", 0, 4) !== magic) {
    throw new Error(`${file}: not a .${magic} file`);
  }
  const version = head.readUInt32LE(4);
  const count = head.readUInt32LE(8);
  const sections: Section[] = [];
  let pos = 12;
  const sh = Buffer.alloc(12);
  for (let i = 0; i < count; i++) {
    if (fs.readSync(fd, sh, 0, 12, pos) !== 12) throw new Error(`${file}: truncated section table`);
    const size = Number(sh.readBigUInt64LE(4));
    sections.push({ type: sh.readUInt32LE(0), offset: pos + 12, size });
    pos += 12 + size;
    if (pos > fileSize) throw new Error(`${file}: truncated (section ${sh.readUInt32LE(0)})`);
  }
  return { version, sections };
}

/** `length` bytes of an open file at `offset`; throws on a short read. */
export function readAt(fd: number, offset: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  if (fs.readSync(fd, b, 0, length, offset) !== length) throw new Error("short read");
  return b;
}

/** Facts from a .ptau header. `prepared` = phase-2 Lagrange sections present (section 12). */
export interface PtauHeader {
  power: number;
  ceremonyPower: number;
  prepared: boolean;
  curveQ: bigint;
}

export function readPtauHeader(file: string): PtauHeader {
  const fd = fs.openSync(file, "r");
  try {
    const { sections } = readSections(fd, file, "ptau");
    const h = sections.find((s) => s.type === 1);
    if (h === undefined) throw new Error(`${file}: no header section`);
    const n8 = readAt(fd, h.offset, 4).readUInt32LE(0);
    const b = readAt(fd, h.offset + 4, n8 + 8);
    let q = 0n;
    for (let i = n8 - 1; i >= 0; i--) q = (q << 8n) | BigInt(b[i]);
    return {
      curveQ: q,
      power: b.readUInt32LE(n8),
      ceremonyPower: b.readUInt32LE(n8 + 4),
      prepared: sections.some((s) => s.type === 12),
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** BN254 scalar field (r1cs prime) and base field (ptau header q). */
export const BN254_R = P;
export const BN254_Q = Q;
