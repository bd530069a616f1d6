using System.Text.Json;
using Sidecar.Hosting;
using Sidecar.Pkcs11;

namespace Sidecar.Admin;

/// <summary>
/// Readiness of every configured HSM (<c>"hsms"</c> in <c>/readyz</c>): ready while each one, or its standby,
/// can sign. Reads the connections' state only; it never calls into an HSM, which may be hung.
/// </summary>
internal sealed class HsmReadiness(HsmSet hsms) : IReadinessCheck
{
    public string Name => "hsms";

    public bool Ready
    {
        get
        {
            foreach (var group in hsms.Groups)
            {
                if (!group.CanSign)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public void WriteDetails(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        foreach (var group in hsms.Groups)
        {
            json.WriteStartObject(group.Name);
            json.WriteBoolean("canSign", group.CanSign);
            if (group.Failover is { } failover)
            {
                json.WriteString("active", failover.Active == HsmRole.Primary ? "primary" : "standby");
                json.WriteNumber("switches", failover.Switches);
            }

            Write(json, "primary", group.Primary);
            if (group.Standby is { } standby)
            {
                Write(json, "standby", standby);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, string role, HsmConnection connection)
    {
        json.WriteStartObject(role);
        json.WriteString("name", connection.Name);
        json.WriteString("token", connection.TokenLabel);
        json.WriteBoolean("available", connection.Unavailable is null);
        if (connection.Unavailable is { } problem)
        {
            json.WriteString("problem", problem);
        }

        json.WriteBoolean("pinRejected", connection.PinRejected);
        json.WriteBoolean("hung", connection.Hung is not null);
        json.WriteNumber("loginAttempts", connection.LoginAttempts);
        json.WriteNumber("recoveries", connection.Recoveries);
        json.WriteNumber("hangs", connection.Hangs);
        json.WriteEndObject();
    }
}
