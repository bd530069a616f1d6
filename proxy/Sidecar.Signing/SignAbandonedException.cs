namespace Sidecar.Signing;

/// <summary>
/// The sign outlived its time-out and its request was already answered (503) by the watchdog: whatever the HSM
/// returned late is discarded, and no other HSM must be tried for it.
/// </summary>
public sealed class SignAbandonedException : SigningKeyUnavailableException
{
    public SignAbandonedException(string message) : base(message)
    {
    }
}
