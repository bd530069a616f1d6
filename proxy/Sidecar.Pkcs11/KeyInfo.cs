using Net.Pkcs11Interop.Common;

namespace Sidecar.Pkcs11;

/// <summary>What <c>sidecar keys list</c> shows about one key object. Never holds key bytes.</summary>
public sealed record KeyInfo
{
    public required string Label { get; init; }

    /// <summary>"hmac", "ec-p256", "ed25519" or the raw CKK name.</summary>
    public required string Type { get; init; }

    public required CKO ObjectClass { get; init; }

    public bool? Token { get; init; }
    public bool? Private { get; init; }
    public bool? Sensitive { get; init; }
    public bool? Extractable { get; init; }
    public bool? Sign { get; init; }
    public bool? Verify { get; init; }
    public bool? Encrypt { get; init; }
    public bool? Decrypt { get; init; }
    public bool? Wrap { get; init; }
    public bool? Unwrap { get; init; }
    public bool? Derive { get; init; }
    public bool? Local { get; init; }
    public bool? NeverExtractable { get; init; }

    /// <summary>CKA_START_DATE, set by <c>keys import</c>; null when the token has none.</summary>
    public DateOnly? Created { get; init; }

    /// <summary>Every rule the key breaks; empty when it is fit to sign with.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    public bool MeetsRules => Problems.Count == 0;

    internal static IReadOnlyList<string> Check(KeyInfo key)
    {
        var problems = new List<string>();
        Require(problems, key.Token, true, "CKA_TOKEN must be true (a session object vanishes at logout)");
        Require(problems, key.Private, true, "CKA_PRIVATE must be true");
        Require(problems, key.Sensitive, true, "CKA_SENSITIVE must be true");
        Require(problems, key.Extractable, false, "CKA_EXTRACTABLE must be false");
        Require(problems, key.Sign, true, "CKA_SIGN must be true");
        Require(problems, key.Encrypt, false, "CKA_ENCRYPT must be false (sign-only)");
        Require(problems, key.Decrypt, false, "CKA_DECRYPT must be false (sign-only)");
        Require(problems, key.Wrap, false, "CKA_WRAP must be false (sign-only)");
        Require(problems, key.Unwrap, false, "CKA_UNWRAP must be false (sign-only)");
        Require(problems, key.Derive, false, "CKA_DERIVE must be false (sign-only)");
        return problems;
    }

    private static void Require(List<string> problems, bool? actual, bool expected, string rule)
    {
        // An attribute the token does not report for this object type (null) is not a violation.
        if (actual is { } value && value != expected)
        {
            problems.Add(rule);
        }
    }
}
