// The phase-2 ceremony transcript (transcript.json), passed between contributors: its schema
// (zod, over the shared format primitives, so a damaged or foreign file is refused by field
// and rule like every other JSON file), reading and atomic writing.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { instanceName, literal, natural, parseWith, sha256Hex, version } from "../../format";
import { readJsonFile } from "../files";

export const TRANSCRIPT_FILE = "transcript.json";

const hex = (what: string, re: RegExp) =>
  z.string({ required_error: "missing field" }).regex(re, `must be ${what}`);

const stepSchema = z
  .object({
    index: natural,
    kind: z.enum(["start", "contribution", "beacon"]),
    name: z.string(),
    file: z.string(),
    zkeySha256: sha256Hex,
    /** snarkjs contribution hash (128 hex digits); absent for the start. */
    contributionHash: hex("128 hex digits", /^[0-9a-f]{128}$/).optional(),
    beacon: z
      .object({ hex: hex("hex digits", /^(0x)?[0-9a-f]+$/), iterationsExp: natural })
      .strict()
      .optional(),
    /** For a start from an existing zkey: its file name. */
    from: z.string().optional(),
    at: z.string(),
  })
  .strict();

const transcriptSchema = z
  .object({
    version,
    kind: literal("zkmargin-groth16-phase2"),
    circuit: instanceName,
    snarkjs: z.string(),
    r1csSha256: sha256Hex,
    ptau: z.object({ file: z.string(), sha256: sha256Hex }).strict(),
    steps: z.array(stepSchema),
    final: z
      .object({
        zkeySha256: sha256Hex,
        vkeySha256: sha256Hex,
        verifierSha256: sha256Hex,
        exportedAt: z.string(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TranscriptStep = z.output<typeof stepSchema>;
export type Transcript = z.output<typeof transcriptSchema>;

/** Where the transcript of the ceremony in `dir` lives. */
export function transcriptPath(dir: string): string {
  return path.join(dir, TRANSCRIPT_FILE);
}

/** Reads and validates `<dir>/transcript.json` ({@link InputError} naming field and rule). */
export function readTranscript(dir: string): Transcript {
  const file = transcriptPath(dir);
  return parseWith(transcriptSchema, readJsonFile(file), file);
}

/** Writes `<dir>/transcript.json` atomically. */
export function writeTranscript(dir: string, t: Transcript): void {
  const file = transcriptPath(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(t, null, 2) + "\n");
  fs.renameSync(tmp, file);
}
