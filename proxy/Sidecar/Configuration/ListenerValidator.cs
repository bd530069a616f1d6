namespace Sidecar.Configuration;

/// <summary>
/// Checks the listener settings (<c>Listen</c>, <c>Admin</c>, <c>AllowedUids</c>, <c>AllowNonLoopbackListen</c>,
/// and each venue's <c>AllowedUids</c>, which needs the Unix-socket listener), adding every problem to the list.
/// </summary>
internal static class ListenerValidator
{
    private const string Listen = nameof(SidecarOptions.Listen);
    private const string Admin = nameof(SidecarOptions.Admin);
    private const string AllowedUids = nameof(SidecarOptions.AllowedUids);

    /// <summary>The listeners that passed; a null member had an error (added to <paramref name="errors"/>).</summary>
    public static Listeners Validate(SidecarOptions options, List<string> errors, List<string> warnings)
    {
        string? unixSocket = null;
        Uri? listen = null;
        if (options.Listen?.StartsWith(ListenerDefaults.UnixSocketPrefix, StringComparison.Ordinal) == true)
        {
            unixSocket = options.Listen[ListenerDefaults.UnixSocketPrefix.Length..];
            if (!Path.IsPathFullyQualified(unixSocket) || !Directory.Exists(Path.GetDirectoryName(unixSocket)))
            {
                errors.Add($"{Listen} '{options.Listen}' must be {ListenerDefaults.UnixSocketPrefix}/absolute/path/to/socket in an existing directory");
            }
        }
        else
        {
            listen = ValidateHttp(Listen, options.Listen, errors);
            if (options.AllowedUids.Count > 0)
            {
                errors.Add($"{AllowedUids} needs a Unix-socket listener ({Listen}: \"{ListenerDefaults.UnixSocketPrefix}/path\"): TCP connections carry no peer UID");
            }
        }

        var admin = ValidateHttp(Admin, options.Admin, errors);
        foreach (var (name, venue) in options.Venues)
        {
            if (venue.AllowedUids.Count > 0 && unixSocket is null)
            {
                errors.Add($"{nameof(SidecarOptions.Venues)}:{name}:{nameof(VenueOptions.AllowedUids)} needs a Unix-socket listener ({Listen}: \"{ListenerDefaults.UnixSocketPrefix}/path\")");
            }
        }

        if (listen is not null && !HostNames.IsLoopback(listen.Host))
        {
            if (options.AllowNonLoopbackListen)
            {
                warnings.Add($"the proxy listens on {listen}, reachable from other hosts: anyone who can connect can use the keys");
            }
            else
            {
                errors.Add($"{Listen} '{options.Listen}' is not a loopback address; bots reach Sidecar on 127.0.0.1. Set {nameof(SidecarOptions.AllowNonLoopbackListen)} to true to accept this deliberately");
            }
        }

        if (admin is not null && !HostNames.IsLoopback(admin.Host))
        {
            warnings.Add($"the admin listener (health and readiness only) listens on {admin}");
        }

        if (listen is not null && admin is not null && listen.Port != 0 && listen.Port == admin.Port && listen.Host == admin.Host)
        {
            errors.Add($"{Listen} and {Admin} must be different addresses: the admin listener never proxies");
        }

        return new Listeners(listen, unixSocket, admin);
    }

    private static Uri? ValidateHttp(string setting, string? value, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            errors.Add($"{setting} '{value}' must be an http://host:port address, e.g. {ListenerDefaults.Listen}");
            return null;
        }

        // Kestrel binds addresses, not names: a name could resolve to several addresses, or to another one tomorrow.
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            && !string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{setting} '{value}' must name an IP address or localhost, not a host name, e.g. {ListenerDefaults.Listen}");
            return null;
        }

        return uri;
    }
}
