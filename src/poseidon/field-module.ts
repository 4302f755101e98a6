/**
 * The WebAssembly module of the Poseidon engine, emitted as bytes at load time (no binary
 * in the repository, no build step). Field arithmetic: src/poseidon/field-code.ts; the
 * round functions loop over the state; the constants (round constants, matrices) are
 * written into memory by src/poseidon/engine.ts.
 */
import {
  OP,
  WasmFunction,
  call,
  encodeModule,
  forLoop,
  get,
  i32,
  ifThen,
  load32,
  set,
  store32,
} from "./wasm-emit";
import {
  ELEM,
  LIMBS,
  accumulate,
  condSubStore,
  limbsToWords,
  loadLimbs,
  mask,
  normalize,
  redc,
  shr,
  storeLimbs,
  wordsToLimbs,
} from "./field-code";

/** Scratch addresses (bytes). */
export const TMP = 0;
export const X2 = 40;
/** R^2 mod p: `mul(x, R2)` takes x into Montgomery form. */
export const R2 = 80;
/** The integer 1: `mul(x, ONE)` takes x out of Montgomery form. */
export const ONE = 120;
/** A 256-bit integer as 4 little-endian 64-bit words (`load`, `store`, `limbs`). */
export const RAW = 160;
/** The new state of a matrix product (17 elements). */
const NEW = 200;
/** The state (17 elements) that the engine hashes. */
export const STATE = 848;
/** First byte free for constants. */
export const HEAP = 1536;
export { ELEM };

/** Function indices, in module order. */
const F = {
  mul: 0,
  add: 1,
  pow5: 2,
  dot: 3,
  addVec: 4,
  full: 5,
  partial: 6,
  mulAdd: 7,
  limbs: 8,
  load: 9,
  store: 10,
} as const;

const seq = (from: number, n = LIMBS): number[] => Array.from({ length: n }, (_, j) => from + j);
const high = (acc: number[]): number[] => acc.slice(LIMBS);
/** i32 address `base + ELEM * index (+ extra)`. */
const at = (base: number[], index: number[], extra = 0): number[] => [
  ...base,
  ...index,
  ...i32(ELEM),
  OP.i32Mul,
  OP.i32Add,
  ...(extra ? [...i32(extra), OP.i32Add] : []),
];
const fn = (name: string, params: number, i32s: number, i64s: number, body: number[]) => ({
  name,
  params,
  i32Locals: i32s,
  i64Locals: i64s,
  body,
});

/** mul(a, b, r): r = a b / R mod p. r may alias a or b. */
function mul(): WasmFunction {
  const [A, B, acc, m] = [seq(3), seq(12), seq(21, 2 * LIMBS), 39];
  const body = [
    ...loadLimbs(0, A),
    ...loadLimbs(1, B),
    ...accumulate(acc, A, B),
    ...redc(acc, m),
    ...storeLimbs(2, high(acc)),
  ];
  return fn("mul", 3, 0, 37, body);
}

/** mulAdd(a, b, c, r): r = a b / R + c mod p (c is added as c R before the reduction). */
function mulAdd(): WasmFunction {
  const [A, B, acc, m, D, x, bor] = [seq(4), seq(13), seq(22, 2 * LIMBS), 40, seq(41), 50, 51];
  const addC = high(acc).flatMap((l, j) => [
    ...get(l),
    ...get(2),
    ...load32(4 * j),
    OP.i64Add,
    ...set(l),
  ]);
  const body = [
    ...loadLimbs(0, A),
    ...loadLimbs(1, B),
    ...accumulate(acc, A, B),
    ...addC,
    ...redc(acc, m),
    ...condSubStore(3, high(acc), D, x, bor, "2p"),
  ];
  return fn("mulAdd", 4, 0, 48, body);
}

/** add(a, b, r): r = a + b mod p (below 2p). */
function add(): WasmFunction {
  const [S, D, carry, x, bor] = [seq(3), seq(12), 21, 22, 23];
  const body: number[] = [];
  S.forEach((l, j) => {
    body.push(...get(0), ...load32(4 * j), ...get(1), ...load32(4 * j));
    body.push(OP.i64Add, ...get(carry), OP.i64Add, ...set(x));
    body.push(...get(x), ...shr, ...set(carry), ...get(x), ...mask, ...set(l));
  });
  body.push(...condSubStore(2, S, D, x, bor, "2p"));
  return fn("add", 3, 0, 21, body);
}

/** pow5(a): a = a^5 in place. */
const pow5 = fn("pow5", 1, 0, 0, [
  ...[...get(0), ...get(0), ...i32(X2), ...call(F.mul)],
  ...[...i32(X2), ...i32(X2), ...i32(X2), ...call(F.mul)],
  ...[...get(0), ...i32(X2), ...get(0), ...call(F.mul)],
]);

