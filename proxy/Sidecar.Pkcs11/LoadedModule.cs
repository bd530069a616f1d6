using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>
/// One PKCS#11 module per process, initialised once. C_Initialize and C_Finalize are process-wide: a second
/// connection to the same module (another token, a management command in a test) must share the first one's
/// initialisation, and only the last to close may call C_Finalize.
/// </summary>
internal sealed class LoadedModule
{
    private static readonly Dictionary<string, LoadedModule> Modules = new(StringComparer.Ordinal);
    private static readonly Lock ModulesLock = new();

    private readonly string _path;
    private int _references;

    private LoadedModule(string path, Pkcs11Library library)
    {
        _path = path;
        Library = library;
    }

    public Pkcs11Library Library { get; }

    public static LoadedModule Acquire(string path)
    {
        NativeLibraryResolver.EnsureInstalled();
        AotMarshalling.EnsureGenerated();
        var fullPath = Path.GetFullPath(path);
        lock (ModulesLock)
        {
            if (!Modules.TryGetValue(fullPath, out var module))
            {
                Pkcs11Library library;
                try
                {
                    library = new Pkcs11Library(fullPath);
                }
                catch (Exception ex)
                {
                    throw new HsmException($"Cannot load PKCS#11 module '{path}': {ex.Message}", ex);
                }

                var initArgs = new CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK };
                var rv = (CKR)library.C_Initialize(initArgs);
                if (rv != CKR.CKR_OK && rv != CKR.CKR_CRYPTOKI_ALREADY_INITIALIZED)
                {
                    library.Dispose();
                    throw new HsmException("C_Initialize", rv, path);
                }

                module = new LoadedModule(fullPath, library);
                Modules.Add(fullPath, module);
            }

            module._references++;
            return module;
        }
    }

    /// <summary>
    /// C_Finalize then C_Initialize: the module forgets every session and handle and reconnects to its device (a
    /// p11-kit client reconnects to its server). Callers must have stopped using the module's sessions.
    /// </summary>
    public void Reinitialize()
    {
        lock (ModulesLock)
        {
            Library.C_Finalize(IntPtr.Zero);
            var initArgs = new CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK };
            var rv = (CKR)Library.C_Initialize(initArgs);
            if (rv != CKR.CKR_OK && rv != CKR.CKR_CRYPTOKI_ALREADY_INITIALIZED)
            {
                throw new HsmException("C_Initialize", rv, _path);
            }
        }
    }

    public void Release()
    {
        lock (ModulesLock)
        {
            if (--_references > 0)
            {
                return;
            }

            Modules.Remove(_path);
            Library.C_Finalize(IntPtr.Zero);
            Library.Dispose();
        }
    }
}
