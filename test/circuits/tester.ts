/**
 * A typed witness tester for the zkmargin Circom templates (in the spirit of
 * circomkit's WitnessTester).
 *
 * `WitnessTester.compile({ file, template, params })` writes a tiny main under
 * `build/test-circuits/<hash>/`, compiles it with circom2 `--O2` (cached by a hash of the
 * circuit sources, circomlib's version and the main), and loads the generated wasm.
 *
 * - `expectPass(input, outputs?)`: the witness computes and satisfies every R1CS
 *   constraint (parsed from the .r1cs here, A*B = C mod p); optional expected outputs.
 * - `expectFail(input)`: witness generation throws (an `===` or assert fails).
 * - `expectFailWithEditedWitness(input, edits)`: takes the honest witness, overwrites
 *   the named signals (names from the .sym file) and checks that some R1CS constraint
 *   fails; this is how every `<--` hint is shown to be pinned.
 * - `constraintCount()`: the number of constraints of the compiled circuit.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { requireArtifacts } from "../../src/node/artifacts";

export const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export const ROOT = path.resolve(__dirname, "..", "..");
const CIRCUITS_DIR = path.join(ROOT, "circuits");
const BUILD_DIR = path.join(ROOT, "build", "test-circuits");
const CIRCOM = path.join(ROOT, "node_modules", "circom2", "cli.js");

export type Signal = bigint | number | string;
export type SignalValue = Signal | SignalValue[];
export type CircuitInput = Record<string, SignalValue>;

export interface CircuitConfig {
  /** File under circuits/, e.g. "range-check.circom". */
  file: string;
  /** Template name, e.g. "SignedAbs". */
  template: string;
  /** Template parameters, in order. */
  params?: (number | bigint)[];
  /** Public input signals of the main component. */
  publicInputs?: string[];
}

/** A field element for any signed integer (negative x becomes p - |x|). */
export function field(x: Signal): bigint {
  const v = BigInt(x) % P;
  return v < 0n ? v + P : v;
}

/** Parsed R1CS: each constraint is three sparse linear combinations over wire ids. */
interface R1cs {
  nWires: number;
  nConstraints: number;
  constraints: [Map<number, bigint>, Map<number, bigint>, Map<number, bigint>][];
}

function readR1cs(file: string): R1cs {
  const buf = fs.readFileSync(file);
  if (buf.toString("ascii", 0, 4) !== "r1cs") throw new Error(`${file}: not an r1cs file`);
  const nSections = buf.readUInt32LE(8);
  let pos = 12;
  let n8 = 32;
  let nWires = 0;
  let nConstraints = 0;
  let constraintsAt = -1;
  for (let k = 0; k < nSections; k++) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    const start = pos + 12;
    if (type === 1) {
      n8 = buf.readUInt32LE(start);
      let prime = 0n;
      for (let b = n8 - 1; b >= 0; b--) prime = (prime << 8n) | BigInt(buf[start + 4 + b]);
      if (prime !== P) throw new Error(`${file}: unexpected prime ${prime}`);
      const h = start + 4 + n8;
      nWires = buf.readUInt32LE(h);
      nConstraints = buf.readUInt32LE(h + 24);
    } else if (type === 2) {
      constraintsAt = start;
    }
    pos = start + size;
  }
  if (constraintsAt < 0) throw new Error(`${file}: no constraint section`);
  const readCoeff = (at: number): bigint => {
    let v = 0n;
    for (let b = n8 - 1; b >= 0; b--) v = (v << 8n) | BigInt(buf[at + b]);
    return v;
  };
  const constraints: R1cs["constraints"] = [];
  pos = constraintsAt;
  for (let c = 0; c < nConstraints; c++) {
    const lcs: Map<number, bigint>[] = [];
    for (let l = 0; l < 3; l++) {
      const nTerms = buf.readUInt32LE(pos);
      pos += 4;
      const lc = new Map<number, bigint>();
      for (let t = 0; t < nTerms; t++) {
        lc.set(buf.readUInt32LE(pos), readCoeff(pos + 4));
        pos += 4 + n8;
      }
      lcs.push(lc);
    }
    constraints.push(lcs as [Map<number, bigint>, Map<number, bigint>, Map<number, bigint>]);
  }
  return { nWires, nConstraints, constraints };
}

