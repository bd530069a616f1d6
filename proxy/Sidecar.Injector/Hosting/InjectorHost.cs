using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Sidecar.Injector.Admission;

namespace Sidecar.Injector.Hosting;

/// <summary>
/// The webhook's HTTP side: <c>POST /mutate</c> (AdmissionReview v1) and <c>GET /healthz</c>, over TLS with a
/// certificate re-read when cert-manager rotates it. Plain HTTP is accepted on loopback only (tests).
/// </summary>
internal static partial class InjectorHost
{
    /// <summary>The API server caps request bodies near 3 MiB; a pod review is a few KiB.</summary>
    public const long MaxReviewBytes = 4 * 1024 * 1024;

    public static WebApplication Build(InjectorOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = ParseListen(options);
        var certificates = options.TlsCertificateFile is not null ? new CertificateFiles(options.TlsCertificateFile, options.TlsKeyFile!) : null;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxReviewBytes;
            kestrel.Listen(listen.Address, listen.Port, endpoint =>
            {
                if (certificates is not null)
                {
                    endpoint.Protocols = HttpProtocols.Http1AndHttp2;
                    endpoint.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificates.Current);
                }
            });
        });

        var app = builder.Build();
        var handler = new AdmissionHandler(options);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sidecar.Injector");
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        app.MapPost("/mutate", (HttpContext context) => MutateAsync(context, handler, log));
        return app;
    }

    /// <summary>The address Kestrel actually bound (port 0 resolved).</summary>
    public static Uri AddressOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Urls.First());
    }

    private static async Task MutateAsync(HttpContext context, AdmissionHandler handler, ILogger log)
    {
        if (context.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "POST an AdmissionReview as application/json");
            return;
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        string answer;
        try
        {
            answer = handler.Handle(body, out var outcome, out var detail);
            switch (outcome)
            {
                case AdmissionOutcome.Refused:
                    Log.Refused(log, detail);
                    break;
                case AdmissionOutcome.Injected:
                    Log.Injected(log, detail);
                    break;
                default:
                    Log.Skipped(log, detail);
                    break;
            }
        }
        catch (AdmissionFormatException ex)
        {
            Log.BadReview(log, ex.Message);
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    private static (IPAddress Address, int Port) ParseListen(InjectorOptions options)
    {
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            throw new InvalidOperationException($"Injector:Listen '{options.Listen}' must be https://ADDRESS:PORT");
        }

        var address = string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Injector:Listen '{options.Listen}' must name an IP address");

        if (uri.Scheme == "https" && options.TlsCertificateFile is null)
        {
            throw new InvalidOperationException("Injector:Listen is https but Injector:TlsCertificateFile and Injector:TlsKeyFile are not set");
        }

        if (uri.Scheme == "http" && (!IPAddress.IsLoopback(address) || options.TlsCertificateFile is not null))
        {
            throw new InvalidOperationException("plain http is accepted on a loopback address without TLS files only; the API server calls webhooks over https");
        }

        return (address, uri.Port);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Injected: {Detail}")]
        public static partial void Injected(ILogger logger, string detail);

        [LoggerMessage(2, LogLevel.Warning, "Refused: {Detail}")]
        public static partial void Refused(ILogger logger, string detail);

        [LoggerMessage(3, LogLevel.Debug, "Left alone: {Detail}")]
        public static partial void Skipped(ILogger logger, string detail);

        [LoggerMessage(4, LogLevel.Warning, "Bad AdmissionReview: {Detail}")]
        public static partial void BadReview(ILogger logger, string detail);
    }
}
