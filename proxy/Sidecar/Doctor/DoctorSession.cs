using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Configuration;
using Sidecar.Hosting;
using Sidecar.Pkcs11;
using Sidecar.Proxy;

namespace Sidecar.Doctor;

/// <summary>
/// What <c>sidecar doctor</c> needs that <c>sidecar run</c> would have: a login to the token and every venue
/// resolved. A token or key that cannot be found is a finding in the report, not an abort.
/// </summary>
internal sealed class DoctorSession : IDisposable
{
    private readonly HsmConnection? _hsm;
    private readonly HttpMessageInvoker _client;

    private DoctorSession(HsmConnection? hsm, HttpMessageInvoker client, DoctorContext context)
    {
        _hsm = hsm;
        _client = client;
        Context = context;
    }

    public DoctorContext Context { get; }

    public static DoctorSession Open(ValidatedConfig config)
    {
        HsmConnection? hsm = null;
        string? hsmProblem = null;
        try
        {
            var pin = config.Pin.Read();
            try
            {
                // One session, no session-object copies: the doctor signs a handful of requests.
                hsm = HsmConnection.Open(config.Hsm with { SessionCount = 1, SessionKeyCopies = false }, pin);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(pin);
            }
        }
        catch (HsmException ex)
        {
            hsmProblem = "hsm: " + ex.Message;
        }
        catch (ConfigException ex)
        {
            hsmProblem = string.Join("; ", ex.Errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            hsmProblem = "the PIN could not be read: " + ex.GetType().Name;
        }

        var venues = new List<Venue>();
        var problems = new List<string>();
        if (hsm is not null)
        {
            var resolver = new VenueResolver(HsmSet.Single(hsm), config.StateDirectory);
            foreach (var definition in config.Venues)
            {
                if (definition.HsmName != HsmOptionsDefaults.DefaultHsmName)
                {
                    problems.Add($"Venues:{definition.Name}: its key is on HSM '{definition.HsmName}'; the doctor checks venues on the default Hsm only");
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
        }

        var client = UpstreamClient.Create();
        return new DoctorSession(hsm, client, new DoctorContext
        {
            Config = config,
            Hsm = hsm,
            HsmProblem = hsmProblem,
            Venues = venues,
            VenueProblems = problems,
            Client = client,
        });
    }

    public void Dispose()
    {
        _client.Dispose();
        _hsm?.Dispose();
    }
}
