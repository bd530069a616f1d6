using System.Runtime.InteropServices;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// Sets an environment variable for native code too. On Unix, Environment.SetEnvironmentVariable changes only
/// .NET's own copy; PKCS#11 modules call getenv() (SOFTHSM2_CONF, P11_KIT_SERVER_ADDRESS) and would not see it.
/// </summary>
internal static partial class NativeEnvironment
{
    public static void Set(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        var rc = value is null ? unsetenv(name) : setenv(name, value, 1);
        if (rc != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed");
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unsetenv(string name);
}
