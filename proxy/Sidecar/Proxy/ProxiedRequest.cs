using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.ObjectPool;
using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>
/// Everything <see cref="SigningProxy"/> keeps about one request from arrival to answer, in one pooled object:
/// the audit scope, the request's bytes (in pooled arrays), the endpoint it matched, the signed result, the
/// forwarding plan and the outcome. Taken when the request arrives,
/// returned after the response, so a request allocates none of these.
/// </summary>
internal sealed class ProxiedRequest
{
    private byte[] _path = [];
    private byte[] _query = [];
    private byte[] _body = [];
    private int _pathLength;
    private int _queryLength;
    private int _bodyLength;

    /// <summary>The venue tag of the request's metrics: the audit scope's venue, "-" until a route is found.</summary>
    public string VenueName => Audit.Venue;

    /// <summary>How the request ended: the one value its log line, metrics, span, alerts and audit record are made from.</summary>
    public RequestOutcome Outcome { get; } = new();

    public RouteMatch Route { get; set; }

    /// <summary>The row of the exchange's endpoint table the request matched, looked up once.</summary>
    public Signing.Policy.ExchangeEndpoint Endpoint { get; set; } = Signing.Policy.ExchangeEndpoint.Unlisted;

    public AuditScope Audit { get; } = new();

    public SignedRequest Signed { get; } = new();

    /// <summary>
    /// The bot's values of the scheme's credential headers (timestamps, nonces it chose), in the scheme's order; a
    /// scheme has at most a handful of them (Bybit: 5).
    /// </summary>
    public string?[] CredentialHeaders { get; } = new string?[16];

    public SignOutcome SignOutcome { get; set; }

    /// <summary>What the governor admitted the request against, to read the exchange's answer with (a field: set by <c>out</c>).</summary>
    public Governor.Admission Admission;

    public ForwardingPlan Plan { get; } = new();

    /// <summary>This request's stage timestamps when <see cref="Telemetry.StageTiming"/> is on; null otherwise.</summary>
    public Telemetry.StageTiming.Stamps? Stages { get; set; }

    public BodyFormat BodyFormat { get; private set; }

    public ReadOnlySpan<byte> Path => _path.AsSpan(0, _pathLength);

    public ReadOnlySpan<byte> Query => _query.AsSpan(0, _queryLength);

    public ReadOnlySpan<byte> Body => _body.AsSpan(0, _bodyLength);

    public byte[] BodyArray => _body;

    public int BodyLength => _bodyLength;

    /// <summary>Takes ownership of the body buffer (from <see cref="ArrayPool{T}.Shared"/>), returned by <see cref="Reset"/>.</summary>
    public void SetBody(byte[] buffer, int length)
    {
        _body = buffer;
        _bodyLength = Math.Max(length, 0);
    }

    /// <summary>
    /// The route's path and query as bytes (checked to be printable ASCII by <see cref="RouteParser"/>: one byte
    /// per char), in pooled arrays, and the body's format.
    /// </summary>
    public void SetTarget(HttpRequest request)
    {
        var route = Route;
        _path = ArrayPool<byte>.Shared.Rent(route.Path.Length);
        _pathLength = Encoding.ASCII.GetBytes(route.Path, _path);
        _query = ArrayPool<byte>.Shared.Rent(route.Query.Length);
        _queryLength = Encoding.ASCII.GetBytes(route.Query, _query);
        BodyFormat = RequestBody.FormatOf(request, _bodyLength);
    }

    /// <summary>
    /// Appends <c>&amp;name=value</c> (ASCII, already encoded) to the form body when there is one, else to the query:
    /// where the order's other parameters are. Before signing only: what is signed is what is forwarded.
    /// </summary>
    public void AppendParameter(string name, string value)
    {
        if (_bodyLength > 0)
        {
            Append(ref _body, ref _bodyLength, name, value);
        }
        else
        {
            Append(ref _query, ref _queryLength, name, value);
        }
    }

    private static void Append(ref byte[] array, ref int length, string name, string value)
    {
        var separator = length > 0 ? 1 : 0;
        var bigger = ArrayPool<byte>.Shared.Rent(length + separator + name.Length + 1 + value.Length);
        array.AsSpan(0, length).CopyTo(bigger);
        var at = length;
        if (separator > 0)
        {
            bigger[at++] = (byte)'&';
        }

        at += Encoding.ASCII.GetBytes(name, bigger.AsSpan(at));
        bigger[at++] = (byte)'=';
        at += Encoding.ASCII.GetBytes(value, bigger.AsSpan(at));
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        array = bigger;
        length = at;
    }

    /// <summary>Writes Sidecar's own answer for a request that was refused or failed (<see cref="Outcome"/>).</summary>
    public Task WriteAnswerAsync(HttpContext context) =>
        ErrorResponse.WriteAsync(context, Outcome.Status, Outcome.Code!, Outcome.Message!, Outcome.RetryAfter);

    /// <summary>Back to the state of a new request; the pooled arrays go back to their pool.</summary>
    public void Reset()
    {
        Outcome.Clear();
        Route = default;
        Endpoint = Signing.Policy.ExchangeEndpoint.Unlisted;
        Audit.Clear();
        Signed.Reset();
        Array.Clear(CredentialHeaders);
        SignOutcome = default;
        Admission = default;
        Plan.Clear();
        Stages = null;
        BodyFormat = default;
        Return(ref _path, ref _pathLength);
        Return(ref _query, ref _queryLength);
        Return(ref _body, ref _bodyLength);
    }

    private static void Return(ref byte[] array, ref int length)
    {
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        array = [];
        length = 0;
    }

    /// <summary>Resets on return; always keeps the instance (the pool bounds how many are kept).</summary>
    public sealed class Policy : PooledObjectPolicy<ProxiedRequest>
    {
        public override ProxiedRequest Create() => new();

        public override bool Return(ProxiedRequest obj)
        {
            obj.Reset();
            return true;
        }
    }
}
