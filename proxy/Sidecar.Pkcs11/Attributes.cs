using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>
/// Builds and frees low-level attribute templates. Values live in unmanaged memory; <see cref="Free"/> zeroes it
/// before releasing it, because a template may carry key material (CKA_VALUE on import).
/// </summary>
internal static class Attributes
{
    public static void Free(CK_ATTRIBUTE[] template)
    {
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].value != IntPtr.Zero)
            {
                var length = (int)template[i].valueLen;
                if (length > 0)
                {
                    unsafe
                    {
                        new Span<byte>((void*)template[i].value, length).Clear();
                    }
                }

                UnmanagedMemory.Free(ref template[i].value);
                template[i].valueLen = 0;
            }
        }
    }

    /// <summary>Reads the given attributes of an object; unavailable ones (sensitive, absent) come back null.</summary>
    public static Dictionary<CKA, byte[]?> Read(Pkcs11Library library, ulong session, ulong handle, params CKA[] types)
    {
        var result = new Dictionary<CKA, byte[]?>(types.Length);

        // One call per attribute: a single sensitive attribute would otherwise fail the whole template.
        foreach (var type in types)
        {
            var template = new[] { CkaUtils.CreateAttribute(type) };
            try
            {
                var rv = (CKR)library.C_GetAttributeValue(session, handle, template, 1);
                if (rv != CKR.CKR_OK || template[0].valueLen == ulong.MaxValue)
                {
                    result[type] = null;
                    continue;
                }

                var length = (int)template[0].valueLen;
                template[0].value = UnmanagedMemory.Allocate(Math.Max(length, 1));
                rv = (CKR)library.C_GetAttributeValue(session, handle, template, 1);
                if (rv != CKR.CKR_OK)
                {
                    result[type] = null;
                    continue;
                }

                CkaUtils.ConvertValue(ref template[0], out byte[] value);
                result[type] = value ?? [];
            }
            finally
            {
                Free(template);
            }
        }

        return result;
    }

    public static bool? Bool(Dictionary<CKA, byte[]?> values, CKA type) =>
        values.TryGetValue(type, out var v) && v is { Length: > 0 } ? v[0] != 0 : null;

    public static ulong? ULong(Dictionary<CKA, byte[]?> values, CKA type) =>
        values.TryGetValue(type, out var v) && v is { Length: 8 } ? BitConverter.ToUInt64(v) : null;

    public static string? Utf8(Dictionary<CKA, byte[]?> values, CKA type) =>
        values.TryGetValue(type, out var v) && v is not null ? System.Text.Encoding.UTF8.GetString(v) : null;
}
