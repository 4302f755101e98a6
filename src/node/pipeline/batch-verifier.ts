// The Groth16 batch verifier of an instance: contracts/generated/SolvencyBatchVerifier<Name>.sol,
// generated from the verification key alone (deterministic: the same key gives the same bytes,
// so `zkmargin audit` can regenerate and compare). One pairing check of k + 3 pairs for k proofs:
//
//   prod_i e(-r_i A_i, B_i) * e(R alpha, beta) * e(R IC_0 + sum_j S_j IC_j, gamma)
//     * e(sum_i r_i C_i, delta) == 1,   R = sum_i r_i,  S_j = sum_i r_i pub_i[j]  (mod r)
//
// r_0 = 1; r_i (i >= 1) = the top 128 bits of keccak256(seed, i), seed = keccak256(VKEY_SHA256,
// proofs[] (A_i, B_i, C_i), pub[]) over the raw calldata words: Fiat-Shamir over every proof point and
// public input, nothing the caller picks beside them. Checks before any precompile call: batch
// not empty, equal lengths, each public input < r, each G1 point (A_i, C_i) with coordinates
// < q on y^2 = x^3 + 3 (BN254 G1 has cofactor 1: on the curve = in the group; the point at
// infinity is refused), each G2 coordinate < q. Membership of B_i in G2's order-r subgroup
// is left to the pairing precompile 0x08, which EIP-197 specifies to fail on any input that is
// not an element of G2 (on the twist and of order r); a failed precompile call returns false.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { ArtifactPaths } from "../artifacts";
import { writeFileAtomic } from "../files";
import { vkeyHash } from "./hash";
import { UNSAFE_LABEL, verifierHeader } from "./keys";
import { readManifest } from "./manifest";

/** BN254 scalar field r and base field q. */
export const BN254_R =
  21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const BN254_Q =
  21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const dec = z.string().regex(/^[0-9]{1,78}$/);
const g1 = z.tuple([dec, dec, dec]);
const fp2 = z.tuple([dec, dec]);
const g2 = z.tuple([fp2, fp2, fp2]);
const vkeySchema = z.object({
  protocol: z.literal("groth16"),
  curve: z.literal("bn128"),
  nPublic: z.number().int().min(1).max(64),
  vk_alpha_1: g1,
  vk_beta_2: g2,
  vk_gamma_2: g2,
  vk_delta_2: g2,
  IC: z.array(g1),
});
export type Groth16VerificationKey = z.infer<typeof vkeySchema>;

/** Validates a snarkjs Groth16 BN254 verification key (IC has nPublic + 1 points). */
export function parseVerificationKey(vkey: unknown): Groth16VerificationKey {
  const k = vkeySchema.parse(vkey);
  if (k.IC.length !== k.nPublic + 1)
    throw new Error(`verification key: IC has ${k.IC.length} points, nPublic is ${k.nPublic}`);
  return k;
}

