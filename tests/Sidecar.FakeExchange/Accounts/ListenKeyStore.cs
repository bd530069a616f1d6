namespace Sidecar.FakeExchange.Accounts;

/// <summary>
/// User data stream listen keys. Spot (<c>/api/v3/userDataStream</c>): each POST opens a new key, PUT/DELETE name it.
/// USDⓈ-M (<c>/fapi/v1/listenKey</c>): one key per account; POST returns the live one or opens one, PUT/DELETE act on it.
/// </summary>
internal sealed class ListenKeyStore
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int KeyLength = 60;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _spotKeys = new(StringComparer.Ordinal);
    private string? _futuresKey;

    public string OpenSpot()
    {
        var key = NewKey();
        lock (_gate)
        {
            _spotKeys.Add(key);
        }

        return key;
    }

    public bool KeepAliveSpot(string key)
    {
        lock (_gate)
        {
            return _spotKeys.Contains(key);
        }
    }

    public bool CloseSpot(string key)
    {
        lock (_gate)
        {
            return _spotKeys.Remove(key);
        }
    }

    public string OpenFutures()
    {
        lock (_gate)
        {
            return _futuresKey ??= NewKey();
        }
    }

    public string? KeepAliveFutures()
    {
        lock (_gate)
        {
            return _futuresKey;
        }
    }

    public bool CloseFutures()
    {
        lock (_gate)
        {
            var had = _futuresKey is not null;
            _futuresKey = null;
            return had;
        }
    }

    private static string NewKey() => RandomNumberGenerator.GetString(Alphabet, KeyLength);
}
