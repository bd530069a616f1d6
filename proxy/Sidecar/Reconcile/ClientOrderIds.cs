using System.Security.Cryptography;

namespace Sidecar.Reconcile;

/// <summary>
/// The client order ids Sidecar adds to orders the bot sent without one: <c>Reconcile:ClientOrderIdPrefix</c> and
/// random letters and digits (20 of 36 symbols: 103 bits, never repeated in practice), up to the exchange's length.
/// </summary>
internal static class ClientOrderIds
{
    private const int RandomLength = 20;

    private static readonly char[] Symbols = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();

    public static string New(string prefix, int maxLength)
    {
        var random = Math.Min(RandomLength, maxLength - prefix.Length);
        return prefix + new string(RandomNumberGenerator.GetItems<char>(Symbols, random));
    }
}
