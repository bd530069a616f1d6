using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Sidecar.Tests.Infrastructure;

/// <summary>A throwaway Ed25519 key made in the test process (BouncyCastle), for clients that sign themselves.</summary>
internal sealed class Ed25519TestKey
{
    // RFC 8410 §7: PrivateKeyInfo v0, algorithm id-Ed25519 (1.3.101.112), the 32-byte seed as an OCTET STRING. ccxt
    // reads the seed as the last 32 bytes of this 48-byte DER, so the optional public key must not be appended.
    private static readonly byte[] Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");

    private readonly Ed25519PrivateKeyParameters _privateKey;

    private Ed25519TestKey(Ed25519PrivateKeyParameters privateKey) => _privateKey = privateKey;

    /// <summary>The raw 32-byte public key (what Binance registers).</summary>
    public byte[] PublicKey => _privateKey.GeneratePublicKey().GetEncoded();

    /// <summary>The private key as <c>-----BEGIN PRIVATE KEY-----</c> PKCS#8 PEM.</summary>
    public string Pem => "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String([.. Pkcs8Prefix, .. _privateKey.GetEncoded()]) + "\n-----END PRIVATE KEY-----\n";

    public static Ed25519TestKey Generate() => new(new Ed25519PrivateKeyParameters(new SecureRandom()));

    /// <summary>base64(Ed25519(message)), as Binance's Ed25519 keys sign.</summary>
    public string Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _privateKey);
        signer.BlockUpdate(message, 0, message.Length);
        return Convert.ToBase64String(signer.GenerateSignature());
    }
}
