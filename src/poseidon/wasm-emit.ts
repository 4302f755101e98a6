/**
 * A tiny WebAssembly binary encoder: just what the Poseidon module needs (one memory, i32
 * parameters, i64 locals, structured loops). Code is a flat list of bytes built with the
 * helpers below; see src/poseidon/field-module.ts.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a bigint (i64.const immediates). */
export function sleb(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

/** Opcodes used (WebAssembly 1.0 core). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i64Load: 0x29,
  i64Load32U: 0x35,
  i64Store: 0x37,
  i64Store32: 0x3e,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64Or: 0x84,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
} as const;

const VOID = 0x40;
const I32 = 0x7f;
const I64 = 0x7e;

export const get = (i: number): number[] => [OP.localGet, ...uleb(i)];
export const set = (i: number): number[] => [OP.localSet, ...uleb(i)];
export const tee = (i: number): number[] => [OP.localTee, ...uleb(i)];
export const i32 = (v: number): number[] => [OP.i32Const, ...sleb(BigInt(v))];
export const i64 = (v: bigint): number[] => [OP.i64Const, ...sleb(v)];
export const call = (f: number): number[] => [OP.call, ...uleb(f)];
/** `i64.load32_u` of the address on the stack plus `offset` bytes. */
export const load32 = (offset: number): number[] => [OP.i64Load32U, 2, ...uleb(offset)];
/** `i64.store32` (address, value) at `offset`. */
export const store32 = (offset: number): number[] => [OP.i64Store32, 2, ...uleb(offset)];
export const load64 = (offset: number): number[] => [OP.i64Load, 3, ...uleb(offset)];
export const store64 = (offset: number): number[] => [OP.i64Store, 3, ...uleb(offset)];

/** `local i += step` (i32). */
export const inc = (i: number, step: number): number[] => [
  ...get(i),
  ...i32(step),
  OP.i32Add,
  ...set(i),
];

/**
 * `for (counter = 0; counter < limit; counter++) body` with i32 locals; `body` must not
 * branch out of the loop.
 */
export function forLoop(counter: number, limit: number[], body: number[]): number[] {
  return [
    ...i32(0),
    ...set(counter),
    OP.block,
    VOID,
    OP.loop,
    VOID,
    ...get(counter),
    ...limit,
    OP.i32GeU,
    OP.brIf,
    1,
    ...body,
    ...inc(counter, 1),
    OP.br,
    0,
    OP.end,
    OP.end,
  ];
}

/** `if (cond) body` where `cond` leaves an i32. */
export const ifThen = (cond: number[], body: number[]): number[] => [
  ...cond,
  OP.if,
  VOID,
  ...body,
  OP.end,
];

/** One function: `params` i32 parameters, `i32Locals` then `i64Locals` locals. */
export interface WasmFunction {
  name: string;
  params: number;
  i32Locals: number;
  i64Locals: number;
  body: number[];
}

/** Appends `items` to `out` (no spread: bodies are thousands of bytes long). */
function append(out: number[], items: readonly number[]): void {
  for (const x of items) out.push(x);
}

function section(out: number[], id: number, content: readonly number[]): void {
  out.push(id);
  append(out, uleb(content.length));
  append(out, content);
}

function vec(items: readonly (readonly number[])[]): number[] {
  const out = uleb(items.length);
  for (const item of items) append(out, item);
  return out;
}

function name(s: string): number[] {
  return vec([...s].map((c) => [c.charCodeAt(0)]));
}

/**
 * The module: the functions (each exported under its name, none returning a value) and one
 * exported memory "memory" of `pages` 64 KiB pages, growable.
 */
export function encodeModule(
  functions: readonly WasmFunction[],
  pages: number,
): Uint8Array<ArrayBuffer> {
  const arities = [...new Set(functions.map((f) => f.params))];
  const types = arities.map((n) => [0x60, ...vec(new Array<number[]>(n).fill([I32])), 0]);
  const funcs = functions.map((f) => uleb(arities.indexOf(f.params)));
  const exported = [
    [...name("memory"), 0x02, 0],
    ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
  ];
  const bodies = functions.map((f) => {
    const locals: number[][] = [];
    if (f.i32Locals > 0) locals.push([...uleb(f.i32Locals), I32]);
    if (f.i64Locals > 0) locals.push([...uleb(f.i64Locals), I64]);
    const code = vec(locals);
    append(code, f.body);
    code.push(OP.end);
    const out = uleb(code.length);
    append(out, code);
    return out;
  });
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(out, 1, vec(types));
  section(out, 3, vec(funcs));
  section(out, 5, vec([[0x00, ...uleb(pages)]]));
  section(out, 7, vec(exported));
  section(out, 10, vec(bodies));
  return new Uint8Array(out);
}
