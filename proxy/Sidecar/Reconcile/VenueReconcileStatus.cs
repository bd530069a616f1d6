namespace Sidecar.Reconcile;

/// <summary>What is known about one venue's reconciliation, for readiness, the doctor and metrics. Thread-safe.</summary>
internal sealed class VenueReconcileStatus(string venue, int intervalSeconds)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastPoll;
    private DateTimeOffset? _lastSuccess;
    private string? _result;
    private string? _problem;
    private long _unknownOrders;
    private long _failures;
    private long _polls;

    public string Venue { get; } = venue;

    public int IntervalSeconds { get; } = intervalSeconds;

    public Snapshot Read()
    {
        lock (_gate)
        {
            return new Snapshot(Venue, IntervalSeconds, _lastPoll, _lastSuccess, _result, _problem, _unknownOrders, _failures, _polls);
        }
    }

    public void Succeeded(DateTimeOffset now, string result, int unknownOrders)
    {
        lock (_gate)
        {
            _polls++;
            _lastPoll = now;
            _lastSuccess = now;
            _result = result;
            _problem = null;
            _unknownOrders += unknownOrders;
        }
    }

    public void Failed(DateTimeOffset now, string problem)
    {
        lock (_gate)
        {
            _polls++;
            _lastPoll = now;
            _problem = problem;
            _failures++;
        }
    }

    /// <param name="UnknownOrders">Orders at the exchange Sidecar never signed, reported since start-up.</param>
    /// <param name="Polls">Polls since start-up, failed ones included.</param>
    internal readonly record struct Snapshot(string Venue, int IntervalSeconds, DateTimeOffset? LastPoll, DateTimeOffset? LastSuccess, string? Result,
        string? Problem, long UnknownOrders, long Failures, long Polls);
}
