// Sequential writer of an iden3 binary file (.ptau): "ptau", version, section count, then
// sections of (u32 id, u64 size, data), written in order with their sizes known up front.
// The file is built under a temporary name in the target directory and renamed into place
// only when complete, so a crash never leaves half a file; its sha256 is computed on the way.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Q } from "../../field";

/** BN254 base field modulus q (written in the header). */
export const BN254_Q = Q;

export class PtauWriter {
  readonly tmp: string;
  private readonly fd: number;
  private readonly sha = crypto.createHash("sha256");
  private pos = 0;
  private sectionLeft = 0;
  private sectionId = 0;

  constructor(
    readonly file: string,
    sections: number,
  ) {
    const dir = path.dirname(path.resolve(file));
    fs.mkdirSync(dir, { recursive: true });
    this.tmp = path.join(
      dir,
      `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`,
    );
    this.fd = fs.openSync(this.tmp, "wx");
    const head = Buffer.alloc(12);
    head.write("ptau", 0, "latin1");
    head.writeUInt32LE(1, 4); // version
    head.writeUInt32LE(sections, 8);
    this.raw(head);
  }

  private raw(b: Uint8Array): void {
    let off = 0;
    while (off < b.byteLength) {
      off += fs.writeSync(this.fd, b, off, b.byteLength - off, this.pos + off);
    }
    this.pos += b.byteLength;
    this.sha.update(b);
  }

  beginSection(id: number, size: number): void {
    if (this.sectionLeft !== 0) throw new Error(`ptau section ${this.sectionId} incomplete`);
    const h = Buffer.alloc(12);
    h.writeUInt32LE(id, 0);
    h.writeBigUInt64LE(BigInt(size), 4);
    this.raw(h);
    this.sectionId = id;
    this.sectionLeft = size;
  }

  write(b: Uint8Array): void {
    if (b.byteLength > this.sectionLeft) {
      throw new Error(`ptau section ${this.sectionId}: more data than its declared size`);
    }
    this.raw(b);
    this.sectionLeft -= b.byteLength;
  }

  section(id: number, data: Uint8Array): void {
    this.beginSection(id, data.byteLength);
    this.write(data);
  }

  /** Flushes, closes and renames the file into place; returns its sha256 (hex). */
  commit(): string {
    if (this.sectionLeft !== 0) throw new Error(`ptau section ${this.sectionId} incomplete`);
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.file);
    return this.sha.digest("hex");
  }

  /** Closes and deletes the temporary file (after a failure). */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmp, { force: true });
  }
}

/** Section 1: n8 of q, q (little endian), power, ceremony power. */
export function headerSection(power: number, ceremonyPower: number): Uint8Array {
  const b = Buffer.alloc(4 + 32 + 8);
  b.writeUInt32LE(32, 0);
  let q = BN254_Q;
  for (let i = 0; i < 32; i++) {
    b[4 + i] = Number(q & 0xffn);
    q >>= 8n;
  }
  b.writeUInt32LE(power, 36);
  b.writeUInt32LE(ceremonyPower, 40);
  return new Uint8Array(b);
}
