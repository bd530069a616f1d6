using Net.Pkcs11Interop.Common;

namespace Sidecar.Pkcs11;

/// <summary>A key label that cannot be used: missing, ambiguous, or already taken on import.</summary>
public sealed class HsmKeyException : Exception
{
    public HsmKeyException(string label, string message) : base(message)
    {
        Label = label;
    }

    public string Label { get; }
}