/** An instance name as the generated contracts name it: `small-v2` -> `SmallV2`. */
export function instanceContractSuffix(instance: string): string {
  return instance
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

/** `standard` -> `SolvencyBatchVerifierStandard` (the single one is SolvencyVerifier...). */
export function batchVerifierContractName(instance: string): string {
  return `SolvencyBatchVerifier${instanceContractSuffix(instance)}`;
}

export interface BatchVerifierOptions {
  contractName: string;
  /** Comment lines put after the SPDX line (each starting with `//`, ending in a newline). */
  header: string;
}

/** The Solidity source of the batch verifier for `vkey`. */
export function batchVerifierSource(vkey: unknown, o: BatchVerifierOptions): string {
  const k = parseVerificationKey(vkey);
  const n = k.nPublic;
  const c = (name: string, v: string): string => `    uint256 internal constant ${name} = ${v};`;
  // The precompile takes an Fp2 element as (imaginary, real); snarkjs lists (real, imaginary).
  const g2c = (name: string, p: Groth16VerificationKey["vk_beta_2"]): string[] => [
    c(`${name}_X_IM`, p[0][1]),
    c(`${name}_X_RE`, p[0][0]),
    c(`${name}_Y_IM`, p[1][1]),
    c(`${name}_Y_RE`, p[1][0]),
  ];
  const store = (at: string, names: string[]): string =>
    names.map((v, i) => `mstore(add(${at}, ${i * 32}), ${v})`).join(" ");
  const g2names = (name: string): string[] =>
    ["X_IM", "X_RE", "Y_IM", "Y_RE"].map((s) => `${name}_${s}`);
  const pubWords = 32 * n;
  const accumulate = Array.from({ length: n }, (_, j) =>
    [
      `                let v${j} := mload(add(q, ${j * 32}))`,
      `                if iszero(lt(v${j}, R_MOD)) { v := 0 }`,
      `                mstore(add(e, ${128 + j * 32}), addmod(mload(add(e, ${128 + j * 32})), mulmod(r, v${j}, R_MOD), R_MOD))`,
    ].join("\n"),
  ).join("\n");
  const vkx = Array.from({ length: n }, (_, j) =>
    [
      `                mstore(s, IC${j + 1}_X) mstore(add(s, 32), IC${j + 1}_Y) mstore(add(s, 64), mload(add(e, ${128 + j * 32})))`,
      `                ok := and(ok, staticcall(gas(), 7, s, 96, add(t, 64), 64))`,
      `                ok := and(ok, staticcall(gas(), 6, t, 128, t, 64))`,
    ].join("\n"),
  ).join("\n");
  const zeroS = Array.from({ length: n }, (_, j) => `mstore(add(e, ${128 + j * 32}), 0)`).join(" ");
  // base + sum_j pub[j] IC_{j+1} at memory m (base already there), zero inputs skipped
  const linear = Array.from({ length: n }, (_, j) =>
    [
      `            let v${j} := calldataload(add(pub, ${j * 32}))`,
      `            if iszero(lt(v${j}, R_MOD)) { ok := 0 }`,
      `            if v${j} {`,
      `                mstore(add(m, 64), IC${j + 1}_X) mstore(add(m, 96), IC${j + 1}_Y) mstore(add(m, 128), v${j})`,
      `                ok := and(ok, staticcall(gas(), 7, add(m, 64), 96, add(m, 64), 64))`,
      `                ok := and(ok, staticcall(gas(), 6, m, 128, m, 64))`,
      `            }`,
    ].join("\n"),
  ).join("\n");
  const spdx = "// SPDX-License-Identifier: MIT\n";
  return `${spdx}${o.header}pragma solidity ^0.8.24;

/// Groth16 verifier (BN254) for one proof (verifyProof, and verifyProofFrom with a cached
/// public-input point) and a batch: k proofs in one pairing check of k + 3 pairs, with
/// Fiat-Shamir coefficients (r_0 = 1, r_i = top 128 bits of keccak256(seed, i), seed =
/// keccak256(VKEY_SHA256 || proofs || pub)). Generated by src/node/pipeline/batch-verifier.ts.
contract ${o.contractName} {
    /// sha256 of the canonical JSON of the verification key; also the transcript's domain tag.
    bytes32 public constant VKEY_SHA256 = 0x${vkeyHash(vkey)};
    uint256 public constant N_PUBLIC = ${n};

    uint256 internal constant R_MOD = ${BN254_R};
    uint256 internal constant Q_MOD = ${BN254_Q};

${[
  c("ALPHA_X", k.vk_alpha_1[0]),
  c("ALPHA_Y", k.vk_alpha_1[1]),
  ...g2c("BETA", k.vk_beta_2),
  ...g2c("GAMMA", k.vk_gamma_2),
  ...g2c("DELTA", k.vk_delta_2),
  ...k.IC.flatMap((p, j) => [c(`IC${j}_X`, p[0]), c(`IC${j}_Y`, p[1])]),
].join("\n")}

    /// True when (a, b, c) is a valid proof for pub: one pairing check of 4 pairs, the snarkjs
    /// verifier's equation. False for an input >= r or a point off the curve or outside G2.
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[${n}] calldata pub
    ) external view returns (bool) {
        (bool ok, uint256 x, uint256 y) = _linear(IC0_X, IC0_Y, pub);
        return ok && _pairing(a, b, c, x, y);
    }

    /// verifyProof with the public-input point started at \`base\` instead of IC_0: true when
    /// (a, b, c) is valid for inputs q with base + sum_j pub[j] IC_{j+1} = IC_0 + sum_j q[j] IC_{j+1}.
    /// A caller that cached base = basePoint(fixed) for the inputs that do not change passes
    /// the others in pub (zero where the cache covers them). The base is trusted: a caller
    /// that passes a base not made by basePoint gets an answer about other inputs.
    function verifyProofFrom(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[2] calldata base,
        uint256[${n}] calldata pub
    ) external view returns (bool) {
        (bool ok, uint256 x, uint256 y) = _linear(base[0], base[1], pub);
        return ok && _pairing(a, b, c, x, y);
    }

    /// IC_0 + sum_j pub[j] IC_{j+1}: the public-input point of pub, to cache for verifyProofFrom.
    /// Reverts on an input >= r.
    function basePoint(uint256[${n}] calldata pub) external view returns (uint256[2] memory p) {
        bool ok;
        (ok, p[0], p[1]) = _linear(IC0_X, IC0_Y, pub);
        if (!ok) revert InputNotInField();
    }

    /// An input of basePoint is not below the scalar field modulus r.
    error InputNotInField();

    function _linear(uint256 bx, uint256 by, uint256[${n}] calldata pub) private view returns (bool ok, uint256 x, uint256 y) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, bx)
            mstore(add(m, 32), by)
            ok := 1
${linear}
            x := mload(m)
            y := mload(add(m, 32))
        }
    }

    /// e(-A, B) e(alpha, beta) e((x, y), gamma) e(C, delta) == 1, with A and C on the curve and
    /// every B coordinate below q checked first (the precompile checks B is in G2).
    function _pairing(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256 x,
        uint256 y
    ) private view returns (bool ok) {
        assembly ("memory-safe") {
            function g1ok(px, py) -> v {
                v := and(and(lt(px, Q_MOD), lt(py, Q_MOD)), eq(mulmod(py, py, Q_MOD), addmod(mulmod(px, mulmod(px, px, Q_MOD), Q_MOD), 3, Q_MOD)))
            }
            let ax := calldataload(a)
            let ay := calldataload(add(a, 32))
            let cx := calldataload(c)
            let cy := calldataload(add(c, 32))
            ok := and(g1ok(ax, ay), g1ok(cx, cy))
            for { let i := 0 } lt(i, 4) { i := add(i, 1) } {
                if iszero(lt(calldataload(add(b, mul(i, 32))), Q_MOD)) { ok := 0 }
            }
            if ok {
                let t := mload(0x40)
                mstore(t, ax)
                mstore(add(t, 32), sub(Q_MOD, ay))
                calldatacopy(add(t, 64), b, 128)
                mstore(add(t, 192), ALPHA_X) mstore(add(t, 224), ALPHA_Y)
                ${store("add(t, 256)", g2names("BETA"))}
                mstore(add(t, 384), x) mstore(add(t, 416), y)
                ${store("add(t, 448)", g2names("GAMMA"))}
                mstore(add(t, 576), cx) mstore(add(t, 608), cy)
                ${store("add(t, 640)", g2names("DELTA"))}
                ok := staticcall(gas(), 8, t, 768, t, 32)
                ok := and(ok, mload(t))
            }
        }
    }

    /// A proof in the calling convention of verifyProof (B in the precompile's coordinate order).
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// True when every proofs[i] is a valid proof for pub[i]; false for an empty batch, arrays
    /// of different lengths, an input >= r, a point off the curve or outside G2.
    function verifyBatch(Proof[] calldata proofs, uint256[${n}][] calldata pub) external view returns (bool ok) {
        uint256 k = proofs.length;
        if (k == 0 || pub.length != k) return false;
        assembly ("memory-safe") {
            // y^2 == x^3 + 3 with canonical coordinates: a point of G1 other than infinity
            function g1ok(x, y) -> v {
                v := and(and(lt(x, Q_MOD), lt(y, Q_MOD)), eq(mulmod(y, y, Q_MOD), addmod(mulmod(x, mulmod(x, x, Q_MOD), Q_MOD), 3, Q_MOD)))
            }
            // S_j += r * pub[j] for the inputs at memory q; false when one is >= r
            function inputs(r, q, e) -> v {
                v := 1
${accumulate}
            }
            // Proof at memory pA (A), pB (B), pC (C) with coefficient r (index i): writes the
            // pair (-r A, B) at pi and adds r C to the sum at e; false on an invalid point.
            function proof(i, r, pA, pB, pC, pi, s, e) -> v {
                let x := mload(pA)
                let y := mload(add(pA, 32))
                if iszero(g1ok(x, y)) { leave }
                switch i
                case 0 {
                    mstore(pi, x)
                    mstore(add(pi, 32), sub(Q_MOD, y))
                }
                default {
                    mstore(s, x)
                    mstore(add(s, 32), y)
                    mstore(add(s, 64), sub(R_MOD, r))
                    if iszero(staticcall(gas(), 7, s, 96, pi, 64)) { leave }
                }
                if iszero(and(and(lt(mload(pB), Q_MOD), lt(mload(add(pB, 32)), Q_MOD)), and(lt(mload(add(pB, 64)), Q_MOD), lt(mload(add(pB, 96)), Q_MOD)))) { leave }
                mcopy(add(pi, 64), pB, 128)
                x := mload(pC)
                y := mload(add(pC, 32))
                if iszero(g1ok(x, y)) { leave }
                switch i
                case 0 {
                    mstore(e, x)
                    mstore(add(e, 32), y)
                }
                default {
                    mstore(s, x)
                    mstore(add(s, 32), y)
                    mstore(add(s, 64), r)
                    if iszero(staticcall(gas(), 7, s, 96, add(e, 64), 64)) { leave }
                    if iszero(staticcall(gas(), 6, e, 128, e, 64)) { leave }
                }
                v := 1
            }
            // transcript at m: tag || proofs (A, B, C each) || pub (the raw calldata words)
            let m := mload(0x40)
            mstore(m, VKEY_SHA256)
            calldatacopy(add(m, 32), proofs.offset, mul(k, 256))
            calldatacopy(add(m, add(32, mul(k, 256))), pub.offset, mul(k, ${pubWords}))
            let t := add(m, add(32, mul(k, ${256 + pubWords})))
            let seed := keccak256(m, sub(t, m))
            m := add(m, 32)
            // t: pairing input, (k + 3) pairs of 192 bytes; s: precompile scratch (96 bytes);
            // e: [sum r_i C_i (64) | ecAdd operand (64) | S_1 .. S_n]
            let s := add(t, mul(add(k, 3), 192))
            let e := add(s, 96)
            ${zeroS}
            let rsum := 0
            ok := 1
            for { let i := 0 } lt(i, k) { i := add(i, 1) } {
                let r := 1
                if i {
                    mstore(s, seed)
                    mstore(add(s, 32), i)
                    r := shr(128, keccak256(s, 64))
                    if iszero(r) { ok := 0 break }
                }
                rsum := addmod(rsum, r, R_MOD)
                if iszero(inputs(r, add(m, add(mul(k, 256), mul(i, ${pubWords}))), e)) { ok := 0 break }
                let pA := add(m, mul(i, 256))
                if iszero(proof(i, r, pA, add(pA, 64), add(pA, 192), add(t, mul(i, 192)), s, e)) { ok := 0 break }
            }
            if ok {
                // pair k: (R alpha, beta); k = 1 has R = 1
                t := add(t, mul(k, 192))
                switch eq(rsum, 1)
                case 1 { mstore(t, ALPHA_X) mstore(add(t, 32), ALPHA_Y) }
                default {
                    mstore(s, ALPHA_X) mstore(add(s, 32), ALPHA_Y) mstore(add(s, 64), rsum)
                    ok := staticcall(gas(), 7, s, 96, t, 64)
                }
                ${store("add(t, 64)", g2names("BETA"))}
                // pair k + 1: (R IC_0 + sum_j S_j IC_j, gamma), built in place
                t := add(t, 192)
                switch eq(rsum, 1)
                case 1 { mstore(t, IC0_X) mstore(add(t, 32), IC0_Y) }
                default {
                    mstore(s, IC0_X) mstore(add(s, 32), IC0_Y) mstore(add(s, 64), rsum)
                    ok := and(ok, staticcall(gas(), 7, s, 96, t, 64))
                }
${vkx}
                ${store("add(t, 64)", g2names("GAMMA"))}
                // pair k + 2: (sum r_i C_i, delta)
                t := add(t, 192)
                mstore(t, mload(e)) mstore(add(t, 32), mload(add(e, 32)))
                ${store("add(t, 64)", g2names("DELTA"))}
                t := sub(t, mul(add(k, 2), 192))
                ok := and(ok, staticcall(gas(), 8, t, mul(add(k, 3), 192), s, 32))
                ok := and(ok, mload(s))
            }
        }
    }
}
`;
}

/**
 * The header of the batch verifier: the single verifier's label (the comment lines after its
 * SPDX line: development keys, a ceremony or a publication) when it names the same key; else
 * the development-keys label when the build manifest's keys are this key; else a plain line
 * that still warns (keys of unknown provenance are treated as development keys).
 */
export function batchVerifierHeader(paths: ArtifactPaths, vkeySha256: string): string {
  const batch = `// Groth16 BATCH verifier (one pairing check for k proofs) for the same key.\n`;
  if (fs.existsSync(paths.verifier)) {
    const lines = fs.readFileSync(paths.verifier, "utf8").split("\n");
    const label: string[] = [];
    for (let i = lines[0]?.startsWith("// SPDX") ? 1 : 0; lines[i]?.startsWith("//"); i++)
      label.push(lines[i]);
    const text = label.join("\n") + "\n";
    if (text.includes(vkeySha256)) return text + batch;
  }
  const m = readManifest(paths.manifest);
  if (m?.keys?.vkeySha256 === vkeySha256)
    return verifierHeader(paths.instance, m.keys.ptau, vkeySha256) + batch;
  return (
    `// GENERATED by zkmargin from the verification key of ${paths.instance} — no label found:\n` +
    `// treat as ${UNSAFE_LABEL}.\n` +
    `// Verification key sha256 (canonical JSON): ${vkeySha256}\n` +
    batch
  );
}

/**
 * Writes <dir>/SolvencyBatchVerifier<Name>.sol from build/<instance>/verification_key.json;
 * leaves the file untouched when the content is the same. Returns its path.
 */
export function exportBatchVerifierContract(paths: ArtifactPaths, dir: string): string {
  const vkey: unknown = JSON.parse(fs.readFileSync(paths.vkey, "utf8"));
  const name = batchVerifierContractName(paths.instance);
  const source = batchVerifierSource(vkey, {
    contractName: name,
    header: batchVerifierHeader(paths, vkeyHash(vkey)),
  });
  const out = path.join(dir, `${name}.sol`);
  if (fs.existsSync(out) && fs.readFileSync(out, "utf8") === source) return out;
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(out, source);
  return out;
}
