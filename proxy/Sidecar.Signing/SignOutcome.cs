namespace Sidecar.Signing;

public enum SignOutcome
{
    /// <summary>Forward the original query and body untouched, with the scheme's headers.</summary>
    PassThrough,

    /// <summary>The query and/or body were rewritten and signed; forward <see cref="SignedRequest"/>'s bytes.</summary>
    Signed,

    /// <summary>The request cannot be signed as sent; <see cref="SignedRequest.Error"/> says why. Nothing is forwarded.</summary>
    Rejected,
}
