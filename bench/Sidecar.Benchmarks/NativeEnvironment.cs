using System.Runtime.InteropServices;

namespace Sidecar.Benchmarks;

/// <summary>
/// Sets an environment variable for native code too. On Unix, Environment.SetEnvironmentVariable changes only
/// .NET's own copy; SoftHSM2 calls getenv("SOFTHSM2_CONF") in C_Initialize and would not see it.
/// (Same approach as tests/Sidecar.Tests/Infrastructure/NativeEnvironment.cs; the benchmark keeps its own copy
/// so it does not depend on the test project.)
/// </summary>
internal static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (setenv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed");
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