/** dot(row, vec, n, out): out = sum_k row[k] vec[k] / R, one reduction (n <= 17). */
function dot(): WasmFunction {
  const [k, ra, va] = [4, 5, 6];
  const [A, B, acc, m] = [seq(7), seq(16), seq(25, 2 * LIMBS), 43];
  const every4 = [...get(k), ...i32(3), OP.i32And, ...i32(3), OP.i32Eq];
  const body = [
    ...forLoop(k, get(2), [
      ...at(get(0), get(k)),
      ...set(ra),
      ...at(get(1), get(k)),
      ...set(va),
      ...loadLimbs(ra, A),
      ...loadLimbs(va, B),
      ...accumulate(acc, A, B),
      ...ifThen(every4, normalize(acc, 0, 2 * LIMBS - 1)),
    ]),
    ...normalize(acc, 0, 2 * LIMBS - 1),
    ...redc(acc, m),
    ...storeLimbs(3, high(acc)),
  ];
  return fn("dot", 4, 3, 37, body);
}

/** Copies one element from address code `from` to address code `to`. */
function copy(to: number[], from: number[]): number[] {
  return seq(0).flatMap((j) => [...to, ...from, ...load32(4 * j), ...store32(4 * j)]);
}

/** addVec(s, c, n): s[k] += c[k]. */
const addVec = fn(
  "addVec",
  3,
  1,
  0,
  forLoop(3, get(2), [
    ...at(get(0), get(3)),
    ...at(get(1), get(3)),
    ...at(get(0), get(3)),
    ...call(F.add),
  ]),
);

/**
 * full(s, c, n, mat, rows): a full round: s[k] = s[k]^5, then (c != 0) s[k] += c[k], then
 * s[i] = sum_k mat[i][k] s[k] for the first `rows` rows (row-major n x n matrix).
 */
const full = fn("full", 5, 1, 0, [
  ...forLoop(5, get(2), [...at(get(0), get(5)), ...call(F.pow5)]),
  ...ifThen(get(1), [...get(0), ...get(1), ...get(2), ...call(F.addVec)]),
  ...forLoop(5, get(4), [
    ...at(get(3), [...get(5), ...get(2), OP.i32Mul]),
    ...get(0),
    ...get(2),
    ...at(i32(NEW), get(5)),
    ...call(F.dot),
  ]),
  ...forLoop(5, get(4), copy(at(get(0), get(5)), at(i32(NEW), get(5)))),
]);

/**
 * partial(s, c, sp, n, rounds): `rounds` partial rounds of the optimized Poseidon: s[0] =
 * s[0]^5 + c[r]; then the sparse matrix of round r, stored as 2n - 1 elements [d, w_1 ..
 * w_{n-1}, z_1 .. z_{n-1}]: s[0] = d s[0] + sum w_k s[k], s[k] += z_k s[0] (old s[0]).
 */
const partial = fn("partial", 5, 2, 0, [
  ...forLoop(5, get(4), [
    ...[...get(0), ...call(F.pow5)],
    ...[...get(0), ...at(get(1), get(5)), ...get(0), ...call(F.add)],
    ...[...get(2), ...get(0), ...get(3), ...i32(NEW), ...call(F.dot)],
    ...forLoop(
      6,
      [...get(3), ...i32(1), OP.i32Sub],
      [
        ...get(0),
        ...at(get(2), [...get(3), ...get(6), OP.i32Add]),
        ...at(get(0), get(6), ELEM),
        ...at(get(0), get(6), ELEM),
        ...call(F.mulAdd),
      ],
    ),
    ...copy(get(0), i32(NEW)),
    ...at(get(2), [...get(3), ...i32(2), OP.i32Mul, ...i32(1), OP.i32Sub]),
    ...set(2),
  ]),
]);

/** limbs(raw, r): the 256-bit integer at raw as limbs at r (no Montgomery conversion). */
const limbs = fn("limbs", 2, 0, 9, [...wordsToLimbs(0, seq(2)), ...storeLimbs(1, seq(2))]);

/** load(raw, r): the integer at raw (< p) into Montgomery form at r. */
const load = fn("load", 2, 0, 0, [
  ...[...get(0), ...get(1), ...call(F.limbs)],
  ...[...get(1), ...i32(R2), ...get(1), ...call(F.mul)],
]);

/** store(a, raw): the canonical integer (< p) of element a, as 4 words at raw. */
function store(): WasmFunction {
  const [tp, L, D, x, bor] = [2, seq(3), seq(12), 21, 22];
  const body = [
    ...[...get(0), ...i32(ONE), ...i32(TMP), ...call(F.mul)],
    ...[...i32(TMP), ...set(tp)],
    ...loadLimbs(tp, L),
    ...condSubStore(tp, L, D, x, bor, "p"),
    ...loadLimbs(tp, L),
    ...limbsToWords(L, 1),
  ];
  return fn("store", 2, 1, 20, body);
}

/** The module's bytes, with `pages` pages of memory to start with. */
export function poseidonModuleBytes(pages: number): Uint8Array<ArrayBuffer> {
  const functions = [
    mul(),
    add(),
    pow5,
    dot(),
    addVec,
    full,
    partial,
    mulAdd(),
    limbs,
    load,
    store(),
  ];
  return encodeModule(functions, pages);
}
