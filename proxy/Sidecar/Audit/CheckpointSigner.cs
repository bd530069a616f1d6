using Sidecar.Configuration;
using Sidecar.Pkcs11;
using Sidecar.Signing;

namespace Sidecar.Audit;

/// <summary>
/// The audit key (<c>Audit:CheckpointKey</c>): an Ed25519 or P-256 key pair generated in the HSM
/// (<c>sidecar keys generate --type ed25519</c>), never extractable. It signs checkpoints and nothing else; its
/// public key (<c>sidecar keys public</c>) is all a verifier needs.
/// </summary>
internal sealed class CheckpointSigner
{
    private readonly ISigningKey _key;
    private readonly TimeProvider _clock;

    private CheckpointSigner(ISigningKey key, string algorithm, string keyId, TimeProvider clock)
    {
        _key = key;
        Algorithm = algorithm;
        KeyId = keyId;
        _clock = clock;
    }

    public string Label => _key.Label;

    /// <summary><c>ed25519</c> or <c>ec-p256</c> (ECDSA over SHA-256, r‖s).</summary>
    public string Algorithm { get; }

    /// <summary>The first 8 bytes (hex) of the SHA-256 of the public key's SubjectPublicKeyInfo: names the key in each checkpoint.</summary>
    public string KeyId { get; }

    /// <summary>Finds the key pair on the token; the problem, as a configuration error, when it is missing or not a key pair.</summary>
    /// <exception cref="ConfigException">No such key pair, or an HMAC key.</exception>
    public static CheckpointSigner Resolve(HsmConnection hsm, string label, TimeProvider clock)
    {
        var setting = $"{nameof(SidecarOptions.Audit)}:{nameof(AuditOptions.CheckpointKey)}";
        var info = hsm.FindKey(label)
            ?? throw new ConfigException([$"{setting} '{label}' is not on token '{hsm.TokenLabel}': create it with `sidecar keys generate --label {label} --type ed25519`"]);
        if (!KeyTypes.TryParse(info.Type, out var type) || type == KeyType.Hmac)
        {
            throw new ConfigException([$"{setting} '{label}' is an {info.Type} key; checkpoints are signed with an ed25519 or ec-p256 key pair (`sidecar keys generate`)"]);
        }

        string pem;
        try
        {
            pem = hsm.PublicKeyPem(label);
        }
        catch (HsmKeyException ex)
        {
            throw new ConfigException([$"{setting} '{label}': {ex.Message}"]);
        }

        var algorithm = type == KeyType.Ed25519 ? SignatureAlgorithm.Ed25519 : SignatureAlgorithm.EcdsaP256Sha256;
        var key = hsm.ResolveSigningKey(label, algorithm);
        return new CheckpointSigner(key, KeyTypes.Name(type), CheckpointVerifier.KeyIdOf(pem), clock);
    }

    /// <summary>Signs the head (<paramref name="sequence"/>, <paramref name="hash"/>) as of now.</summary>
    /// <exception cref="SigningKeyUnavailableException">The HSM could not sign.</exception>
    public Checkpoint Sign(long sequence, ReadOnlySpan<byte> hash)
    {
        // Milliseconds, as the statement writes the time: the parsed checkpoint must give back the signed bytes.
        var ticks = _clock.GetUtcNow().UtcTicks;
        var time = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var hex = Convert.ToHexStringLower(hash);
        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var result = _key.Sign(Checkpoint.Statement(sequence, hex, time), signature);
        return new Checkpoint(sequence, hex, time, Label, KeyId, Algorithm, Convert.ToBase64String(signature[..result.Length]));
    }
}
