using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>
/// A companion CKO_DATA object beside each key, holding when and how the key came to be. CKA_START_DATE is set
/// on the key too, but SoftHSM2 cannot read it back from private objects (SoftHSMv2 issues #655 and #804: it
/// stores the date in clear and then tries to decrypt it), so the date is also kept here, where any token can
/// return it. Private, so only a logged-in user sees it; it holds nothing secret.
/// </summary>
internal static class KeyMetadata
{
    public const string Application = "sidecar key metadata";

    public static CK_ATTRIBUTE[] Template(string label, DateOnly created, string origin) =>
    [
        CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_DATA),
        CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
        CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
        CkaUtils.CreateAttribute(CKA.CKA_MODIFIABLE, false),
        CkaUtils.CreateAttribute(CKA.CKA_LABEL, label),
        CkaUtils.CreateAttribute(CKA.CKA_APPLICATION, Application),
        CkaUtils.CreateAttribute(CKA.CKA_VALUE, Encoding.ASCII.GetBytes($"created={created:yyyy-MM-dd};origin={origin}")),
    ];

    public static DateOnly? ParseCreated(byte[]? value)
    {
        if (value is null)
        {
            return null;
        }

        foreach (var part in Encoding.ASCII.GetString(value).Split(';'))
        {
            if (part.StartsWith("created=", StringComparison.Ordinal)
                && DateOnly.TryParseExact(part["created=".Length..], "yyyy-MM-dd", out var date))
            {
                return date;
            }
        }

        return null;
    }
}
