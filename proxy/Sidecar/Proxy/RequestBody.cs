using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>Reads the whole request body (bounded) into a pooled buffer: what is signed must be all of it.</summary>
internal static class RequestBody
{
    /// <summary>Returns the buffer (return it to <see cref="ArrayPool{T}.Shared"/>) and the length, or -1 when over the limit.</summary>
    // Pooled: a body that is not buffered yet suspends the read, and its state machine is then reused, not allocated.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(byte[] Buffer, int Length)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return ([], -1);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return ([], -1);
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return ([], -1);
            }
        }

        return (buffer, length);
    }

    public static BodyFormat FormatOf(HttpRequest request, int length)
    {
        if (length == 0)
        {
            return BodyFormat.None;
        }

        // The two types bots send, without parsing (and allocating) a header value; anything else is parsed.
        var contentType = request.ContentType;
        if (string.Equals(contentType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return BodyFormat.Form;
        }

        if (string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return BodyFormat.Json;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return BodyFormat.Other;
        }

        if (mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return BodyFormat.Form;
        }

        return mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? BodyFormat.Json : BodyFormat.Other;
    }
}