/** 1-based line of the unique line of circuits/<file> containing `text` (for expectFail). */
export function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(path.join(CIRCUITS_DIR, file), "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(text) ? [i + 1] : []));
  if (hits.length !== 1)
    throw new Error(`${file}: ${hits.length} lines contain ${JSON.stringify(text)}`);
  return hits[0];
}

/** Reads the constraint count from the r1cs header only. */
export function r1csConstraintCount(file: string): number {
  const buf = fs.readFileSync(file);
  const nSections = buf.readUInt32LE(8);
  let pos = 12;
  for (let k = 0; k < nSections; k++) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    if (type === 1) {
      const n8 = buf.readUInt32LE(pos + 12);
      return buf.readUInt32LE(pos + 12 + 4 + n8 + 24);
    }
    pos += 12 + size;
  }
  throw new Error(`${file}: no header section`);
}

function sourcesDigest(): string {
  const h = createHash("sha256");
  for (const f of fs
    .readdirSync(CIRCUITS_DIR)
    .filter((n) => n.endsWith(".circom"))
    .sort()) {
    h.update(f)
      .update("\0")
      .update(fs.readFileSync(path.join(CIRCUITS_DIR, f)))
      .update("\0");
  }
  const circomlib = JSON.parse(
    fs.readFileSync(path.join(ROOT, "node_modules", "circomlib", "package.json"), "utf8"),
  );
  const circom2 = JSON.parse(
    fs.readFileSync(path.join(ROOT, "node_modules", "circom2", "package.json"), "utf8"),
  );
  h.update(`circomlib@${circomlib.version} circom2@${circom2.version}`);
  return h.digest("hex");
}

/** Writes and compiles (if not cached) a main for a template; returns its build directory. */
export function compileMain(cfg: CircuitConfig): string {
  const params = (cfg.params ?? []).map(String).join(", ");
  const pubs =
    cfg.publicInputs && cfg.publicInputs.length > 0
      ? ` {public [${cfg.publicInputs.join(", ")}]}`
      : "";
  const source =
    `pragma circom 2.1.9;\n` +
    `include "${cfg.file}";\n` +
    `component main${pubs} = ${cfg.template}(${params});\n`;
  const hash = createHash("sha256")
    .update(sourcesDigest())
    .update(source)
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(BUILD_DIR, `${cfg.template}-${hash}`);
  const done = path.join(dir, "DONE");
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "main.circom"), source);
  // circom2 runs under WASI and only sees the working directory: use paths relative to it.
  const rel = (p: string) => path.relative(ROOT, p);
  try {
    execFileSync(
      process.execPath,
      [
        CIRCOM,
        rel(path.join(dir, "main.circom")),
        "--r1cs",
        "--wasm",
        "--sym",
        "--O2",
        "-o",
        rel(dir),
        "-l",
        "node_modules",
        "-l",
        "circuits",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `circom2 failed for ${cfg.template}(${params}):\n${err.stdout?.toString() ?? ""}${err.stderr?.toString() ?? ""}`,
    );
  }
  fs.writeFileSync(done, source);
  return dir;
}

interface WitnessCalculator {
  calculateWitness(input: Record<string, unknown>, sanityCheck: boolean): Promise<bigint[]>;
}

function toInputJson(value: SignalValue): unknown {
  if (Array.isArray(value)) return value.map(toInputJson);
  return field(value).toString();
}

/** Paths of one compiled circuit. */
export interface CompiledFiles {
  wasmDir: string;
  wasm: string;
  r1cs: string;
  sym: string;
}

