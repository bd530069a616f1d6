using Sidecar.Pkcs11;
using Sidecar.Proxy;

namespace Sidecar.Doctor.Checks;

/// <summary>
/// The venue's key object on the token: sensitive, non-extractable, sign-only (no encrypt, decrypt, wrap, unwrap,
/// derive). An attribute the token will not report (SoftHSM2 refuses some on private objects) is unknown, named
/// with the PKCS#11 result. CKA_MODIFIABLE true is a warning of its own: PKCS#11 lets sensitive and extractable
/// only tighten, but a logged-in process could still turn usage flags such as decrypt on. Sidecar's own signing keys
/// are modifiable on purpose (see HsmConnection.PrivateKeyTemplate), so this stays a warning, never a failure.
/// </summary>
internal sealed class KeyProtectionCheck : IVenueCheck
{
    public Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        var label = venue.Credentials.Key.Label;
        var posture = context.HsmOf(venue)?.ReadKeyPosture(label);
        if (posture is null)
        {
            return Task.FromResult<IReadOnlyList<CheckResult>>([new CheckResult("key.protection", venue.Name, CheckStatus.Fail, $"no key labelled '{label}' on the token", "sidecar keys list")]);
        }

        var broken = new List<string>();
        var unknown = new List<string>();
        Expect(posture.Sensitive, true, "CKA_SENSITIVE", broken, unknown);
        Expect(posture.Extractable, false, "CKA_EXTRACTABLE", broken, unknown);
        Expect(posture.Sign, true, "CKA_SIGN", broken, unknown);
        Expect(posture.Decrypt, false, "CKA_DECRYPT", broken, unknown);
        if (!posture.IsPrivateKey)
        {
            // PKCS#11 defines CKA_ENCRYPT and CKA_WRAP for secret and public keys only; private keys have neither.
            Expect(posture.Encrypt, false, "CKA_ENCRYPT", broken, unknown);
            Expect(posture.Wrap, false, "CKA_WRAP", broken, unknown);
        }

        Expect(posture.Unwrap, false, "CKA_UNWRAP", broken, unknown);
        Expect(posture.Derive, false, "CKA_DERIVE", broken, unknown);

        var results = new List<CheckResult>();
        if (broken.Count > 0)
        {
            results.Add(new CheckResult("key.protection", venue.Name, CheckStatus.Fail, $"key '{label}': {string.Join(", ", broken)}",
                "re-import the secret with sidecar keys import --replace (sensitive, non-extractable, sign-only), then rotate it at the exchange if it was ever extractable"));
        }
        else if (unknown.Count > 0)
        {
            results.Add(new CheckResult("key.protection", venue.Name, CheckStatus.Unknown, $"key '{label}': the token does not report {string.Join(", ", unknown)}",
                "check the key's attributes with the HSM vendor's tools"));
        }
        else
        {
            results.Add(CheckResult.Pass("key.protection", venue.Name, $"key '{label}' is sensitive, non-extractable and sign-only"));
        }

        if (posture.Objects > 1)
        {
            results.Add(new CheckResult("key.protection", venue.Name, CheckStatus.Fail, $"{posture.Objects} key objects are labelled '{label}'", "delete the extra objects; labels must be unique"));
        }

        results.Add(posture.Modifiable.Value switch
        {
            false => CheckResult.Pass("key.modifiable", venue.Name, $"key '{label}' is not modifiable (CKA_MODIFIABLE false)"),
            true => new CheckResult("key.modifiable", venue.Name, CheckStatus.Warn, $"key '{label}' is modifiable (CKA_MODIFIABLE true): a logged-in process could enable more uses",
                "only a process logged in with the user PIN can change it: keep the PIN file readable by Sidecar alone. `sidecar keys` leaves signing keys modifiable because SoftHSM2 cannot copy a non-modifiable key into the faster session object; a key created with CKA_MODIFIABLE false also works (signing with the token object)"),
            null => new CheckResult("key.modifiable", venue.Name, CheckStatus.Unknown, $"key '{label}': the token does not report CKA_MODIFIABLE ({posture.Modifiable.Problem})"),
        });
        return Task.FromResult<IReadOnlyList<CheckResult>>(results);
    }

    private static void Expect(AttributeReading reading, bool expected, string name, List<string> broken, List<string> unknown)
    {
        if (reading.Value is { } value)
        {
            if (value != expected)
            {
                broken.Add($"{name} is {(value ? "true" : "false")}");
            }
        }
        else
        {
            unknown.Add($"{name} ({reading.Problem})");
        }
    }
}
