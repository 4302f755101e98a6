/**
 * A typed witness tester for the zkmargin Circom templates (in the spirit of
 * circomkit's WitnessTester).
 *
 * `WitnessTester<In, Out>` is typed over the template's signals: `In` names its input
 * signals (an input must give every one of them and no other, so a misspelt signal is a
 * compile error), `Out` the signals of main a test reads (outputs or intermediates).
 *
 * `WitnessTester.compile({ file, template, params })` renders a tiny main under
 * `build/test-circuits/<template>-<hash>/`, compiles it with the project's circom driver
 * (src/node/circom, the build's flags), cached by the compile step's source hash, and loads
 * the generated wasm.
 *
 * - `expectPass(input, outputs?)`: the witness computes and satisfies every R1CS
 *   constraint (read with src/node/circom/r1cs.ts, A*B = C mod p); optional expected outputs.
 * - `expectFail(input)`: witness generation throws (an `===` or assert fails).
 * - `expectFailWithEditedWitness(input, edits)`: takes the honest witness, overwrites
 *   the named signals (names from the .sym file) and checks that some R1CS constraint
 *   fails; this is how every `<--` hint is shown to be pinned.
 * - `constraintCount()`: the number of constraints of the compiled circuit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { P } from "../../src/field";
import { requireArtifacts } from "../../src/node/artifacts";
import { CIRCOM_FLAGS, compiledPaths, compileMainText } from "../../src/node/circom/driver";
import { renderComponentMain } from "../../src/node/circom/main";
import { readR1cs, readR1csHeader } from "../../src/node/circom/r1cs";
import type { R1cs } from "../../src/node/circom/r1cs";
import { computeSourceHash } from "../../src/node/pipeline/compile";

export { P };

export const ROOT = path.resolve(__dirname, "..", "..");
const CIRCUITS_DIR = path.join(ROOT, "circuits");
const BUILD_DIR = path.join(ROOT, "build", "test-circuits");

export type Signal = bigint | number | string;
export type SignalValue = Signal | readonly SignalValue[];

/** An input of a template whose input signals are `In`: every one of them, no other. */
export type CircuitInput<In extends string = string> = Record<In, SignalValue>;

/** A signal of main named by a test: `name`, or an element `name[i]` / `name[i][j]`. */
export type SignalPath<S extends string> = S | `${S}[${number}]` | `${S}[${number}][${number}]`;

/** A full signal name from the .sym file, e.g. "main.sv.isNonNeg" (see `signalNames`). */
export type SymName = `main.${string}`;

/** The signals a tester over `In` and `Out` reads and edits. */
export type SignalName<In extends string, Out extends string> = SignalPath<In | Out> | SymName;

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

/** 1-based line of the unique line of circuits/<file> containing `text` (for expectFail). */
export function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(path.join(CIRCUITS_DIR, file), "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(text) ? [i + 1] : []));
  if (hits.length !== 1)
    throw new Error(`${file}: ${hits.length} lines contain ${JSON.stringify(text)}`);
  return hits[0];
}

/** Paths of one compiled circuit. */
export interface CompiledFiles {
  wasmDir: string;
  wasm: string;
  r1cs: string;
  sym: string;
}

/** Renders and compiles (unless cached) a main for a template; returns its files. */
async function compileTemplate(cfg: CircuitConfig): Promise<CompiledFiles> {
  const mainText = renderComponentMain({
    include: cfg.file,
    template: cfg.template,
    args: cfg.params ?? [],
    publicInputs: cfg.publicInputs,
  });
  const hash = computeSourceHash({
    sourcesDir: CIRCUITS_DIR,
    mainDir: path.join(CIRCUITS_DIR, "main"),
    mainText,
    params: {},
    flags: [...CIRCOM_FLAGS],
  }).slice(0, 16);
  const dir = path.join(BUILD_DIR, `${cfg.template}-${hash}`);
  const mainFile = path.join(dir, "main.circom");
  const done = path.join(dir, "DONE");
  if (fs.existsSync(done)) return compiledPaths(mainFile, dir);
  fs.rmSync(dir, { recursive: true, force: true });
  const files = await compileMainText({
    mainText,
    mainFile,
    outDir: dir,
    flags: CIRCOM_FLAGS,
    includeDirs: [CIRCUITS_DIR],
  });
  fs.writeFileSync(done, mainText);
  return files;
}

interface WitnessCalculator {
  calculateWitness(input: Record<string, unknown>, sanityCheck: boolean): Promise<bigint[]>;
}

function toInputJson(value: SignalValue): unknown {
  if (Array.isArray(value)) return value.map(toInputJson);
  return field(value as Signal).toString();
}

async function loadCalculator(files: CompiledFiles): Promise<WitnessCalculator> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builder = require(path.join(files.wasmDir, "witness_calculator.js")) as (
    code: Buffer,
    options?: unknown,
  ) => Promise<WitnessCalculator>;
  return builder(fs.readFileSync(files.wasm));
}

