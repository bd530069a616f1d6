using Net.Pkcs11Interop.Common;

namespace Sidecar.Pkcs11;

/// <summary>One boolean attribute as the token reported it: its value, or why it could not be read.</summary>
public readonly record struct AttributeReading(bool? Value, CKR Result)
{
    /// <summary>The token answered with a value.</summary>
    public bool Known => Value is not null;

    /// <summary>Why there is no value, e.g. "CKR_ATTRIBUTE_SENSITIVE"; null when the value is known.</summary>
    public string? Problem => Value is null ? Result.ToString() : null;
}

/// <summary>
/// The security-relevant attributes of a signing key object, read for <c>sidecar doctor</c>. Every attribute is
/// reported with the PKCS#11 result behind it: SoftHSM2 refuses some attributes of private objects
/// (CKR_ATTRIBUTE_SENSITIVE, CKR_ATTRIBUTE_TYPE_INVALID), and the doctor reports those as unknown rather than
/// guessing. Never holds key bytes.
/// </summary>
public sealed record KeyPosture
{
    public required string Label { get; init; }

    /// <summary>How many key objects carry the label; the checks below describe the first one.</summary>
    public required int Objects { get; init; }

    /// <summary>A private key (asymmetric); false for a secret key (HMAC).</summary>
    public required bool IsPrivateKey { get; init; }

    public required AttributeReading Sensitive { get; init; }
    public required AttributeReading Extractable { get; init; }
    public required AttributeReading AlwaysSensitive { get; init; }
    public required AttributeReading NeverExtractable { get; init; }
    public required AttributeReading Local { get; init; }
    public required AttributeReading Modifiable { get; init; }
    public required AttributeReading Sign { get; init; }
    public required AttributeReading Encrypt { get; init; }
    public required AttributeReading Decrypt { get; init; }
    public required AttributeReading Wrap { get; init; }
    public required AttributeReading Unwrap { get; init; }
    public required AttributeReading Derive { get; init; }

    /// <summary>"generated" or "imported" as recorded by Sidecar beside the key when it was created; null when unrecorded.</summary>
    public string? RecordedOrigin { get; init; }

    /// <summary>The creation date (CKA_START_DATE, or Sidecar's metadata object); null when unknown.</summary>
    public DateOnly? Created { get; init; }
}
