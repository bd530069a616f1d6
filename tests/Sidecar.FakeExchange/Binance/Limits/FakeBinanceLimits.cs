using Sidecar.FakeExchange.Binance;

namespace Sidecar.FakeExchange.Binance.Limits;

/// <summary>The fake's IP weight limits (spot and futures) and spot order counts, as tests read them.</summary>
public sealed class FakeBinanceLimits
{
    private readonly WeightMeter _spot;
    private readonly WeightMeter _futures;

    internal FakeBinanceLimits(FakeBinanceOptions options)
    {
        _spot = new WeightMeter(options.Time, options.ClockOffset, options.SpotWeightPerMinute, options.RejectionsBeforeBan, options.BanDuration);
        _futures = new WeightMeter(options.Time, options.ClockOffset, options.FuturesWeightPerMinute, options.RejectionsBeforeBan, options.BanDuration);
        Orders = new OrderCounter(options.Time, options.ClockOffset);
    }

    internal OrderCounter Orders { get; }

    /// <summary>The spot weight limit per minute, as exchangeInfo publishes it.</summary>
    public int SpotLimit => _spot.Limit;

    public int FuturesLimit => _futures.Limit;

    /// <summary>Weight used in the current minute.</summary>
    public int Used(WeightFamily family) => Meter(family).Used;

    /// <summary>429s the fake answered (over the weight limit), both families.</summary>
    public int Rejections => _spot.Rejections + _futures.Rejections;

    /// <summary>418s the fake answered (IP banned), both families.</summary>
    public int Bans => _spot.Bans + _futures.Bans;

    internal WeightMeter Meter(WeightFamily family) => family == WeightFamily.Spot ? _spot : _futures;
}