async function loadCalculator(files: CompiledFiles): Promise<WitnessCalculator> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builder = require(path.join(files.wasmDir, "witness_calculator.js")) as (
    code: Buffer,
    options?: unknown,
  ) => Promise<WitnessCalculator>;
  return builder(fs.readFileSync(files.wasm));
}

export class WitnessTester {
  private r1csCache?: R1cs;
  private symCache?: Map<string, number>;

  private constructor(
    readonly config: CircuitConfig,
    readonly files: CompiledFiles,
    private calculator: WitnessCalculator,
  ) {}

  static async compile(config: CircuitConfig): Promise<WitnessTester> {
    const dir = compileMain(config);
    const files: CompiledFiles = {
      wasmDir: path.join(dir, "main_js"),
      wasm: path.join(dir, "main_js", "main.wasm"),
      r1cs: path.join(dir, "main.r1cs"),
      sym: path.join(dir, "main.sym"),
    };
    return new WitnessTester(config, files, await loadCalculator(files));
  }

  /**
   * A tester over an instance built by the pipeline (`npm run circuits`, build/<instance>/),
   * so tests check the very wasm and r1cs that the keys were made from.
   */
  static async fromInstance(instance: string): Promise<WitnessTester> {
    const p = requireArtifacts(instance, { keys: false });
    const files: CompiledFiles = { wasmDir: p.wasmDir, wasm: p.wasm, r1cs: p.r1cs, sym: p.sym };
    const config: CircuitConfig = { file: "solvency.circom", template: `Solvency[${instance}]` };
    return new WitnessTester(config, files, await loadCalculator(files));
  }

  /**
   * The generated calculator accumulates error messages across calls and a failed run
   * leaves its wasm instance after a trap: start afresh after every failure.
   */
  private async resetCalculator(): Promise<void> {
    this.calculator = await loadCalculator(this.files);
  }

  private get r1cs(): R1cs {
    if (!this.r1csCache) this.r1csCache = readR1cs(this.files.r1cs);
    return this.r1csCache;
  }

  /** signal name (e.g. "main.isNonNeg", "main.sel[2]") -> witness index (-1 if optimised away). */
  private get sym(): Map<string, number> {
    if (!this.symCache) {
      const map = new Map<string, number>();
      for (const line of fs.readFileSync(this.files.sym, "utf8").split("\n")) {
        if (!line) continue;
        const parts = line.split(",");
        map.set(parts.slice(3).join(","), Number(parts[1]));
      }
      this.symCache = map;
    }
    return this.symCache;
  }

  constraintCount(): number {
    return r1csConstraintCount(this.files.r1cs);
  }

  /** Names of signals kept in the witness whose name matches the pattern. */
  signalNames(pattern: RegExp): string[] {
    return [...this.sym.entries()]
      .filter(([n, idx]) => idx >= 0 && pattern.test(n))
      .map(([n]) => n);
  }

  /** Witness index of a signal; accepts "main."-less names. Throws if it was optimised away. */
  signalIndex(name: string): number {
    const full = name.startsWith("main.") ? name : `main.${name}`;
    const idx = this.sym.get(full);
    if (idx === undefined) throw new Error(`${this.config.template}: no signal ${full}`);
    if (idx < 0)
      throw new Error(`${this.config.template}: signal ${full} was optimised away by --O2`);
    return idx;
  }

