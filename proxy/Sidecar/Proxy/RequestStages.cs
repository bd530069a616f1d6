using Sidecar.Telemetry;

namespace Sidecar.Proxy;

/// <summary>
/// The stages of a proxied request that <see cref="StageTiming"/> stamps when <c>SIDECAR_STAGE_TIMING=1</c>, in the
/// order a signed request passes them. A request that ends early skips the rest (its next stamp is measured from
/// its last one).
/// </summary>
internal static class RequestStages
{
    public const int Start = 0;
    public const int Admitted = 1;
    public const int BodyRead = 2;
    public const int Checked = 3;
    public const int Judged = 4;
    public const int Signed = 5;
    public const int Prepared = 6;
    public const int RequestBuilt = 7;
    public const int Sending = 8;
    public const int ResponseHeaders = 9;
    public const int Relayed = 10;
    public const int Recorded = 11;
    public const int Completed = 12;

    /// <summary>Sidecar's stage timing; collects nothing unless it is on.</summary>
    public static readonly StageTiming Timing = new(
    [
        "handler entered",
        "admitted (route found)",
        "body read",
        "canonical checks",
        "endpoint, policy, orders, limits",
        "signed (scheme + HSM)",
        "forward prepared (URI, plan)",
        "YARP request built (transform)",
        "request handed to HttpClient's handler",
        "upstream answer's headers",
        "answer relayed (forwarder returned)",
        "outcome recorded (metrics, audit queue)",
        "response completed (Kestrel, OnCompleted)",
    ], StageTiming.Enabled);
}
