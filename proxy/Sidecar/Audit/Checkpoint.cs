using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sidecar.Audit;

/// <summary>
/// A signed statement of the chain's head: the record at <see cref="Sequence"/> hashes to <see cref="Hash"/>, as of
/// <see cref="Time"/>. Signed in the HSM by the audit key, so whoever can rewrite the files still cannot make a
/// checkpoint for a rewritten chain, nor hide a cut tail from the checkpoints kept beside the log (the model: signed
/// tree heads of transparency logs, and CloudTrail's digest files).
/// </summary>
internal sealed record Checkpoint(long Sequence, string Hash, DateTimeOffset Time, string Key, string KeyId, string Algorithm, string Signature)
{
    /// <summary>The first line of every statement: what is signed can never be mistaken for anything else the key signs.</summary>
    public const string Header = "sidecar audit checkpoint v1";

    /// <summary>The bytes that are signed: four lines of text, the header, the sequence number, the hash and the time.</summary>
    public static byte[] Statement(long sequence, string hash, DateTimeOffset time) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Header}\n{sequence}\n{hash}\n{FormatTime(time)}\n"));

    public byte[] Statement() => Statement(Sequence, Hash, Time);

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("seq", Sequence);
        json.WriteString("hash", Hash);
        json.WriteString("time", FormatTime(Time));
        json.WriteString("key", Key);
        json.WriteString("keyId", KeyId);
        json.WriteString("alg", Algorithm);
        json.WriteString("sig", Signature);
        json.WriteEndObject();
    }

    /// <summary>One line of <c>audit.log.checkpoints</c>.</summary>
    public string ToJsonLine()
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a checkpoint object; null when it is not one.</summary>
    public static Checkpoint? Parse(JsonElement element)
    {
        try
        {
            var time = DateTimeOffset.Parse(element.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return new Checkpoint(element.GetProperty("seq").GetInt64(), element.GetProperty("hash").GetString()!, time,
                element.GetProperty("key").GetString()!, element.GetProperty("keyId").GetString()!, element.GetProperty("alg").GetString()!,
                element.GetProperty("sig").GetString()!);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            return null;
        }
    }
}
