using Sidecar.Doctor.Permissions;
using Sidecar.Proxy;
using Sidecar.Signing;

namespace Sidecar.Doctor.Checks;

/// <summary>
/// The key's permissions as the exchange itself reports them: withdrawals, IP allow-listing, transfers. A key that
/// can withdraw, or works from any IP, is a warning (a failure under <c>Posture:Strict</c>): a trading bot needs
/// neither, and the guides all say so.
/// </summary>
internal sealed class ExchangePermissionsCheck : IVenueCheck
{
    public async Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        var probe = venue.Exchange.Permissions;
        if (probe.UnavailableReason is { } unavailable)
        {
            return [new CheckResult("exchange.permissions", venue.Name, CheckStatus.Unknown, unavailable,
                "check the key's permissions and IP allow-list in the exchange's API management page")];
        }

        ReadOnlyRequest.Answer answer;
        try
        {
            answer = await ReadOnlyRequest.SendAsync(probe, venue, context.Client, context.Clock, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return [new CheckResult("exchange.permissions", venue.Name, CheckStatus.Unknown,
                $"{probe.Method} {probe.Path} could not reach {venue.UpstreamBase}: {ex.HttpRequestError}", "check that the upstream is reachable from this host")];
        }
        catch (SigningKeyUnavailableException)
        {
            return [new CheckResult("exchange.permissions", venue.Name, CheckStatus.Fail,
                $"the HSM could not sign {probe.Method} {probe.Path} with key '{venue.Credentials.Key.Label}'", "check the token and the key (sidecar keys list)")];
        }

        if (answer.Problem is not null)
        {
            return [new CheckResult("exchange.permissions", venue.Name, CheckStatus.Unknown, answer.Problem, "check the key's permissions in the exchange's API management page")];
        }

        var json = answer.Json!.Value;
        if (answer.Status == 404)
        {
            return [new CheckResult("exchange.permissions", venue.Name, CheckStatus.Unknown,
                $"{venue.UpstreamBase} does not serve {probe.Path} (HTTP 404)", "check the same key through a venue on the exchange's main API host")];
        }

        if (answer.Status is < 200 or > 299)
        {
            // The exchange refused a correctly signed read: the key, its IP binding or its signature is wrong.
            return [new CheckResult("exchange.permissions", venue.Name, CheckStatus.Fail,
                $"the exchange refused {probe.Method} {probe.Path} with HTTP {answer.Status}: {Shorten(probe.ErrorOf(json))}",
                "check Venues:" + venue.Name + ":ApiKey, the key on the token, and the key's IP allow-list at the exchange")];
        }

        var permissions = probe.Parse(json, out var error);
        if (permissions is null)
        {
            return [new CheckResult("exchange.permissions", venue.Name, CheckStatus.Fail,
                $"the exchange answered {probe.Path} with an error: {Shorten(error)}", "check the key at the exchange")];
        }

        var strict = context.Strict;
        var source = $" ({permissions.Source})";
        return
        [
            permissions.Withdrawals switch
            {
                true => CheckResult.Weak("exchange.withdrawals", venue.Name, strict, "the key can withdraw funds" + source,
                    "turn off withdrawal permission for this key at the exchange: a trading bot never withdraws"),
                false => CheckResult.Pass("exchange.withdrawals", venue.Name, "the key cannot withdraw" + source),
                null => new CheckResult("exchange.withdrawals", venue.Name, CheckStatus.Unknown, "the exchange's answer does not say" + source, "check it in the exchange's API management page"),
            },
            permissions.IpRestricted switch
            {
                false => CheckResult.Weak("exchange.ip-restriction", venue.Name, strict, "the key works from any IP address" + source,
                    "restrict the key to this host's egress IP addresses at the exchange"),
                true => CheckResult.Pass("exchange.ip-restriction", venue.Name, "the key is restricted to allow-listed IP addresses" + source),
                null => new CheckResult("exchange.ip-restriction", venue.Name, CheckStatus.Unknown, "not available from the exchange: its answer has no IP allow-list" + source,
                    "check the key's IP allow-list in the exchange's API management page"),
            },
            permissions.Transfers switch
            {
                true => CheckResult.Weak("exchange.transfers", venue.Name, strict, "the key can transfer funds between accounts or wallets" + source,
                    "turn off transfer permissions for this key at the exchange"),
                false => CheckResult.Pass("exchange.transfers", venue.Name, "the key cannot transfer funds" + source),
                null => new CheckResult("exchange.transfers", venue.Name, CheckStatus.Unknown, "the exchange's answer does not say" + source, "check it in the exchange's API management page"),
            },
        ];
    }

    // The exchange's message is echoed, bounded and printable; it never carries our secret (the exchange never had it).
    private static string Shorten(string? text) => text is null ? "no message" : SafeText.Printable(text.Length > 160 ? text[..160] : text);
}
