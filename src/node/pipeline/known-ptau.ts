// The published Hermez/Polygon perpetual powers of tau (a public multi-party phase-1
// ceremony, 54 contributions and a beacon), by the blake2b-512 hash of each prepared file.
// Source: snarkjs 0.7.6's README.md (node_modules/snarkjs/README.md, table "Powers of Tau",
// rows 8 to 20; the files are powersOfTau28_hez_final_NN.ptau). Powers 21 to 28 exist too
// but exceed what this project's build handles (MAX_DEV_PTAU_POWER, 2 cores).
import { createHash } from "node:crypto";
import fs from "node:fs";

/** A known ceremony file. */
export interface KnownPtau {
  name: string;
  power: number;
  blake2b512: string;
}

const HERMEZ_BLAKE2B: Record<number, string> = {
  8: "d6a8fb3a04feb600096c3b791f936a578c4e664d262e4aa24beed1b7a9a96aa5eb72864d628db247e9293384b74b36ffb52ca8d148d6e1b8b51e279fdf57b583",
  9: "94f108a80e81b5d932d8e8c9e8fd7f46cf32457e31462deeeef37af1b71c2c1b3c71fb0d9b59c654ec266b042735f50311f9fd1d4cadce47ab234ad163157cb5",
  10: "6cfeb8cda92453099d20120bdd0e8a5c4e7706c2da9a8f09ccc157ed2464d921fd0437fb70db42104769efd7d6f3c1f964bcf448c455eab6f6c7d863e88a5849",
  11: "47c282116b892e5ac92ca238578006e31a47e7c7e70f0baa8b687f0a5203e28ea07bbbec765a98dcd654bad618475d4661bfaec3bd9ad2ed12e7abc251d94d33",
  12: "ded2694169b7b08e898f736d5de95af87c3f1a64594013351b1a796dbee393bd825f88f9468c84505ddd11eb0b1465ac9b43b9064aa8ec97f2b73e04758b8a4a",
  13: "58efc8bf2834d04768a3d7ffcd8e1e23d461561729beaac4e3e7a47829a1c9066d5320241e124a1a8e8aa6c75be0ba66f65bc8239a0542ed38e11276f6fdb4d9",
  14: "eeefbcf7c3803b523c94112023c7ff89558f9b8e0cf5d6cdcba3ade60f168af4a181c9c21774b94fbae6c90411995f7d854d02ebd93fb66043dbb06f17a831c1",
  15: "982372c867d229c236091f767e703253249a9b432c1710b4f326306bfa2428a17b06240359606cfe4d580b10a5a1f63fbed499527069c18ae17060472969ae6e",
  16: "6a6277a2f74e1073601b4f9fed6e1e55226917efb0f0db8a07d98ab01df1ccf43eb0e8c3159432acd4960e2f29fe84a4198501fa54c8dad9e43297453efec125",
  17: "6247a3433948b35fbfae414fa5a9355bfb45f56efa7ab4929e669264a0258976741dfbe3288bfb49828e5df02c2e633df38d2245e30162ae7e3bcca5b8b49345",
  18: "7e6a9c2e5f05179ddfc923f38f917c9e6831d16922a902b0b4758b8e79c2ab8a81bb5f29952e16ee6c5067ed044d7857b5de120a90704c1d3b637fd94b95b13e",
  19: "bca9d8b04242f175189872c42ceaa21e2951e0f0f272a0cc54fc37193ff6648600eaf1c555c70cdedfaf9fb74927de7aa1d33dc1e2a7f1a50619484989da0887",
  20: "89a66eb5590a1c94e3f1ee0e72acf49b1669e050bb5f93c73b066b564dca4e0c7556a52b323178269d64af325d8fdddb33da3a27c34409b821de82aa2bf1a27b",
};

/** Every known ceremony file, power 8 to 20. */
export const KNOWN_PTAU: readonly KnownPtau[] = Object.entries(HERMEZ_BLAKE2B).map(([p, h]) => ({
  name: `powersOfTau28_hez_final_${p.padStart(2, "0")}.ptau`,
  power: Number(p),
  blake2b512: h,
}));

/** The known ceremony file with this blake2b-512 hash (hex), or undefined. */
export function knownPtauByHash(blake2b512: string): KnownPtau | undefined {
  const h = blake2b512.toLowerCase();
  return KNOWN_PTAU.find((k) => k.blake2b512 === h);
}

/** blake2b-512 of a file, hex (what `b2sum` prints and snarkjs's README lists). */
export async function blake2b512File(file: string): Promise<string> {
  const h = createHash("blake2b512");
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** A ceremony file identified, or the warning for an unknown one. */
export type PtauIdentity =
  { known: true; ptau: KnownPtau } | { known: false; blake2b512: string; warning: string };

/** Checks `file` against the table: which ceremony file it is, or a warning that it is unverified. */
export async function identifyPtau(file: string): Promise<PtauIdentity> {
  const blake2b512 = await blake2b512File(file);
  const ptau = knownPtauByHash(blake2b512);
  if (ptau !== undefined) return { known: true, ptau };
  return {
    known: false,
    blake2b512,
    warning:
      `${file} is not a known ceremony file (its blake2b-512 ${blake2b512.slice(0, 16)}… matches ` +
      `none of powersOfTau28_hez_final_08..20.ptau): using it UNVERIFIED; keys made from it are ` +
      `only as safe as whoever made it`,
  };
}
