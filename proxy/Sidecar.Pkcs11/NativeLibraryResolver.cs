using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>
/// Pkcs11Interop loads PKCS#11 modules through <c>dlopen</c> imported from "libdl". Debian 12 ships only
/// <c>libdl.so.2</c> (glibc 2.34 folded libdl into libc), so the plain name fails to resolve there. Map it.
/// </summary>
internal static class NativeLibraryResolver
{
    private static int _installed;

    public static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(Pkcs11Library).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == "libdl" && OperatingSystem.IsLinux())
        {
            foreach (var candidate in (ReadOnlySpan<string>)["libdl.so.2", "libdl.so", "libc.so.6"])
            {
                if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
                {
                    return handle;
                }
            }
        }

        return IntPtr.Zero;
    }
}
