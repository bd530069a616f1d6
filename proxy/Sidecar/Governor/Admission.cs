namespace Sidecar.Governor;

/// <summary>
/// What the governor admitted a request against, for reading the exchange's answer to it: when (in the exchange's
/// time, to tell an answer about an earlier window) and which budget the exchange's unnamed headers report.
/// </summary>
internal readonly record struct Admission(long AdmittedAtMs, Budget? Reported);
