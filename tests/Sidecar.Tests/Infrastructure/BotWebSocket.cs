using System.Net.WebSockets;
using System.Text;

namespace Sidecar.Tests.Infrastructure;

/// <summary>A bot's end of a relayed WebSocket, as the relay tests drive it: whole text messages out and in.</summary>
internal static class BotWebSocket
{
    public static Task SendTextAsync(WebSocket bot, string text) =>
        bot.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next whole message, within 20 s; a close instead fails the test.</summary>
    public static async Task<string> ReceiveTextAsync(WebSocket bot)
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await bot.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            filled += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
        return Encoding.UTF8.GetString(buffer, 0, filled);
    }
}
