using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Proxy;

/// <summary>
/// The UID of the process on the other end of a Unix-domain socket, read from the kernel with SO_PEERCRED — not
/// something the peer can claim. Linux only; elsewhere (and on TCP) there is no peer UID.
/// </summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static uint? UidOf(HttpContext context)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || socket.AddressFamily != AddressFamily.Unix || !OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> ucred = stackalloc byte[12];
        var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        return length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..8]) : null;
    }
}
