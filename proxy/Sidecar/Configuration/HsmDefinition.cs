using Sidecar.Pkcs11;

namespace Sidecar.Configuration;

/// <summary>One configured HSM (the <c>Hsm</c> section or an <c>Hsms</c> entry), validated, with its optional standby.</summary>
internal sealed record HsmDefinition(string Name, HsmSettings Settings, PinSource Pin, HsmSettings? Standby, PinSource? StandbyPin);
