using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>Key pairs generated inside the HSM, imported private keys, and passphrase objects.</summary>
public sealed partial class HsmConnection
{
    /// <summary>Application tag of passphrase objects (CKO_DATA), so they are never mistaken for metadata.</summary>
    internal const string PassphraseApplication = "sidecar passphrase";

    /// <summary>
    /// Generates a key pair inside the HSM: the private key is CKA_LOCAL, sensitive and never extractable.
    /// Returns the public key as SubjectPublicKeyInfo PEM, to register with the exchange.
    /// </summary>
    public string GenerateKeyPair(string label, KeyType type, bool replace)
    {
        if (type == KeyType.Hmac)
        {
            throw new ArgumentException("HMAC secrets are issued by the exchange; import them.", nameof(type));
        }

        lock (_managementLock)
        {
            var existing = ExistingObjects(label, replace);
            var mechanism = CkmUtils.CreateMechanism(type == KeyType.EcP256 ? CKM.CKM_EC_KEY_PAIR_GEN : (CKM)0x1055 /* CKM_EC_EDWARDS_KEY_PAIR_GEN */);
            var publicTemplate = PublicKeyTemplate(label, type, point: null);
            var privateTemplate = PrivateKeyTemplate(label, type, value: null, Today);
            try
            {
                ulong publicKey = 0, privateKey = 0;
                var rv = (CKR)Library.C_GenerateKeyPair(_managementSession, ref mechanism, publicTemplate, (ulong)publicTemplate.Length,
                    privateTemplate, (ulong)privateTemplate.Length, ref publicKey, ref privateKey);
                HsmException.ThrowIfFailed(rv, "C_GenerateKeyPair", label);
            }
            finally
            {
                Attributes.Free(publicTemplate);
                Attributes.Free(privateTemplate);
            }

            CreateMetadata(label, origin: "generated");
            DestroyAll(existing, label);
            return PublicKeyPemLocked(label, type);
        }
    }

    /// <summary>
    /// Imports a private key given as PEM (PKCS#8 "PRIVATE KEY", or SEC1 "EC PRIVATE KEY" for P-256, as Coinbase
    /// hands out CDP keys). Stored sensitive and non-extractable, with its public half beside it.
    /// </summary>
    public string ImportPrivateKey(string label, KeyType type, ReadOnlySpan<char> pem, bool replace)
    {
        var (privateValue, publicPoint) = PrivateKeyPem.Parse(type, pem);
        try
        {
            lock (_managementLock)
            {
                var existing = ExistingObjects(label, replace);
                var privateTemplate = PrivateKeyTemplate(label, type, privateValue, Today);
                try
                {
                    CreateObject(privateTemplate, label);
                }
                finally
                {
                    Attributes.Free(privateTemplate);
                }

                if (publicPoint is not null)
                {
                    var publicTemplate = PublicKeyTemplate(label, type, publicPoint);
                    try
                    {
                        CreateObject(publicTemplate, label);
                    }
                    finally
                    {
                        Attributes.Free(publicTemplate);
                    }
                }

                CreateMetadata(label, origin: "imported");
                DestroyAll(existing, label);
                return publicPoint is null ? "" : PublicKeyPemLocked(label, type);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateValue);
        }
    }

    /// <summary>The public key of a key pair on the token, as SubjectPublicKeyInfo PEM.</summary>
    /// <exception cref="HsmKeyException">No public key object has that label.</exception>
    public string PublicKeyPem(string label)
    {
        lock (_managementLock)
        {
            var info = FindKeyLocked(label) ?? throw new HsmKeyException(label, $"no key labelled '{label}' on token '{TokenLabel}'");
            if (!KeyTypes.TryParse(info.Type, out var type) || type == KeyType.Hmac)
            {
                throw new HsmKeyException(label, $"'{label}' is an {info.Type} key, which has no public key");
            }

            return PublicKeyPemLocked(label, type);
        }
    }

