// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title AggregatorV3Interface
 * @notice The read interface of a Chainlink-style price feed (AggregatorV3Interface), restated
 * here so the test mock needs no Chainlink package.
 */
interface AggregatorV3Interface {
    /// @notice Decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice Human description of the feed, e.g. "BTC / USD".
    function description() external view returns (string memory);

    /// @notice Version of the aggregator.
    function version() external view returns (uint256);

    /// @notice The data of round `roundId`.
    function getRoundData(
        uint80 roundId
    )
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The data of the latest round.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}

/**
 * @title MockAggregatorV3
 * @notice TEST ONLY. An AggregatorV3Interface whose rounds are posted by anyone: any answer
 * (zero, negative), any times and any round ids (also going backwards, or with
 * `answeredInRound` behind), so an oracle's validation can be tested against every fault.
 * `setReverting(true)` makes `latestRoundData` revert, as a broken or deprecated feed does.
 */
contract MockAggregatorV3 is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
        uint80 answeredInRound;
        bool exists;
    }

    uint8 private immutable _decimals;
    string private _description;
    uint80 public latestRound;
    bool public reverting;
    mapping(uint80 roundId => Round) private _rounds;

    /// @notice The round was never posted.
    error MockAggregatorV3__NoRound(uint80 roundId);
    /// @notice `latestRoundData` was switched to revert.
    error MockAggregatorV3__Reverting();

    /// @notice Emitted when a round is posted (and becomes the latest).
    event RoundPosted(uint80 indexed roundId, int256 answer, uint256 updatedAt, uint80 answeredInRound);

    constructor(uint8 decimals_, string memory description_) {
        _decimals = decimals_;
        _description = description_;
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view override returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view override returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure override returns (uint256) {
        return 4;
    }

    /**
     * @notice Posts round `roundId` with the given data and makes it the latest round, whatever
     * the previous one was (a lower id simulates a feed going backwards).
     * @param roundId The round id.
     * @param answer The answer (may be zero or negative).
     * @param startedAt When the round started.
     * @param updatedAt When the answer was last updated (0 = round not complete).
     * @param answeredInRound The round in which the answer was computed.
     */
    function setRound(
        uint80 roundId,
        int256 answer,
        uint256 startedAt,
        uint256 updatedAt,
        uint80 answeredInRound
    ) public {
        _rounds[roundId] = Round({
            answer: answer,
            startedAt: startedAt,
            updatedAt: updatedAt,
            answeredInRound: answeredInRound,
            exists: true
        });
        latestRound = roundId;
        emit RoundPosted(roundId, answer, updatedAt, answeredInRound);
    }

    /**
     * @notice Posts the next round (latest + 1) with `answer`, updated now, answered in itself.
     * @param answer The answer.
     */
    function setAnswer(int256 answer) external {
        uint80 next = latestRound + 1;
        // solhint-disable-next-line not-rely-on-time
        setRound(next, answer, block.timestamp, block.timestamp, next);
    }

    /**
     * @notice Makes `latestRoundData` revert (true) or answer again (false).
     * @param on Whether to revert.
     */
    function setReverting(bool on) external {
        reverting = on;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(
        uint80 roundId
    ) external view override returns (uint80, int256, uint256, uint256, uint80) {
        return _round(roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        if (reverting) revert MockAggregatorV3__Reverting();
        return _round(latestRound);
    }

    function _round(uint80 roundId) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[roundId];
        if (!r.exists) revert MockAggregatorV3__NoRound(roundId);
        return (roundId, r.answer, r.startedAt, r.updatedAt, r.answeredInRound);
    }
}
