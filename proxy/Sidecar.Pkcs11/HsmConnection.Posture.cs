using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>Reads a key's protection attributes for the posture doctor, keeping each PKCS#11 result.</summary>
public sealed partial class HsmConnection
{
    /// <summary>The posture of the key object labelled <paramref name="label"/> (secret or private key); null when none.</summary>
    public KeyPosture? ReadKeyPosture(string label)
    {
        lock (_managementLock)
        {
            foreach (var objectClass in (ReadOnlySpan<CKO>)[CKO.CKO_SECRET_KEY, CKO.CKO_PRIVATE_KEY])
            {
                var handles = FindObjects(label, objectClass);
                if (handles.Count == 0)
                {
                    continue;
                }

                var handle = handles[0];
                var info = Describe(handle);
                return new KeyPosture
                {
                    Label = label,
                    Objects = handles.Count,
                    IsPrivateKey = objectClass == CKO.CKO_PRIVATE_KEY,
                    Sensitive = ReadBool(handle, CKA.CKA_SENSITIVE),
                    Extractable = ReadBool(handle, CKA.CKA_EXTRACTABLE),
                    AlwaysSensitive = ReadBool(handle, CKA.CKA_ALWAYS_SENSITIVE),
                    NeverExtractable = ReadBool(handle, CKA.CKA_NEVER_EXTRACTABLE),
                    Local = ReadBool(handle, CKA.CKA_LOCAL),
                    Modifiable = ReadBool(handle, CKA.CKA_MODIFIABLE),
                    Sign = ReadBool(handle, CKA.CKA_SIGN),
                    Encrypt = ReadBool(handle, CKA.CKA_ENCRYPT),
                    Decrypt = ReadBool(handle, CKA.CKA_DECRYPT),
                    Wrap = ReadBool(handle, CKA.CKA_WRAP),
                    Unwrap = ReadBool(handle, CKA.CKA_UNWRAP),
                    Derive = ReadBool(handle, CKA.CKA_DERIVE),
                    RecordedOrigin = ReadOrigin(label),
                    Created = info.Created,
                };
            }

            return null;
        }
    }

    // One attribute per call, so one refused attribute (CKR_ATTRIBUTE_SENSITIVE, …_TYPE_INVALID) does not hide the rest.
    private AttributeReading ReadBool(ulong handle, CKA type)
    {
        var template = new[] { CkaUtils.CreateAttribute(type) };
        try
        {
            var rv = (CKR)Library.C_GetAttributeValue(_managementSession, handle, template, 1);
            if (rv != CKR.CKR_OK)
            {
                return new AttributeReading(null, rv);
            }

            if (template[0].valueLen == ulong.MaxValue || template[0].valueLen == 0)
            {
                return new AttributeReading(null, CKR.CKR_ATTRIBUTE_TYPE_INVALID);
            }

            template[0].value = UnmanagedMemory.Allocate((int)template[0].valueLen);
            rv = (CKR)Library.C_GetAttributeValue(_managementSession, handle, template, 1);
            if (rv != CKR.CKR_OK)
            {
                return new AttributeReading(null, rv);
            }

            CkaUtils.ConvertValue(ref template[0], out byte[] value);
            return new AttributeReading(value is { Length: > 0 } ? value[0] != 0 : null, rv);
        }
        finally
        {
            Attributes.Free(template);
        }
    }

    private string? ReadOrigin(string label)
    {
        foreach (var handle in FindObjects(label, CKO.CKO_DATA))
        {
            var values = Attributes.Read(Library, _managementSession, handle, CKA.CKA_APPLICATION, CKA.CKA_VALUE);
            if (Attributes.Utf8(values, CKA.CKA_APPLICATION) != KeyMetadata.Application || values.GetValueOrDefault(CKA.CKA_VALUE) is not { } value)
            {
                continue;
            }

            foreach (var part in Encoding.ASCII.GetString(value).Split(';'))
            {
                if (part.StartsWith("origin=", StringComparison.Ordinal))
                {
                    return part["origin=".Length..];
                }
            }
        }

        return null;
    }
}
