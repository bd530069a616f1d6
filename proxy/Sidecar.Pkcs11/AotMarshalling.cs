using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>
/// Native AOT only. Pkcs11Interop's low-level API passes types to <c>Marshal.SizeOf(Type)</c> and
/// <c>Marshal.PtrToStructure(IntPtr, Type)</c> through a helper, so the AOT compiler cannot see which, generates no
/// marshalling data for them, and the calls throw "missing structure marshalling data" at run time: loading a module
/// (its internal <c>CK_FUNCTION_LIST</c>), building any integer or boolean attribute (<c>ulong</c>, <c>uint</c>),
/// attribute arrays (<c>CK_ATTRIBUTE</c>). Naming each type here as a constant makes the compiler generate the data.
/// That is every type the low-level API and its converters hand to those calls, except mechanism-parameter structs,
/// which Sidecar does not use (its mechanisms take no parameters). The delegates Pkcs11Interop builds over the
/// function table need nothing: they carry <c>[UnmanagedFunctionPointer]</c>, which the compiler always covers.
/// Under the JIT this does nothing.
/// </summary>
internal static class AotMarshalling
{
    /// <summary>Pkcs11Interop 5.3.0's internal function-table struct (LowLevelAPI80: 64-bit CK_ULONG, Linux).</summary>
    public const string FunctionListType = "Net.Pkcs11Interop.LowLevelAPI80.CK_FUNCTION_LIST, Pkcs11Interop";

    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode",
        Justification = "Every type is a constant the AOT compiler resolves; for such types it generates the marshalling data these calls need.")]
    public static void EnsureGenerated()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            _ = Marshal.SizeOf(Type.GetType(FunctionListType, throwOnError: true)!);
            _ = Marshal.SizeOf(typeof(CK_ATTRIBUTE));
            _ = Marshal.SizeOf(typeof(ulong));
            _ = Marshal.SizeOf(typeof(uint));
        }
    }
}
