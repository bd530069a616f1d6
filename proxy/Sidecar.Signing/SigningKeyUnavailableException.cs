namespace Sidecar.Signing;

/// <summary>
/// Signing failed for a reason outside the request: the HSM refused, hung or went away. Callers must answer
/// 503 and never forward the request unsigned. The message names the key label and the failure, never key bytes.
/// </summary>
public class SigningKeyUnavailableException : Exception
{
    public SigningKeyUnavailableException(string message) : base(message)
    {
    }

    public SigningKeyUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
