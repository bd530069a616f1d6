namespace Sidecar.Signing.RateLimits;

/// <summary>
/// What one request to an endpoint costs against the exchange's weight limits, as the exchange documents it per
/// endpoint (Binance: <c>GET /api/v3/account</c> is 20). Most endpoints cost a fixed weight; a few cost more when a
/// parameter widens them (all symbols instead of one, a deeper order book). Read from the exact query and form body
/// that will be signed, without allocating.
/// </summary>
public abstract class RequestWeight
{
    /// <summary>The weight of an endpoint the exchange documents no weight for: one request.</summary>
    public static RequestWeight One { get; } = new FixedWeight(1);

    /// <summary>No weight on the exchange's weight limits (Binance USD-M orders: 0 on the IP limit, counted as orders).</summary>
    public static RequestWeight Zero { get; } = new FixedWeight(0);

    /// <summary>The largest weight a request to the endpoint can cost.</summary>
    public abstract int Largest { get; }

    public static RequestWeight Fixed(int weight) => weight switch
    {
        0 => Zero,
        1 => One,
        _ => new FixedWeight(weight),
    };

    /// <summary><paramref name="present"/> when the query or form body has <paramref name="parameter"/>, else <paramref name="absent"/>.</summary>
    public static RequestWeight ByPresence(string parameter, int present, int absent) => new PresenceWeight(parameter, present, absent);

    /// <summary>
    /// By a numeric parameter (an order book's <c>limit</c>): the weight of the first step whose bound is at least the
    /// value, the largest step's weight for a value above every bound or unreadable, <paramref name="defaultValue"/>
    /// when the parameter is absent.
    /// </summary>
    public static RequestWeight ByValue(string parameter, int defaultValue, params (int UpTo, int Weight)[] steps) =>
        new ValueWeight(parameter, defaultValue, steps);

    /// <summary>The weight of a request with this (raw) query and form body.</summary>
    public abstract int Of(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body);

    private sealed class FixedWeight(int weight) : RequestWeight
    {
        public override int Largest => weight;

        public override int Of(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body) => weight;
    }

    private sealed class PresenceWeight(string parameter, int present, int absent) : RequestWeight
    {
        private readonly byte[] _name = System.Text.Encoding.ASCII.GetBytes(parameter);

        public override int Largest => Math.Max(present, absent);

        public override int Of(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body) =>
            FormParameters.Contains(query, _name) || FormParameters.Contains(body, _name) ? present : absent;
    }

    private sealed class ValueWeight : RequestWeight
    {
        private readonly byte[] _name;
        private readonly int _default;
        private readonly (int UpTo, int Weight)[] _steps;

        public ValueWeight(string parameter, int defaultValue, (int UpTo, int Weight)[] steps)
        {
            if (steps.Length == 0)
            {
                throw new ArgumentException("a weight by value needs at least one step", nameof(steps));
            }

            _name = System.Text.Encoding.ASCII.GetBytes(parameter);
            _default = defaultValue;
            _steps = steps;
        }

        public override int Largest => _steps[^1].Weight;

        public override int Of(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body)
        {
            var raw = FormParameters.ValueOf(query, _name, out var found);
            if (!found)
            {
                raw = FormParameters.ValueOf(body, _name, out found);
            }

            var value = _default;
            if (found && !(Utf8Parser.TryParse(raw, out value, out var consumed) && consumed == raw.Length))
            {
                return Largest;
            }

            foreach (var (upTo, weight) in _steps)
            {
                if (value <= upTo)
                {
                    return weight;
                }
            }

            return Largest;
        }
    }
}
