namespace Sidecar.Tests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SoftHsmModule => "/usr/lib/softhsm/libsofthsm2.so";

    public static string P11KitClientModule => "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";

    /// <summary>sidecar.dll as built next to the tests (the Sidecar project is referenced, so it is copied here).</summary>
    public static string SidecarDll => Path.Combine(AppContext.BaseDirectory, "sidecar.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sidecar.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sidecar.sln not found above " + AppContext.BaseDirectory);
    }
}
