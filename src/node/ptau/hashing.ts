// The two hashes of a contribution, as snarkjs's contribute computes them:
//   response       = BLAKE2b-512(previous challenge | compressed points of sections 2..6 | pubkey)
//   next challenge = BLAKE2b-512(response | uncompressed points of sections 2..6)
// The record also stores the response hasher's internal state before the public key (the
// "partial hash"), which depends on how the data was split into update() calls; so the
// compressed points are fed in exactly snarkjs's chunks (2^20 / point size points each).
import crypto from "node:crypto";
import fs from "node:fs";
import { partialHash } from "./contribution";
import type { NobleBlake2b } from "./ff";
import { nobleBlake2b512 } from "./ff";
import type { Group } from "./plan";
import { POINT_BYTES } from "./plan";

export class ResponseHasher {
  private readonly h: NobleBlake2b = nobleBlake2b512();
  private stage = new Uint8Array(0);
  private fill = 0;
  private target = 0;
  private chunkBytes = 0;
  private leftInSection = 0;

  constructor(previousChallenge: Uint8Array) {
    this.h.update(previousChallenge);
  }

  beginSection(group: Group, points: number): void {
    if (this.leftInSection !== 0) throw new Error("ResponseHasher: previous section incomplete");
    const compressed = POINT_BYTES[group] / 2;
    this.chunkBytes = Math.floor((1 << 20) / POINT_BYTES[group]) * compressed;
    this.leftInSection = points * compressed;
    if (this.stage.byteLength < this.chunkBytes) this.stage = new Uint8Array(this.chunkBytes);
    this.fill = 0;
    this.target = Math.min(this.chunkBytes, this.leftInSection);
  }

  update(compressed: Uint8Array): void {
    let off = 0;
    while (off < compressed.byteLength) {
      if (this.target === 0) throw new Error("ResponseHasher: more points than the section has");
      const take = Math.min(this.target - this.fill, compressed.byteLength - off);
      this.stage.set(compressed.subarray(off, off + take), this.fill);
      this.fill += take;
      off += take;
      if (this.fill === this.target) {
        this.h.update(this.stage.subarray(0, this.fill));
        this.leftInSection -= this.fill;
        this.fill = 0;
        this.target = Math.min(this.chunkBytes, this.leftInSection);
      }
    }
  }

  /** The state before the public key (stored in the record as partialHash). */
  partial(): Uint8Array {
    if (this.leftInSection !== 0) throw new Error("ResponseHasher: section incomplete");
    return partialHash(this.h);
  }

  /** The response hash; `pubKeyUncompressed` is the key in uncompressed form. */
  finish(pubKeyUncompressed: Uint8Array): Uint8Array {
    this.h.update(pubKeyUncompressed);
    return this.h.digest();
  }
}

/**
 * Collects the uncompressed points in a side file while the sections stream past (the next
 * challenge hash starts with the response hash, known only at the end), then hashes them.
 */
export class ChallengeSpill {
  private readonly fd: number;
  private size = 0;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, "w+");
  }

  write(uncompressed: Uint8Array): void {
    let off = 0;
    while (off < uncompressed.byteLength) {
      off += fs.writeSync(
        this.fd,
        uncompressed,
        off,
        uncompressed.byteLength - off,
        this.size + off,
      );
    }
    this.size += uncompressed.byteLength;
  }

  /** BLAKE2b-512(response | spilled points). */
  nextChallenge(response: Uint8Array): Uint8Array {
    const h = crypto.createHash("blake2b512");
    h.update(response);
    const buf = Buffer.alloc(1 << 22);
    for (let pos = 0; pos < this.size;) {
      const n = fs.readSync(this.fd, buf, 0, Math.min(buf.byteLength, this.size - pos), pos);
      if (n <= 0) throw new Error(`${this.file}: short read`);
      h.update(buf.subarray(0, n));
      pos += n;
    }
    return new Uint8Array(h.digest());
  }

  dispose(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.file, { force: true });
  }
}
