namespace Sidecar.Pkcs11;

/// <summary>How to reach the token. The PIN is passed separately, as bytes, and never stored here.</summary>
public sealed record HsmSettings
{
    /// <summary>Path of the vendor's PKCS#11 module (.so).</summary>
    public required string ModulePath { get; init; }

    /// <summary>CKA_LABEL of the token (CK_TOKEN_INFO.label, space-padded on the token).</summary>
    public required string TokenLabel { get; init; }

    /// <summary>Sessions opened for signing; concurrent signs beyond this wait for one.</summary>
    public int SessionCount { get; init; } = 8;

    /// <summary>How long a sign waits for a free session before failing with 503.</summary>
    public TimeSpan SessionWaitTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Sign with a session-object copy of each token key, made inside the HSM with C_CopyObject (CKA_TOKEN false).
    /// SoftHSM2 re-reads and decrypts token objects on every C_SignInit (≈ 31–37 µs); a session object signs in
    /// ≈ 6–11 µs. The copy keeps the original's CKA_SENSITIVE / CKA_EXTRACTABLE, so it never leaves the HSM either.
    /// Falls back to the token object when the HSM refuses the copy (e.g. CKA_COPYABLE false).
    /// </summary>
    public bool SessionKeyCopies { get; init; } = true;

    /// <summary>How this connection is named in audit records, metrics and readiness (e.g. <c>default</c>, <c>default.standby</c>).</summary>
    public string Name { get; init; } = "default";

    /// <summary>
    /// A sign still inside the HSM after this long marks the connection hung: its requests are answered 503 at once
    /// and new signs fail fast until the stuck calls return. See <c>HsmConnection.Watchdog.cs</c>.
    /// </summary>
    public TimeSpan SignTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
