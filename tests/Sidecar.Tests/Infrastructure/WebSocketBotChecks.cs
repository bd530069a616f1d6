using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;

namespace Sidecar.Tests.Infrastructure;

/// <summary>What every ccxt pro bot run through Sidecar to a login-frame exchange's fake must show.</summary>
internal static class WebSocketBotChecks
{
    /// <summary>
    /// The bot passed <paramref name="steps"/>; the fake answered every WebSocket frame with success and none carried
    /// a placeholder; every REST call was accepted with a valid signature or none; Sidecar's output names no secret.
    /// </summary>
    public static void Passed(CcxtBot.Result result, IReadOnlyList<string> steps, IReadOnlyList<RecordedFrame> frames,
        IReadOnlyList<ExchangeRequest> requests, string output, params string[] secrets)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(steps, result.Steps);
        Assert.All(frames, f => Assert.True(f.Code == "0", $"{f.Path} {f.Op} → {f.Code}"));
        Assert.DoesNotContain(frames, f => f.Frame.Contains("placeholder", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.True(r.Status == 200 && r.Signature is not (SignatureCheck.Invalid or SignatureCheck.Missing), $"{r.Method} {r.Path} → {r.Status} ({r.Signature})"));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }
}
