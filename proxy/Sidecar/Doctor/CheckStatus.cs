namespace Sidecar.Doctor;

/// <summary>A posture check's verdict. Ordered from best to worst; the gauge reports the numeric value.</summary>
internal enum CheckStatus
{
    /// <summary>The checklist item holds.</summary>
    Pass = 0,

    /// <summary>It could not be checked (the exchange or the token does not say); never counted as a pass.</summary>
    Unknown = 1,

    /// <summary>Weaker than it should be; a failure under <c>Posture:Strict</c> where the check says so.</summary>
    Warn = 2,

    /// <summary>Must be fixed before going live.</summary>
    Fail = 3,
}

internal static class CheckStatusNames
{
    public static string Name(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Unknown => "unknown",
        CheckStatus.Warn => "warn",
        _ => "fail",
    };
}
