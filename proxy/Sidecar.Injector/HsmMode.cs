namespace Sidecar.Injector;

/// <summary>How the sidecar reaches its HSM.</summary>
internal enum HsmMode
{
    /// <summary>SoftHSM2 loaded in the sidecar process (development).</summary>
    SoftHsm,

    /// <summary>
    /// SoftHSM2 runs in its own native sidecar (<c>sidecar-hsm</c>, <c>p11-kit server</c>); Sidecar loads
    /// p11-kit-client.so and talks to it over a Unix socket, so the key bytes never enter the Sidecar process.
    /// </summary>
    Isolated,

    /// <summary>A vendor's PKCS#11 module (CloudHSM, Luna, YubiHSM2…), as named in sidecar.json or by annotation.</summary>
    Vendor,
}

internal static class HsmModes
{
    public static bool TryParse(string? value, out HsmMode mode)
    {
        switch (value)
        {
            case "softhsm":
                mode = HsmMode.SoftHsm;
                return true;
            case "isolated":
                mode = HsmMode.Isolated;
                return true;
            case "vendor":
                mode = HsmMode.Vendor;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    public static string Name(HsmMode mode) => mode switch
    {
        HsmMode.SoftHsm => "softhsm",
        HsmMode.Isolated => "isolated",
        _ => "vendor",
    };
}
