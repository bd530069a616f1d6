namespace Sidecar.Signing;

/// <summary>What the request body is, decided from its Content-Type by the host.</summary>
public enum BodyFormat
{
    /// <summary>No body (length 0).</summary>
    None,

    /// <summary>application/x-www-form-urlencoded.</summary>
    Form,

    /// <summary>application/json.</summary>
    Json,

    /// <summary>Anything else; schemes refuse what they do not define.</summary>
    Other,
}