export class WitnessTester<In extends string = string, Out extends string = string> {
  private r1csCache?: R1cs;
  private symCache?: Map<string, number>;

  private constructor(
    readonly config: CircuitConfig,
    readonly files: CompiledFiles,
    private calculator: WitnessCalculator,
  ) {}

  /** A tester over `template` of `file`; `In` and `Out` name its signals. */
  static async compile<In extends string = string, Out extends string = string>(
    config: CircuitConfig,
  ): Promise<WitnessTester<In, Out>> {
    const files = await compileTemplate(config);
    return new WitnessTester<In, Out>(config, files, await loadCalculator(files));
  }

  /**
   * A tester over an instance built by the pipeline (`npm run circuits`, build/<instance>/),
   * so tests check the very wasm and r1cs that the keys were made from.
   */
  static async fromInstance<In extends string = string, Out extends string = string>(
    instance: string,
  ): Promise<WitnessTester<In, Out>> {
    const p = requireArtifacts(instance, { keys: false });
    const files: CompiledFiles = { wasmDir: p.wasmDir, wasm: p.wasm, r1cs: p.r1cs, sym: p.sym };
    const config: CircuitConfig = { file: "solvency.circom", template: `Solvency[${instance}]` };
    return new WitnessTester<In, Out>(config, files, await loadCalculator(files));
  }

  /**
   * The generated calculator accumulates error messages across calls and a failed run
   * leaves its wasm instance after a trap: start afresh after every failure.
   */
  private async resetCalculator(): Promise<void> {
    this.calculator = await loadCalculator(this.files);
  }

  private get r1cs(): R1cs {
    if (!this.r1csCache) {
      const r = readR1cs(this.files.r1cs);
      if (r.header.prime !== P)
        throw new Error(`${this.files.r1cs}: unexpected prime ${r.header.prime}`);
      this.r1csCache = r;
    }
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
    return readR1csHeader(this.files.r1cs).nConstraints;
  }

  /** Full names of signals kept in the witness whose name matches the pattern. */
  signalNames(pattern: RegExp): SymName[] {
    return [...this.sym.entries()]
      .filter(([n, idx]) => idx >= 0 && pattern.test(n))
      .map(([n]) => n as SymName);
  }

  /** Witness index of a signal; accepts "main."-less names. Throws if it was optimised away. */
  signalIndex(name: SignalName<In, Out>): number {
    const full = name.startsWith("main.") ? name : `main.${name}`;
    const idx = this.sym.get(full);
    if (idx === undefined) throw new Error(`${this.config.template}: no signal ${full}`);
    if (idx < 0)
      throw new Error(`${this.config.template}: signal ${full} was optimised away by --O2`);
    return idx;
  }

  async calculateWitness(input: CircuitInput<In>): Promise<bigint[]> {
    const json: Record<string, unknown> = {};
    for (const [k, v] of Object.entries<SignalValue>(input)) json[k] = toInputJson(v);
    try {
      return await this.calculator.calculateWitness(json, true);
    } catch (e) {
      await this.resetCalculator();
      throw e;
    }
  }

  /** Index of the first unsatisfied constraint, or -1 if A*B = C holds for all. */
  firstFailingConstraint(witness: bigint[]): number {
    const { constraints, header } = this.r1cs;
    if (witness.length !== header.nWires)
      throw new Error(`witness has ${witness.length} wires, r1cs ${header.nWires}`);
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

  readSignal(witness: bigint[], name: SignalName<In, Out>): bigint {
    return witness[this.signalIndex(name)];
  }

  async expectPass(
    input: CircuitInput<In>,
    outputs: Partial<Record<SignalPath<Out>, Signal>> = {},
  ): Promise<bigint[]> {
    const witness = await this.calculateWitness(input);
    if (witness[0] !== 1n) throw new Error("witness[0] must be 1");
    const failing = this.firstFailingConstraint(witness);
    if (failing >= 0)
      throw new Error(`${this.config.template}: honest witness violates constraint ${failing}`);
    for (const [name, value] of Object.entries<Signal | undefined>(outputs)) {
      if (value === undefined) continue;
      const got = this.readSignal(witness, name as SignalPath<Out>);
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
  async expectFail(input: CircuitInput<In>, where?: string): Promise<string> {
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
    input: CircuitInput<In>,
    edits: Partial<Record<SignalName<In, Out>, Signal>>,
  ): Promise<number> {
    const witness = await this.expectPass(input);
    const edited = witness.slice();
    let changed = false;
    for (const [name, value] of Object.entries<Signal | undefined>(edits)) {
      if (value === undefined) continue;
      const idx = this.signalIndex(name as SignalName<In, Out>);
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
