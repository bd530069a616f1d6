using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Sidecar.Logging;
using Sidecar.Telemetry;

namespace Sidecar.Audit;

/// <summary>
/// Audit records as OpenTelemetry log records through OpenTelemetry's OTLP exporter: the body is the record's JSON
/// line (the very bytes of the file, so the SIEM can check them against the chain), and the attributes name its
/// sequence number, decision and venue. Batched by the SDK's processor on its own thread; a collector that is down
/// costs a failed export (counted as <c>sidecar.audit.failures{reason="otlp"}</c>), never a request.
/// </summary>
internal sealed partial class AuditOtlp : IDisposable
{
    /// <summary>What a collector is given to answer before the export counts as failed.</summary>
    private const int ExportTimeoutMs = 5000;

    /// <summary>How often a batch goes out: a record reaches the SIEM within about a second.</summary>
    private const int ExportIntervalMs = 1000;

    private static readonly EventId Record = new(1, "sidecar.audit.record");
    private static readonly Func<AuditState, Exception?, string> Format = static (state, _) => state.Copy.Line;

    private readonly ILoggerFactory _factory;
    private readonly ILogger _logger;

    public AuditOtlp(string endpoint, string protocol, ILogger log)
    {
        var options = new OtlpExporterOptions
        {
            Endpoint = LogsEndpoint(endpoint, protocol),
            Protocol = protocol == AuditOptionsDefaults.OtlpProtocolGrpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            TimeoutMilliseconds = ExportTimeoutMs,
            HttpClientFactory = () => new HttpClient(new CountingHandler(log)) { Timeout = TimeSpan.FromMilliseconds(ExportTimeoutMs) },
        };
        _factory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Information);
            builder.AddOpenTelemetry(otel =>
            {
                otel.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("sidecar"));
                otel.IncludeFormattedMessage = false;
                otel.IncludeScopes = false;
                otel.AddProcessor(new BatchLogRecordExportProcessor(new OtlpLogExporter(options), scheduledDelayMilliseconds: ExportIntervalMs,
                    exporterTimeoutMilliseconds: ExportTimeoutMs));
            });
        });
        _logger = _factory.CreateLogger("Sidecar.Audit");
    }

    public void Emit(AuditExportItem item) => _logger.Log(LogLevel.Information, Record, new AuditState(item), null, Format);

    /// <summary>Flushes the last batch (bounded by the export timeout) and stops the exporter.</summary>
    public void Dispose() => _factory.Dispose();

    /// <summary>
    /// OTLP/HTTP takes the signal's path (<c>/v1/logs</c>); a collector's base URL (<c>http://collector:4318</c>) gets
    /// it added. gRPC takes the base URL as it is.
    /// </summary>
    internal static Uri LogsEndpoint(string endpoint, string protocol)
    {
        var uri = new Uri(endpoint);
        return protocol != AuditOptionsDefaults.OtlpProtocolGrpc && uri.AbsolutePath is "/" or ""
            ? new Uri(uri, "/v1/logs")
            : uri;
    }

    /// <summary>The log record's state: <c>{OriginalFormat}</c> becomes the body (the exporter's rule), the rest attributes.</summary>
    private sealed class AuditState(AuditExportItem item) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public AuditExportItem Copy { get; } = item;

        public int Count => Copy.Venue is null ? 3 : 4;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("{OriginalFormat}", Copy.Line),
            1 => new("sidecar.audit.seq", Copy.Sequence),
            2 => new("sidecar.audit.decision", Copy.Decision),
            3 when Copy.Venue is not null => new("sidecar.venue", Copy.Venue),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Counts the exports the collector did not take (no connection, a time-out, an error status).</summary>
    private sealed partial class CountingHandler(ILogger log) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _failing;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Exchange(ref _failing, 0);
                }
                else
                {
                    Failed($"HTTP {(int)response.StatusCode}");
                }

                return response;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                Failed(ex.Message);
                throw;
            }
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            SendAsync(request, cancellationToken).GetAwaiter().GetResult();

        private void Failed(string reason)
        {
            SidecarTelemetry.AuditFailures.Add(1, new TagList { { "reason", "otlp" } });
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                Log.ExportFailed(log, reason);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AuditExportFailed, LogLevel.Warning, "Audit records could not be exported over OTLP: {Reason}. The file has them; the export goes on with the next batch.")]
        public static partial void ExportFailed(ILogger logger, string reason);
    }
}
