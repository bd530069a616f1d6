using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// What every scheme does with the values a bot sent in its credential headers, over each venue's
/// <see cref="SchemeConformance.BotValues"/> rows: a well-formed timestamp (or receive window) is kept byte for byte
/// and signed, a malformed one is replaced by Sidecar's clock (or default), nothing sent means Sidecar's, and the key,
/// signature and passphrase the bot sent are always replaced. The signature is checked against the exchange's
/// documented formula over exactly the bytes given to the (in-memory) key, which signs once.
/// </summary>
public sealed class SigningBotValueConformance
{
    public static TheoryData<string, int, string> Rows => SigningConformanceTables.RowsOf(v => v.BotValues);

    public static TheoryData<string> Schemes => SigningConformanceTables.SchemeNames();

    /// <summary>The bot's values line up with the credential headers; the key, parameters, passphrase and nonces are what the venue needs.</summary>
    [Theory]
    [MemberData(nameof(Schemes))]
    public void Declares_its_algorithm_credential_headers_parameters_passphrase_and_nonces(string schemeName)
    {
        Assert.True(SigningSchemes.TryGet(schemeName, out var scheme));
        var declared = SigningConformanceTables.Of(schemeName).Declares!;

        Assert.Equal(declared.Algorithm, scheme.Algorithm);
        Assert.Equal(declared.CredentialHeaders, scheme.CredentialHeaders);
        Assert.Equal(declared.CredentialParameters, scheme.CredentialParameters);
        Assert.Equal(declared.RequiresPassphrase, scheme.RequiresPassphrase);
        Assert.Equal(declared.UsesNonces, scheme.UsesNonces);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_bots_values_are_kept_when_well_formed_and_replaced_otherwise(string schemeName, int row, string request)
    {
        var venue = SigningConformanceTables.Of(schemeName);
        var expected = venue.BotValues[row];
        Assert.Equal(expected.ToString(), request);
        Assert.True(SigningSchemes.TryGet(schemeName, out var scheme));
        var signing = venue.BotValueSigning!;
        var key = new ReferenceHmacKey(signing.Secret, signing.Algorithm);
        var credentials = new VenueCredentials(venue.VenueCredentials.ApiKey, key, venue.VenueCredentials.Passphrase);
        scheme.Prepare(credentials);
        var signsAfterPrepare = key.Signs;
        var sent = expected.Request;
        var (outcome, output) = SigningOutputs.Sign(scheme, credentials, sent.Host.Length > 0 ? sent : sent with { Host = venue.Host }, expected.Now);
        using var disposeOutput = output;

        Assert.Equal(SignOutcome.Signed, outcome);

        var headers = SigningOutputs.Headers(output);

        foreach (var (name, value) in expected.Headers)
        {
            Assert.True(headers.TryGetValue(name, out var actual), $"no {name} header");
            Assert.Equal(value, actual);
        }

        Assert.Equal(expected.SignedText, Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(signing.Reference(expected.SignedText), headers[signing.SignatureHeader]);
        Assert.Equal(signsAfterPrepare + 1, key.Signs);
        foreach (var absent in expected.AbsentHeaders)
        {
            Assert.DoesNotContain(headers.Keys, name => name.StartsWith(absent, StringComparison.Ordinal));
        }
    }
}
