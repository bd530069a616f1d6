namespace Sidecar.FakeExchange.Common;

/// <summary>
/// What a fake exchange's account keeps whatever the venue: the request journal (the fake's), the open orders by id under one
/// lock, its own copy of the secret (zeroed by <see cref="Forget"/>), and the server clock (UTC now plus the
/// configured offset, for clock-skew tests).
/// </summary>
internal abstract class FakeAccount(ExchangeRequestJournal journal, byte[] secret, TimeSpan clockOffset)
{
    /// <summary>The fake's journal of REST requests.</summary>
    public ExchangeRequestJournal Journal { get; } = journal;

    protected Lock Gate { get; } = new();

    protected Dictionary<string, JsonObject> Book { get; } = new(StringComparer.Ordinal);

    protected byte[] Secret { get; } = secret.ToArray();

    public void Forget() => CryptographicOperations.ZeroMemory(Secret);

    public DateTimeOffset Clock() => DateTimeOffset.UtcNow + clockOffset;

    /// <summary>The fake's server time, Unix milliseconds.</summary>
    public long Now() => Clock().ToUnixTimeMilliseconds();

    public IReadOnlyList<JsonObject> OpenOrders()
    {
        lock (Gate)
        {
            return [.. Book.Values.Select(o => (JsonObject)o.DeepClone())];
        }
    }

    /// <summary>The open orders as a JSON array of copies.</summary>
    protected JsonArray OpenOrderArray()
    {
        lock (Gate)
        {
            return FakeHttp.Copies(Book.Values);
        }
    }
}
