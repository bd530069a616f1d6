using System.Text.Json;

namespace Sidecar.Admin;

/// <summary>
/// One part of the readiness answer (<c>GET /readyz</c>): whether it lets the sidecar be ready, and the JSON
/// object that explains it. Each concern (HSM, audit, clocks, key ages, posture) contributes its own.
/// </summary>
internal interface IReadinessCheck
{
    /// <summary>The property name of this check's object in the readiness body, e.g. <c>"clock"</c>.</summary>
    string Name { get; }

    /// <summary>False makes <c>/readyz</c> answer 503.</summary>
    bool Ready { get; }

    /// <summary>Writes the check's details as the value of <see cref="Name"/> (one JSON value, usually an object).</summary>
    void WriteDetails(Utf8JsonWriter json);
}
