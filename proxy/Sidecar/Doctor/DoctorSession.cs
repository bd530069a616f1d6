using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Configuration;
using Sidecar.Hosting;
using Sidecar.Pkcs11;
using Sidecar.Proxy;

namespace Sidecar.Doctor;

/// <summary>
/// What <c>sidecar doctor</c> needs that <c>sidecar run</c> would have: a login to every configured HSM and every
/// venue resolved on its own HSM. A token or key that cannot be found is a finding in the report, not an abort.
/// Standbys are not opened: the doctor looks at the HSMs venues sign on first.
/// </summary>
internal sealed class DoctorSession : IDisposable
{
    private readonly IReadOnlyList<HsmConnection> _hsms;
    private readonly HttpMessageInvoker _client;

    private DoctorSession(IReadOnlyList<HsmConnection> hsms, HttpMessageInvoker client, DoctorContext context)
    {
        _hsms = hsms;
        _client = client;
        Context = context;
    }

    public DoctorContext Context { get; }

    public static DoctorSession Open(ValidatedConfig config)
    {
        var opened = new Dictionary<string, HsmConnection>(StringComparer.Ordinal);
        var hsmProblems = new Dictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<(string Name, HsmSettings Settings, PinSource Pin)> definitions = config.Hsms.Count > 0
            ? config.Hsms.Values.Select(d => (d.Name, d.Settings, d.Pin))
            : [(HsmOptionsDefaults.DefaultHsmName, config.Hsm, config.Pin)];
        foreach (var (name, settings, pinSource) in definitions)
        {
            if (Open(settings, pinSource, out var problem) is { } hsm)
            {
                opened.Add(name, hsm);
            }
            else
            {
                hsmProblems.Add(name, problem!);
            }
        }

        var venues = new List<Venue>();
        var problems = new List<string>();
        var resolver = new VenueResolver(HsmSet.Primaries(opened), config.StateDirectory);
        foreach (var definition in config.Venues)
        {
            if (!opened.ContainsKey(definition.HsmName))
            {
                // Reported once, as that HSM's login failure.
                continue;
            }

            try
            {
                venues.AddRange(resolver.Resolve([definition], NullLogger.Instance).All);
            }
            catch (ConfigException ex)
            {
                problems.AddRange(ex.Errors);
            }
        }

        var client = UpstreamClient.Create();
        return new DoctorSession([.. opened.Values], client, new DoctorContext
        {
            Config = config,
            Hsms = opened,
            HsmProblems = hsmProblems,
            Venues = venues,
            VenueProblems = problems,
            Client = client,
        });
    }

    public void Dispose()
    {
        _client.Dispose();
        foreach (var hsm in _hsms)
        {
            hsm.Dispose();
        }
    }

    private static HsmConnection? Open(HsmSettings settings, PinSource pinSource, out string? problem)
    {
        problem = null;
        try
        {
            var pin = pinSource.Read();
            try
            {
                // One session, no session-object copies: the doctor signs a handful of requests.
                return HsmConnection.Open(settings with { SessionCount = 1, SessionKeyCopies = false }, pin);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(pin);
            }
        }
        catch (HsmException ex)
        {
            problem = "hsm: " + ex.Message;
        }
        catch (ConfigException ex)
        {
            problem = string.Join("; ", ex.Errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = "the PIN could not be read: " + ex.GetType().Name;
        }

        return null;
    }
}
