using Net.Pkcs11Interop.Common;
using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>A PKCS#11 call returned an error. Carries the CKR value for metrics and recovery decisions.</summary>
public sealed class HsmException : SigningKeyUnavailableException
{
    public HsmException(string operation, CKR result, string? detail = null)
        : base(detail is null ? $"{operation} failed: {result}" : $"{operation} failed: {result} ({detail})")
    {
        Operation = operation;
        Result = result;
    }

    public HsmException(string message, Exception innerException) : base(message, innerException)
    {
        Operation = "load";
        Result = CKR.CKR_GENERAL_ERROR;
    }

    public string Operation { get; }

    public CKR Result { get; }

    /// <summary>A wrong or locked PIN: never retried, because real HSMs lock the user out after a few tries.</summary>
    public bool IsPinError => Result is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_INVALID
        or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_EXPIRED;

    internal static void ThrowIfFailed(CKR result, string operation, string? detail = null)
    {
        if (result != CKR.CKR_OK)
        {
            throw new HsmException(operation, result, detail);
        }
    }
}
