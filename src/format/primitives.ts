/**
 * Shared zod building blocks of every JSON file (SPEC section 5 and the generated files):
 * decimals parsed exactly, integers, identifiers, addresses, uint strings, field elements,
 * instance names and the version field. Each rule is written once, with the wording every
 * file reports.
 */
import { z } from "zod";
import { getAddress } from "ethers";
import { Decimal, Rational, cmp, decimalToRational, parseDecimal, ONE, ZERO } from "../decimal";
import { ID_RE, P } from "../field";
import { CASH_BITS, CASH_LIMIT, NONCE_LIMIT, V_DECIMALS } from "../bounds";

function typeName(x: unknown): string {
  return x === null ? "null" : Array.isArray(x) ? "array" : typeof x;
}

/** Error map: "missing field" when absent, `what (got a JSON <type>)` on a wrong type. */
export const missingOr =
  (what: string): z.ZodErrorMap =>
  (issue, ctx) => {
    if (issue.code === "invalid_type" && issue.received === "undefined")
      return { message: "missing field" };
    if (issue.code === "invalid_type")
      return { message: `${what} (got a JSON ${typeName(ctx.data)})` };
    if (issue.code === "invalid_enum_value")
      return { message: `${what} (got ${JSON.stringify(ctx.data)})` };
    return { message: ctx.defaultError };
  };

/** A rule on a parsed decimal: returns the violated rule, or undefined. */
export type DecimalCheck = (d: Decimal, r: Rational) => string | undefined;

/** A decimal string, parsed exactly; `check` returns a rule violation or undefined. */
export function decimal(check?: DecimalCheck) {
  return z
    .string({
      errorMap: missingOr('must be a decimal string such as "61000.25", not a JSON number'),
    })
    .transform((s, ctx): Decimal => {
      const d = parseDecimal(s);
      if (!d) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `malformed decimal ${JSON.stringify(s)} (digits with an optional fraction, e.g. "61000.25" or "-3"; no exponent, "+", spaces or bare dot)`,
        });
        return z.NEVER;
      }
      const rule = check?.(d, decimalToRational(d));
      if (rule) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: rule });
        return z.NEVER;
      }
      return d;
    });
}

export const positive: DecimalCheck = (_d, r) =>
  cmp(r, ZERO) > 0 ? undefined : "must be greater than 0";
export const nonNegative: DecimalCheck = (_d, r) =>
  cmp(r, ZERO) >= 0 ? undefined : "must not be negative";
export const unitInterval: DecimalCheck = (_d, r) =>
  cmp(r, ZERO) >= 0 && cmp(r, ONE) < 0 ? undefined : "must be in [0, 1)";
export const closedUnitInterval: DecimalCheck = (_d, r) =>
  cmp(r, ZERO) >= 0 && cmp(r, ONE) <= 0 ? undefined : "must be in [0, 1]";
/** At most `n` decimals (`unit` explains the smallest unit), then `next`. */
export const maxDecimals =
  (n: number, unit: string, next?: DecimalCheck): DecimalCheck =>
  (d, r) =>
    d.scale > n ? `more than ${n} decimals (${unit})` : next?.(d, r);
/** A USD amount in V (1e-30 USD) whose absolute value is below CASH_LIMIT. */
export const boundedUsd: DecimalCheck = maxDecimals(
  V_DECIMALS,
  "1e-30 USD is the smallest unit",
  (d) =>
    (d.units < 0n ? -d.units : d.units) * 10n ** BigInt(V_DECIMALS - d.scale) < CASH_LIMIT
      ? undefined
      : `absolute value must be below 2^${CASH_BITS} V (about 1.6e30 USD)`,
);

/** A JSON integer in min..max (without `max`: any safe integer >= min). */
export function integer(min: number, max?: number) {
  return z.number({ errorMap: missingOr("must be a JSON integer") }).superRefine((n, ctx) => {
    if (!Number.isSafeInteger(n))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be an integer" });
    else if (max === undefined ? n < min : n < min || n > max)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: max === undefined ? `must be an integer >= ${min}` : `must be in ${min}..${max}`,
      });
  });
}

/** A non-negative safe JSON integer. */
export const natural = integer(0, Number.MAX_SAFE_INTEGER);

/** An identifier: instrument id, group id, collateral symbol (ID_RE). */
export const identifier = z
  .string({ errorMap: missingOr("must be a string") })
  .regex(ID_RE, "must be 1-31 characters from [A-Za-z0-9._:/+-]");

/** The rule text of an address. */
export const ADDRESS_RULE = "must be an address: 0x followed by 40 hex digits";
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** The rule broken by `s` as an EVM address (mixed case needs a valid EIP-55 checksum), or undefined. */
export function addressRule(s: string): string | undefined {
  if (!ADDRESS_RE.test(s)) return ADDRESS_RULE;
  const body = s.slice(2);
  if (body !== body.toLowerCase() && body !== body.toUpperCase()) {
    try {
      getAddress(s);
    } catch {
      return "bad EIP-55 checksum (mixed-case address)";
    }
  }
  return undefined;
}

