namespace Sidecar.Proxy;

/// <summary>
/// Sends a forwarded request's headers and its (signed, fully buffered) body in one write. YARP's request content
/// streams the body and flushes the headers before it, so every order left Sidecar as two writes: two packets,
/// two wake-ups of the exchange's server and, over TLS, two records. YARP refuses a replaced content in a
/// transform, so the swap happens here, below the forwarder, for requests whose plan
/// (<see cref="ForwardingPlan.OptionsKey"/>) carries the bytes. HttpClient copies a small content into the same
/// buffer as the headers and sends both with one flush. It sends a request's content completely before it returns
/// the answer (with <c>Expect: 100-continue</c>, it awaits that send before returning too), so the pooled bytes
/// are never read after the forward returns. YARP's own content is left unstarted, which its forwarder allows
/// (it waits only for a body copy that started).
/// </summary>
internal sealed class OneWriteBodyHandler : DelegatingHandler
{
    public OneWriteBodyHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Options are only read when there is a body to swap (reading them allocates their dictionary), or when
        // stage timing is on, which stamps every request here.
        if ((request.Content is not null || Telemetry.StageTiming.Enabled) && request.Options.TryGetValue(ForwardingPlan.OptionsKey, out var plan))
        {
            if (request.Content is { } streamed)
            {
                request.Content = Buffered(streamed, plan.Body);
            }

            plan.Stages?.Mark(RequestStages.Sending);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static ReadOnlyMemoryContent Buffered(HttpContent streamed, ReadOnlyMemory<byte> body)
    {
        var buffered = new ReadOnlyMemoryContent(body);
        foreach (var header in streamed.Headers.NonValidated)
        {
            // Content-Length comes from the bytes themselves.
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return buffered;
    }
}
