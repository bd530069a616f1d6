namespace Sidecar.Proxy;

/// <summary>
/// HTTP statuses as metric tag values, boxed once: a tag value is an object, and boxing the status of every
/// request would be an allocation per request.
/// </summary>
internal static class StatusTag
{
    private const int First = 100;

    private static readonly object[] Boxed = CreateBoxed();

    public static object Of(int status) => (uint)(status - First) < (uint)Boxed.Length ? Boxed[status - First] : status;

    private static object[] CreateBoxed()
    {
        var boxed = new object[500];
        for (var i = 0; i < boxed.Length; i++)
        {
            boxed[i] = First + i;
        }

        return boxed;
    }
}