/** An EVM address; mixed-case addresses must carry a valid EIP-55 checksum. Kept as written. */
export const address = z
  .string({ errorMap: missingOr("must be a 0x-prefixed address string") })
  .superRefine((s, ctx) => {
    const rule = addressRule(s);
    if (rule) ctx.addIssue({ code: z.ZodIssueCode.custom, message: rule });
  });

/** An EVM address (as {@link address}), returned EIP-55 checksummed. */
export const checksumAddress = address.transform((s) => getAddress(s));

/** A lower-case address, as the generated files write them. */
export const lowerAddress = z
  .string({ errorMap: missingOr("must be a lower-case address string") })
  .regex(/^0x[0-9a-f]{40}$/, "must be a lower-case address");

/** A 32-byte hex value (0x + 64 hex digits). */
export const bytes32 = z
  .string({ errorMap: missingOr("must be a 0x-prefixed 32-byte hex string") })
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x followed by 64 hex digits");

/** A sha256 digest as 64 lower-case hex digits (published artifacts, pinned keys). */
export const SHA256_HEX_RE = /^[0-9a-f]{64}$/;
/** The rule text of a sha256 digest. */
export const SHA256_HEX_RULE = "must be 64 lower-case hex digits (a sha256)";
export const sha256Hex = z
  .string({ errorMap: missingOr("must be a string") })
  .regex(SHA256_HEX_RE, SHA256_HEX_RULE);

/** A verification key hash (proof.json, artifacts.json): 0x + the sha256 of its canonical JSON. */
export const vkeyHash = z
  .string({ errorMap: missingOr("must be a string") })
  .regex(/^0x[0-9a-f]{64}$/, "must be 0x + 64 lower-case hex digits");

/** Exactly `value` (a string tag such as a file's `kind`): `must be "<value>"` otherwise. */
export function literal<T extends string>(value: T) {
  return z.literal(value, {
    errorMap: (_issue, ctx) => ({
      message: ctx.data === undefined ? "missing field" : `must be ${JSON.stringify(value)}`,
    }),
  });
}

/** The `version` field: 1, the only supported version. */
export const version = z.literal(1, {
  errorMap: (_issue, ctx) => ({
    message: ctx.data === undefined ? "missing field" : "must be 1 (the only supported version)",
  }),
});

/** Instance names: lower case letter, then lower case letters, digits, `-` and `_`. */
export const INSTANCE_NAME_RE = /^[a-z][a-z0-9_-]{0,63}$/;
/** The rule text of an instance name. */
export const INSTANCE_NAME_RULE =
  "must be an instance name (a lower case letter, then lower case letters, digits, - and _)";

/** True when `name` is a valid instance name. */
export function isInstanceName(name: string): boolean {
  return INSTANCE_NAME_RE.test(name);
}

/** A circuit instance name. */
export const instanceName = z
  .string({ errorMap: missingOr("must be a string") })
  .regex(INSTANCE_NAME_RE, INSTANCE_NAME_RULE);

/** A non-negative integer written as a decimal string (uint). */
export const uintString = z
  .string({ errorMap: missingOr("must be a decimal string") })
  .regex(/^(0|[1-9][0-9]*)$/, "must be a non-negative integer decimal string");

/** A uint string below 2^bits, as a bigint. */
export function uintBits(bits: number) {
  const limit = 1n << BigInt(bits);
  return uintString.transform((s, ctx): bigint => {
    const v = BigInt(s);
    if (v >= limit) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be below 2^${bits}` });
      return z.NEVER;
    }
    return v;
  });
}

/** A signed integer written as a decimal string. */
export const intString = z
  .string({ errorMap: missingOr("must be a decimal string") })
  .regex(/^-?(0|[1-9][0-9]*)$/, "must be an integer decimal string");

/** A BN254 field element written as a decimal string (below the modulus), as a bigint. */
export const fieldString = uintString.transform((s, ctx): bigint => {
  const v = BigInt(s);
  if (v >= P) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: "must be below the BN254 field modulus",
    });
    return z.NEVER;
  }
  return v;
});

/** nonce: a JSON integer or decimal string in 0..2^64-1, as a bigint. */
export const nonce = z
  .union([z.number(), z.string()], { errorMap: missingOr("must be a non-negative integer") })
  .transform((v, ctx): bigint => {
    let n: bigint | undefined;
    if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === "string" && /^(0|[1-9][0-9]{0,19})$/.test(v)) n = BigInt(v);
    if (n === undefined || n < 0n || n >= NONCE_LIMIT) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be an integer in 0..2^${Math.log2(Number(NONCE_LIMIT))}-1 (a JSON integer or a decimal string)`,
      });
      return z.NEVER;
    }
    return n;
  });

/** salt: 0x-prefixed hex of at most 32 bytes below the BN254 modulus, as a bigint. */
export const salt = z
  .string({ errorMap: missingOr("must be a 0x-prefixed hex string") })
  .transform((s, ctx): bigint => {
    if (!/^0x[0-9a-fA-F]{1,64}$/.test(s) || BigInt(s) >= P) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be 0x-prefixed hex (at most 32 bytes) below the BN254 field modulus",
      });
      return z.NEVER;
    }
    return BigInt(s);
  });
