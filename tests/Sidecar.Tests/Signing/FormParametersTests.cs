using System.Text;
using Sidecar.Signing;

namespace Sidecar.Tests.Signing;

public sealed class FormParametersTests
{
    [Theory]
    [InlineData("a=1&b=2", "a", true)]
    [InlineData("a=1&b=2", "b", true)]
    [InlineData("ab=1", "a", false)]
    [InlineData("a", "a", true)]
    [InlineData("", "a", false)]
    [InlineData("x=a", "a", false)]
    public void Contains_matches_whole_raw_names(string form, string name, bool expected) =>
        Assert.Equal(expected, FormParameters.Contains(Encoding.ASCII.GetBytes(form), Encoding.ASCII.GetBytes(name)));

    [Theory]
    [InlineData("a=1&s=2&b=3", "a=1&b=3")]
    [InlineData("s=2", "")]
    [InlineData("s=1&s=2&a=%20", "a=%20")]
    [InlineData("a=1&&b=2", "a=1&&b=2")]
    public void CopyWithout_keeps_every_other_byte(string form, string expected)
    {
        using var builder = new ByteBuilder(4);
        FormParameters.CopyWithout(Encoding.ASCII.GetBytes(form), "s"u8, builder);
        Assert.Equal(expected, Encoding.ASCII.GetString(builder.WrittenSpan));
    }

    [Fact]
    public void Append_formats_numbers_without_separators()
    {
        using var builder = new ByteBuilder(1);
        FormParameters.Append(builder, "timestamp"u8, 1499827319559);
        FormParameters.Append(builder, "signature"u8, "ab"u8);
        Assert.Equal("timestamp=1499827319559&signature=ab", Encoding.ASCII.GetString(builder.WrittenSpan));
    }
}
