namespace Sidecar.Signing;

/// <summary>
/// One exchange's request-signing algorithm, byte-exact to its documentation. Implementations are stateless and
/// thread-safe; per-request state lives in <see cref="SignedRequest"/>.
/// </summary>
public abstract class SigningScheme
{
    /// <summary>The config value that selects this scheme, e.g. "binance-hmac".</summary>
    public abstract string Name { get; }

    /// <summary>The exchange whose scheme this is (its endpoint table, time endpoint …); set by <see cref="Exchanges"/>.</summary>
    public Exchange Exchange { get; internal set; } = null!;

    public abstract SignatureAlgorithm Algorithm { get; }

    /// <summary>Headers that carry this scheme's credentials. Whatever the bot sent in them is always removed.</summary>
    public abstract IReadOnlyList<string> CredentialHeaders { get; }

    /// <summary>Query/body parameters that carry credentials (e.g. Binance's signature); removed before signing.</summary>
    public virtual IReadOnlyList<string> CredentialParameters => [];

    /// <summary>
    /// Whether the exchange signs a body of this kind; anything else is refused before policy and the HSM.
    /// Default: no body, form bodies and JSON bodies.
    /// </summary>
    public virtual bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Form or BodyFormat.Json;

    /// <summary>True when the venue must name a passphrase object on the token (<c>Venues:*:Passphrase</c>).</summary>
    public virtual bool RequiresPassphrase => false;

    /// <summary>True when the scheme draws nonces from <see cref="VenueCredentials.Nonces"/>.</summary>
    public virtual bool UsesNonces => false;

    /// <summary>
    /// Called once per venue at start-up, after the key and passphrase are resolved: derive what never changes
    /// (e.g. KuCoin's signed passphrase). May call the HSM. Never called per request.
    /// </summary>
    public virtual void Prepare(VenueCredentials credentials)
    {
        credentials.PassphraseHeader = credentials.Passphrase;
    }

    /// <summary>What the request's endpoint needs: from the row the caller looked up, or looked up here.</summary>
    protected EndpointAccess AccessOf(scoped in SigningInput input) =>
        (input.Endpoint ?? Exchange.Endpoints.Find(input.Method, input.Path)).Access;

    /// <summary>
    /// The start every scheme's <see cref="Sign"/> shares: clears <paramref name="output"/> and records what the
    /// endpoint needs. True when the endpoint is public: nothing is signed and the request passes through.
    /// </summary>
    protected bool StartsPublic(scoped in SigningInput input, SignedRequest output)
    {
        output.Reset();
        var access = AccessOf(input);
        output.Access = access;
        return access == EndpointAccess.Public;
    }

    /// <summary>
    /// <see cref="StartsPublic"/> for the venues that sign JSON bodies only: the outcome when the request is not to be
    /// signed (a public endpoint passes through; a form or other body is refused with <paramref name="refusal"/>),
    /// or null when it is.
    /// </summary>
    protected SignOutcome? StartsJsonOnly(scoped in SigningInput input, SignedRequest output, string refusal)
    {
        if (StartsPublic(input, output))
        {
            return SignOutcome.PassThrough;
        }

        return input.BodyFormat is BodyFormat.Form or BodyFormat.Other ? output.Reject(refusal) : null;
    }

    /// <summary>The value the bot sent in one of this scheme's credential headers, or null.</summary>
    public string? BotHeader(scoped in SigningInput input, string name)
    {
        var headers = CredentialHeaders;
        var values = input.CredentialHeaderValues;
        for (var i = 0; i < headers.Count && i < values.Length; i++)
        {
            if (string.Equals(headers[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return values[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Produces the forwarded query, body and headers for <paramref name="input"/>, whose endpoint the caller has
    /// already looked up in the exchange's table (<see cref="SigningInput.Endpoint"/>). Must not allocate on the
    /// managed heap once <paramref name="output"/>'s buffers are warm.
    /// </summary>
    public abstract SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output);
}
