namespace Sidecar.Signing;

/// <summary>
/// A signature written by an <see cref="ISigningKey"/>: its length, and the name of the HSM that made it (a key on a
/// primary/standby pair may be signed by either), for the audit record.
/// </summary>
public readonly record struct SignResult(int Length, string Signer);
