using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sidecar.Alerts;

/// <summary>
/// The webhook payload's serializer, generated at compile time: the reflection-based default needs code generated
/// at run time, which a Native AOT build does not have. The payload is a <see cref="JsonObject"/>, written as is.
/// </summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
