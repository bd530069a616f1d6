using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Sidecar.Tests.Infrastructure;

/// <summary>One OpenTelemetry log record as a collector received it.</summary>
public sealed record ReceivedLog(string? Body, IReadOnlyDictionary<string, object?> Attributes, IReadOnlyDictionary<string, object?> Resource);

/// <summary>
/// A real OTLP/HTTP logs endpoint on loopback (Kestrel, <c>POST /v1/logs</c>, <c>application/x-protobuf</c>) that
/// decodes each <c>ExportLogsServiceRequest</c> from the wire (opentelemetry-proto's logs.proto and common.proto field
/// numbers), as a collector would. With <c>hang</c>, it takes requests and never answers (a collector stuck).
/// </summary>
public sealed class OtlpLogsReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedLog> _logs = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpLogsReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ReceivedLog> Logs => [.. _logs];

    public int Requests => _requests;

    private int _requests;

    public static async Task<OtlpLogsReceiver> StartAsync(bool hang = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpLogsReceiver(app);
        app.MapPost("/v1/logs", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._requests);
            if (hang)
            {
                await receiver._released.Task;
                return;
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Decode(body.ToArray());
            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = 200;
        });
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return receiver;
    }

    // ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
    private void Decode(byte[] request)
    {
        foreach (var resourceLogs in Repeated(request, 1))
        {
            var resource = new Dictionary<string, object?>();
            foreach (var res in Repeated(resourceLogs, 1))
            {
                // Resource { repeated KeyValue attributes = 1; }
                foreach (var attribute in Repeated(res, 1))
                {
                    var (key, value) = KeyValue(attribute);
                    resource[key] = value;
                }
            }

            // ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
            foreach (var scopeLogs in Repeated(resourceLogs, 2))
            {
                // ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; }
                foreach (var record in Repeated(scopeLogs, 2))
                {
                    _logs.Enqueue(LogRecord(record, resource));
                }
            }
        }
    }

    // LogRecord { AnyValue body = 5; repeated KeyValue attributes = 6; … }
    private static ReceivedLog LogRecord(byte[] record, Dictionary<string, object?> resource)
    {
        string? body = null;
        var attributes = new Dictionary<string, object?>();
        foreach (var (field, bytes) in Fields(record))
        {
            if (field == 5)
            {
                body = AnyValue(bytes) as string;
            }
            else if (field == 6)
            {
                var (key, value) = KeyValue(bytes);
                attributes[key] = value;
            }
        }

        return new ReceivedLog(body, attributes, resource);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }
    private static (string Key, object? Value) KeyValue(byte[] bytes)
    {
        string key = "";
        object? value = null;
        foreach (var (field, inner) in Fields(bytes))
        {
            if (field == 1)
            {
                key = System.Text.Encoding.UTF8.GetString(inner);
            }
            else if (field == 2)
            {
                value = AnyValue(inner);
            }
        }

        return (key, value);
    }

    // AnyValue { oneof: string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; … }
    private static object? AnyValue(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        object? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    value = input.ReadString();
                    break;
                case 2:
                    value = input.ReadBool();
                    break;
                case 3:
                    value = input.ReadInt64();
                    break;
                case 4:
                    value = input.ReadDouble();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return value;
    }

    private static IEnumerable<byte[]> Repeated(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field).Select(f => f.Bytes);

    // The length-delimited fields of a message, in order; everything else skipped.
    private static List<(int Field, byte[] Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes().ToByteArray()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
