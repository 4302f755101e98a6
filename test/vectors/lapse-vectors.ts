/** Typed access to test/vectors/lapse-rules.json (shared by the contract and SDK tests). */
import fs from "node:fs";
import path from "node:path";

export interface LapseVector {
  name: string;
  grace: number;
  declarations: [number, number][];
  provenEpoch: number;
  validUntil: number;
  liveSince: number;
  resumeAt: number;
  after: number;
  checks: Array<{ now: number; paused: boolean; latestExpiry: number; liquidatable: boolean }>;
}

const file = path.join(__dirname, "lapse-rules.json");
export const LAPSE_VECTORS = (JSON.parse(fs.readFileSync(file, "utf8")) as { cases: LapseVector[] })
  .cases;
