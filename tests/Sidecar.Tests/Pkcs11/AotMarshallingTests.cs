using System.Runtime.InteropServices;
using Sidecar.Pkcs11;

namespace Sidecar.Tests.Pkcs11;

/// <summary>
/// The Native AOT build names Pkcs11Interop's internal function-table struct by string; a package update that moves
/// or renames it would break every module load in that build only. This catches it in the JIT test run.
/// </summary>
public sealed class AotMarshallingTests
{
    [Fact]
    public void The_function_table_type_named_for_the_AOT_compiler_exists_with_one_pointer_per_function()
    {
        var type = Type.GetType(AotMarshalling.FunctionListType, throwOnError: false);
        Assert.NotNull(type);
        Assert.True(type.IsValueType);

        // CK_VERSION (2 bytes, padded to 8) and the 68 PKCS#11 v2.40 function pointers.
        Assert.Equal(8 + (68 * IntPtr.Size), Marshal.SizeOf(type));
    }
}
