using System.Buffers;
using System.Globalization;
using System.Net;
using Sidecar.Configuration;
using Sidecar.Signing.Clock;

namespace Sidecar.Clock;

/// <summary>
/// Measures one venue's clock offset against the exchange's public time endpoint, NTP-style: each sample brackets
/// the server's reading between the local send and receive times, so the offset lies in
/// <c>[server − received, server + resolution − sent]</c>. The samples' intervals are intersected (an
/// interval is at most the round trip plus the endpoint's resolution wide, so the shortest round trip bounds the
/// result, and whole-second endpoints such as Kraken's narrow when samples straddle a second); when they do not
/// overlap (a load balancer over servers whose clocks disagree), the lowest-round-trip sample alone is used.
/// Requests go to the venue's fixed upstream only, unsigned, with nothing from any bot request. Reusable on its
/// own (<c>sidecar doctor</c>).
/// </summary>
internal static class ClockProbe
{
    /// <summary>Identifies the probe to the exchange (and lets test fakes leave it out of their request journals).</summary>
    public const string UserAgent = "Sidecar-Clock/1";

    /// <summary>
    /// Four samples: the first usually pays for the connection (TCP, TLS) and is discarded by the round-trip
    /// choice; three more on the warm connection make one lucky short round trip likely. Four requests per venue per
    /// sync stay far below any exchange's public rate limit (Binance's <c>/api/v3/time</c> weighs 1 of 6000 a minute).
    /// </summary>
    public const int DefaultSamples = 4;

    private const int MaxBodyBytes = 16 * 1024;

    /// <summary>
    /// The venue's time endpoint, or null when it signs with the local clock: Bitfinex and BitMEX publish none, and a
    /// WebSocket venue's host serves no REST time endpoint (its frames' windows are judged by the local clock).
    /// </summary>
    public static ServerTimeEndpoint? EndpointFor(VenueDefinition venue) => venue.IsWebSocket ? null : venue.Scheme.Exchange.ServerTime(venue.SignedHost);

    /// <summary>Measures once with the defaults: 4 samples, 5 s per sample, the system clock.</summary>
    /// <exception cref="ClockProbeException">The venue has no time endpoint, or no sample could be read.</exception>
    public static Task<ClockMeasurement> MeasureAsync(VenueDefinition venue, HttpMessageInvoker client, CancellationToken cancellationToken) =>
        MeasureAsync(venue, client, TimeProvider.System, DefaultSamples, TimeSpan.FromSeconds(5), cancellationToken);

    /// <exception cref="ClockProbeException">The venue has no time endpoint, or no sample could be read.</exception>
    public static async Task<ClockMeasurement> MeasureAsync(VenueDefinition venue, HttpMessageInvoker client, TimeProvider time, int samples, TimeSpan sampleTimeout, CancellationToken cancellationToken)
    {
        var endpoint = EndpointFor(venue) ?? throw new ClockProbeException($"{venue.Scheme.Name} has no public time endpoint; venue '{venue.Name}' uses the local clock");
        var target = new Uri(venue.UpstreamBase + endpoint.Path);
        var low = double.MinValue;
        var high = double.MaxValue;
        var best = (Low: 0.0, High: 0.0, RoundTrip: double.MaxValue);
        var answered = 0;
        for (var i = 0; i < samples; i++)
        {
            Sample sample;
            try
            {
                sample = await SampleAsync(client, target, endpoint, time, sampleTimeout, cancellationToken);
            }
            catch (ClockProbeException) when (answered > 0)
            {
                // Keep what the earlier samples gave; a failing endpoint is not asked again within one sync.
                break;
            }

            answered++;
            var sampleLow = sample.ServerMilliseconds - sample.ReceivedMilliseconds;
            var sampleHigh = sample.ServerMilliseconds + endpoint.ResolutionMilliseconds - sample.SentMilliseconds;
            low = Math.Max(low, sampleLow);
            high = Math.Min(high, sampleHigh);
            if (sample.RoundTripMilliseconds < best.RoundTrip)
            {
                best = (sampleLow, sampleHigh, sample.RoundTripMilliseconds);
            }
        }

        if (low > high)
        {
            (low, high) = (best.Low, best.High);
        }

        return new ClockMeasurement(
            (long)Math.Round((low + high) / 2, MidpointRounding.AwayFromZero),
            (long)Math.Ceiling((high - low) / 2),
            best.RoundTrip,
            answered);
    }

    private static async Task<Sample> SampleAsync(HttpMessageInvoker client, Uri target, ServerTimeEndpoint endpoint, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target)
        {
            // As the forwarder asks (HTTP/2 when the exchange offers it), so samples ride the warm pooled connection.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);

        var sent = time.GetUtcNow();
        var started = time.GetTimestamp();
        byte[]? buffer = null;
        try
        {
            using var response = await client.SendAsync(request, timeoutSource.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new ClockProbeException($"{endpoint.Path} answered HTTP {(int)response.StatusCode}");
            }

            buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
            var length = await ReadBodyAsync(response, buffer, timeoutSource.Token);
            var roundTrip = time.GetElapsedTime(started).TotalMilliseconds;
            if (length < 0)
            {
                throw new ClockProbeException($"{endpoint.Path} answered more than {MaxBodyBytes} bytes");
            }

            if (!endpoint.TryParse(buffer.AsSpan(0, length), out var server))
            {
                throw new ClockProbeException($"{endpoint.Path} answered something other than the documented server-time shape");
            }

            var sentMilliseconds = (sent.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;
            return new Sample(server, sentMilliseconds, sentMilliseconds + roundTrip, roundTrip);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClockProbeException($"{endpoint.Path} did not answer within {timeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms", ex);
        }
        catch (HttpRequestException ex)
        {
            // The message names the failure (refused, DNS, TLS); it never carries a response body.
            throw new ClockProbeException($"{endpoint.Path} could not be reached ({ex.HttpRequestError})", ex);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    // The body's length, or -1 when it does not fit.
    private static async Task<int> ReadBodyAsync(HttpResponseMessage response, byte[] buffer, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var length = 0;
        while (true)
        {
            if (length == MaxBodyBytes)
            {
                return await stream.ReadAsync(buffer.AsMemory(0, 1), cancellationToken) == 0 ? length : -1;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length, MaxBodyBytes - length), cancellationToken);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }

    private readonly record struct Sample(long ServerMilliseconds, double SentMilliseconds, double ReceivedMilliseconds, double RoundTripMilliseconds);
}