  async calculateWitness(input: CircuitInput): Promise<bigint[]> {
    const json: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) json[k] = toInputJson(v);
    try {
      return await this.calculator.calculateWitness(json, true);
    } catch (e) {
      await this.resetCalculator();
      throw e;
    }
  }

  /** Index of the first unsatisfied constraint, or -1 if A*B = C holds for all. */
  firstFailingConstraint(witness: bigint[]): number {
    const { constraints, nWires } = this.r1cs;
    if (witness.length !== nWires)
      throw new Error(`witness has ${witness.length} wires, r1cs ${nWires}`);
    const evalLc = (lc: Map<number, bigint>): bigint => {
      let acc = 0n;
      for (const [w, c] of lc) acc += c * witness[w];
      return acc % P;
    };
    for (let i = 0; i < constraints.length; i++) {
      const [a, b, c] = constraints[i];
      if ((evalLc(a) * evalLc(b) - evalLc(c)) % P !== 0n) return i;
    }
    return -1;
  }

  readSignal(witness: bigint[], name: string): bigint {
    return witness[this.signalIndex(name)];
  }

  async expectPass(input: CircuitInput, outputs: Record<string, Signal> = {}): Promise<bigint[]> {
    const witness = await this.calculateWitness(input);
    if (witness[0] !== 1n) throw new Error("witness[0] must be 1");
    const failing = this.firstFailingConstraint(witness);
    if (failing >= 0)
      throw new Error(`${this.config.template}: honest witness violates constraint ${failing}`);
    for (const [name, value] of Object.entries(outputs)) {
      const got = this.readSignal(witness, name);
      if (got !== field(value))
        throw new Error(`${this.config.template}: ${name} = ${got}, expected ${field(value)}`);
    }
    return witness;
  }

  /**
   * Expects witness generation to fail on an `===` or assert. `where`, if given, pins
   * the failure: a chain of template names from the innermost failing one outwards,
   * e.g. "Num2Bits<SignedAbs<AccountValues", optionally with the line of the last one
   * ("Solvency:97"; see `lineOf`). Returns the failure trace.
   */
  async expectFail(input: CircuitInput, where?: string): Promise<string> {
    let error: unknown;
    try {
      await this.calculateWitness(input);
    } catch (e) {
      error = e;
    }
    if (error === undefined)
      throw new Error(
        `${this.config.template}: expected witness generation to fail, but it succeeded`,
      );
    const msg = error instanceof Error ? error.message : String(error);
    if (!/Assert Failed/.test(msg))
      throw new Error(`${this.config.template}: failed with an unexpected error: ${msg}`);
    const trace = [...msg.matchAll(/Error in template (\w+?)_\d+ line: (\d+)/g)].map((m) => ({
      template: m[1],
      line: Number(m[2]),
    }));
    if (where !== undefined) {
      const wanted = where.split("<").map((w) => {
        const [template, line] = w.split(":");
        return { template, line: line === undefined ? undefined : Number(line) };
      });
      const ok =
        wanted.length <= trace.length &&
        wanted.every(
          (w, i) =>
            trace[i].template === w.template && (w.line === undefined || trace[i].line === w.line),
        );
      if (!ok) {
        const got = trace.map((t) => `${t.template}:${t.line}`).join("<");
        throw new Error(`${this.config.template}: expected a failure in ${where}, got ${got}`);
      }
    }
    return trace.map((t) => `${t.template}:${t.line}`).join("<");
  }

  /**
   * Computes the honest witness for `input` (which must pass), overwrites the named
   * signals and expects an unsatisfied R1CS constraint. Returns the failing constraint.
   */
  async expectFailWithEditedWitness(
    input: CircuitInput,
    edits: Record<string, Signal>,
  ): Promise<number> {
    const witness = await this.expectPass(input);
    const edited = witness.slice();
    let changed = false;
    for (const [name, value] of Object.entries(edits)) {
      const idx = this.signalIndex(name);
      if (idx === 0) throw new Error("cannot edit the constant wire");
      const v = field(value);
      if (edited[idx] !== v) changed = true;
      edited[idx] = v;
    }
    if (!changed) throw new Error(`${this.config.template}: the edits do not change the witness`);
    const failing = this.firstFailingConstraint(edited);
    if (failing < 0)
      throw new Error(
        `${this.config.template}: edited witness ${JSON.stringify(Object.keys(edits))} satisfies every constraint`,
      );
    return failing;
  }
}