    /// <summary>Stores an API passphrase as a private data object (readable only after login).</summary>
    public void ImportPassphrase(string label, ReadOnlySpan<byte> passphrase, bool replace)
    {
        lock (_managementLock)
        {
            var existing = ExistingObjects(label, replace);
            var template = new[]
            {
                CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_DATA),
                CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
                CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
                CkaUtils.CreateAttribute(CKA.CKA_MODIFIABLE, false),
                CkaUtils.CreateAttribute(CKA.CKA_LABEL, label),
                CkaUtils.CreateAttribute(CKA.CKA_APPLICATION, PassphraseApplication),
                CkaUtils.CreateAttribute(CKA.CKA_VALUE, passphrase.ToArray()),
            };
            try
            {
                CreateObject(template, label);
            }
            finally
            {
                Attributes.Free(template);
            }

            DestroyAll(existing, label);
        }
    }

    /// <summary>Reads a passphrase object. Start-up only: the value is kept by the venue for its headers.</summary>
    /// <exception cref="HsmKeyException">No passphrase object has that label.</exception>
    public string ReadPassphrase(string label)
    {
        lock (_managementLock)
        {
            foreach (var handle in FindObjects(label, CKO.CKO_DATA))
            {
                var values = Attributes.Read(Library, _managementSession, handle, CKA.CKA_APPLICATION, CKA.CKA_VALUE);
                if (Attributes.Utf8(values, CKA.CKA_APPLICATION) == PassphraseApplication && values.GetValueOrDefault(CKA.CKA_VALUE) is { } value)
                {
                    var text = System.Text.Encoding.UTF8.GetString(value);
                    CryptographicOperations.ZeroMemory(value);
                    return text;
                }
            }

            throw new HsmKeyException(label, $"no passphrase labelled '{label}' on token '{TokenLabel}' (import it with `sidecar keys import --type passphrase`)");
        }
    }

    /// <summary>Removes every object with this label: key, public key, metadata, passphrase.</summary>
    /// <returns>How many objects were destroyed.</returns>
    public int DeleteObjects(string label)
    {
        lock (_managementLock)
        {
            var existing = ExistingObjects(label, replace: true);
            DestroyAll(existing, label);
            return existing.Count;
        }
    }

    private List<ulong> ExistingObjects(string label, bool replace)
    {
        var existing = new List<ulong>();
        foreach (var objectClass in (ReadOnlySpan<CKO>)[CKO.CKO_SECRET_KEY, CKO.CKO_PRIVATE_KEY, CKO.CKO_PUBLIC_KEY, CKO.CKO_DATA])
        {
            existing.AddRange(FindObjects(label, objectClass));
        }

        if (existing.Count > 0 && !replace)
        {
            throw new HsmKeyException(label, $"a key labelled '{label}' already exists on token '{TokenLabel}'; pass --replace to overwrite it");
        }

        return existing;
    }

    // The new objects exist before the old ones go, so the label never points at nothing.
    private void DestroyAll(List<ulong> handles, string label)
    {
        foreach (var old in handles)
        {
            HsmException.ThrowIfFailed((CKR)Library.C_DestroyObject(_managementSession, old), "C_DestroyObject", label);
        }
    }

    private void CreateObject(CK_ATTRIBUTE[] template, string label)
    {
        var handle = 0UL;
        HsmException.ThrowIfFailed((CKR)Library.C_CreateObject(_managementSession, template, (ulong)template.Length, ref handle), "C_CreateObject", label);
    }

    private string PublicKeyPemLocked(string label, KeyType type)
    {
        foreach (var handle in FindObjects(label, CKO.CKO_PUBLIC_KEY))
        {
            var point = Attributes.Read(Library, _managementSession, handle, CKA.CKA_EC_POINT).GetValueOrDefault(CKA.CKA_EC_POINT);
            if (point is not null)
            {
                return PublicKeys.ToPem(type, point);
            }
        }

        throw new HsmKeyException(label, $"no public key labelled '{label}' on token '{TokenLabel}'");
    }

    // Signing keys (this and the HMAC secret) are left CKA_MODIFIABLE true, unlike every other object Sidecar
    // creates: SoftHSM2 2.6.1 refuses every template attribute when copying a non-modifiable object
    // (CKR_ATTRIBUTE_READ_ONLY, even CKA_TOKEN false), so no session copy could be made, and signing with the
    // token object is ≈3× slower (bench/RESULTS.md). The doctor's key.modifiable check warns about it.
    private static CK_ATTRIBUTE[] PrivateKeyTemplate(string label, KeyType type, byte[]? value, DateTime today)
    {
        var template = new List<CK_ATTRIBUTE>
        {
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
            CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
            CkaUtils.CreateAttribute(CKA.CKA_SENSITIVE, true),
            CkaUtils.CreateAttribute(CKA.CKA_EXTRACTABLE, false),
            CkaUtils.CreateAttribute(CKA.CKA_SIGN, true),
            CkaUtils.CreateAttribute(CKA.CKA_DECRYPT, false),
            CkaUtils.CreateAttribute(CKA.CKA_UNWRAP, false),
            CkaUtils.CreateAttribute(CKA.CKA_DERIVE, false),
            CkaUtils.CreateAttribute(CKA.CKA_LABEL, label),
            CkaUtils.CreateAttribute(CKA.CKA_START_DATE, today),
        };
        if (value is not null)
        {
            template.Add(CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY));
            template.Add(CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, type == KeyType.EcP256 ? CKK.CKK_EC : Pkcs11V3.CKK_EC_EDWARDS));
            template.Add(CkaUtils.CreateAttribute(CKA.CKA_EC_PARAMS, Parameters(type)));
            template.Add(CkaUtils.CreateAttribute(CKA.CKA_VALUE, value));
        }

        return [.. template];
    }

    // The public half is a readable, unchangeable token object; generation infers its class and type, an import
    // (with its point) states them.
    private static CK_ATTRIBUTE[] PublicKeyTemplate(string label, KeyType type, byte[]? point)
    {
        var template = new List<CK_ATTRIBUTE>();
        if (point is not null)
        {
            template.Add(CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY));
            template.Add(CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, type == KeyType.EcP256 ? CKK.CKK_EC : Pkcs11V3.CKK_EC_EDWARDS));
        }

        template.Add(CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true));
        template.Add(CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, false));
        template.Add(CkaUtils.CreateAttribute(CKA.CKA_MODIFIABLE, false));
        template.Add(CkaUtils.CreateAttribute(CKA.CKA_LABEL, label));
        template.Add(CkaUtils.CreateAttribute(CKA.CKA_VERIFY, true));
        template.Add(CkaUtils.CreateAttribute(CKA.CKA_EC_PARAMS, Parameters(type)));
        if (point is not null)
        {
            template.Add(CkaUtils.CreateAttribute(CKA.CKA_EC_POINT, DerOctetString(point)));
        }

        return [.. template];
    }

    private static byte[] Parameters(KeyType type) => type == KeyType.EcP256 ? KeyTypes.P256Parameters.ToArray() : KeyTypes.Ed25519Parameters.ToArray();

    private static byte[] DerOctetString(byte[] value) => [0x04, (byte)value.Length, .. value];
}
