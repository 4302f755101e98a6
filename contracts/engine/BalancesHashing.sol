// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IMarginEngineTypes} from "../interfaces/IMarginEngineTypes.sol";
import {IPoseidon2} from "../interfaces/IPoseidon.sol";
import {AMOUNT_LIMIT, AMOUNT_PACK_SHIFT, MAX_COLLATERAL_SLOTS} from "../libraries/Bounds.sol";

/**
 * @title BalancesHashing
 * @notice The engine's Poseidon hashing and its storage layout of balances. Balances are kept
 * as the circuit hashes them (docs/PROTOCOL.md section 6): two slots per word,
 * `word[i] = a[2i] + 2^100 * a[2i+1]` (each amount < 2^100, so the packing is injective and
 * below p), so balancesHash = Poseidon_ceil(K/2)(word[0], ...) needs no repacking and an
 * instance with K slots touches only ceil(K/2) words.
 * @dev The hashers are circomlibjs-generated contracts, checked at deployment against
 * Poseidon_n(0, ..., 0) from the SDK (src/poseidon.ts).
 */
abstract contract BalancesHashing is IMarginEngineTypes {
    /// @notice Largest number of collateral slots (balances hash as ceil(K/2) <= 4 packed words).
    uint256 public constant MAX_SLOTS = MAX_COLLATERAL_SLOTS;
    /// @notice Exclusive bound of a slot balance (the circuit range-checks amounts to 100 bits).
    uint256 public constant MAX_AMOUNT = AMOUNT_LIMIT;

    uint256 internal constant _MAX_WORDS = MAX_SLOTS / 2;
    uint256 internal constant _AMOUNT_SHIFT = AMOUNT_PACK_SHIFT;
    uint256 internal constant _AMOUNT_MASK = MAX_AMOUNT - 1;

    /// @notice circomlibjs Poseidon with 2 inputs.
    IPoseidon2 public immutable poseidon2;
    /// @notice circomlibjs Poseidon with ceil(K/2) inputs: hashes the packed balance words.
    address public immutable poseidonK;
    /// @notice Number of collateral slots K (the circuit instance's K).
    uint256 public immutable slots;

    bytes4 private immutable _poseidonKSelector;
    /// @dev ceil(K/2): the number of packed balance words.
    uint256 internal immutable _packedWords;

    /**
     * @param poseidon2_ circomlibjs Poseidon(2) contract.
     * @param poseidonK_ circomlibjs Poseidon(ceil(K/2)) contract (packed balances).
     * @param k Number of collateral slots, 1..8.
     */
    constructor(IPoseidon2 poseidon2_, address poseidonK_, uint256 k) {
        if (k == 0 || k > MAX_SLOTS) revert MarginEngine__InvalidSlotCount(k);
        poseidon2 = poseidon2_;
        poseidonK = poseidonK_;
        slots = k;
        uint256 words = (k + 1) / 2;
        _packedWords = words;
        bytes4 selectorK = bytes4(keccak256(abi.encodePacked("poseidon(uint256[", bytes1(uint8(48 + words)), "])")));
        _poseidonKSelector = selectorK;

        // Known-answer checks. A hasher of the wrong arity either fails the call (circomlibjs
        // code has one selector) or differs.
        uint256[_MAX_WORDS] memory zeros;
        (bool ok, uint256 zero2) = _tryHash(address(poseidon2_), IPoseidon2.poseidon.selector, zeros, 2);
        if (!ok || zero2 != _zeroHash(2)) revert MarginEngine__HasherMismatch(address(poseidon2_));
        uint256 zeroK;
        (ok, zeroK) = _tryHash(poseidonK_, selectorK, zeros, words);
        if (!ok || zeroK != _zeroHash(words)) revert MarginEngine__HasherMismatch(poseidonK_);
    }

    /// @dev The amount of `slot` in the packed words.
    function _amountIn(uint256[_MAX_WORDS] memory words, uint256 slot) internal pure returns (uint256) {
        return _amountInWord(words[slot >> 1], slot);
    }

    /// @dev The amount of `slot` in its word.
    function _amountInWord(uint256 word, uint256 slot) internal pure returns (uint256) {
        return (word >> ((slot & 1) * _AMOUNT_SHIFT)) & _AMOUNT_MASK;
    }

    /// @dev `word` with the amount of `slot` replaced by `amount` (< 2^100).
    function _withAmount(uint256 word, uint256 slot, uint256 amount) internal pure returns (uint256) {
        uint256 shift = (slot & 1) * _AMOUNT_SHIFT;
        return (word & ~(_AMOUNT_MASK << shift)) | (amount << shift);
    }

    function _hash2(uint256 a, uint256 b) internal view returns (uint256) {
        return poseidon2.poseidon([a, b]);
    }

    /// @dev Poseidon over the first ceil(K/2) packed words.
    function _hashWords(uint256[_MAX_WORDS] memory words) internal view returns (uint256 h) {
        bool ok;
        (ok, h) = _tryHash(poseidonK, _poseidonKSelector, words, _packedWords);
        // The hasher passed its known-answer check at deployment; it cannot fail on valid input.
        assert(ok);
    }

    /// @dev Calls `poseidon(uint256[k])` with the first k words. abi.encode lays a static array
    /// out inline, so the calldata for k < 4 is the 4-word encoding cut to 4 + 32k bytes.
    function _tryHash(
        address hasher,
        bytes4 selector,
        uint256[_MAX_WORDS] memory words,
        uint256 k
    ) private view returns (bool ok, uint256 h) {
        bytes memory data = abi.encodeWithSelector(selector, words);
        uint256 len = 4 + 32 * k;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(data, len)
        }
        bytes memory ret;
        (ok, ret) = hasher.staticcall(data);
        if (!ok || ret.length != 32) return (false, 0);
        h = abi.decode(ret, (uint256));
    }

    /// @dev Poseidon_n(0, ..., 0) for n = 1..8, from the SDK (src/poseidon.ts); the test suite
    /// recomputes them.
    function _zeroHash(uint256 n) private pure returns (uint256) {
        if (n == 1) return 0x2a09a9fd93c590c26b91effbb2499f07e8f7aa12e2b4940a3aed2411cb65e11c;
        if (n == 2) return 0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864;
        if (n == 3) return 0x0bc188d27dcceadc1dcfb6af0a7af08fe2864eecec96c5ae7cee6db31ba599aa;
        if (n == 4) return 0x0532fd436e19c70e51209694d9c215250937921b8b79060488c1206db73e9946;
        if (n == 5) return 0x2066be41bebe6caf7e079360abe14fbf9118c62eabc42e2fe75e342b160a95bc;
        if (n == 6) return 0x1fdb1d1757a3a3502bec7084abc047ae86a4f442b8a073d5b3482bb02eb353d5;
        if (n == 7) return 0x0a47ead74da5372e7d2598e4f93c389bf03e8330219f8bf1e49b362f73491a26;
        return 0x035ebc384d320413c9b97d446bf7de69e04d6278d68d52934a4f5f653348622a;
    }
}
