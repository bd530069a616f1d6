using Sidecar.Signing;

namespace Sidecar.Tests.Signing;

/// <summary>
/// The scheme list is written out (a Native AOT build keeps no type it cannot see being created); every concrete
/// scheme class in the signing assembly must be on it, once.
/// </summary>
public sealed class SigningSchemesTests
{
    public static TheoryData<string> SchemeClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(SigningScheme).Assembly.GetTypes())
        {
            if (type.IsSubclassOf(typeof(SigningScheme)) && !type.IsAbstract)
            {
                data.Add(type.FullName!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchemeClasses))]
    public void Every_scheme_class_is_listed_once(string className)
    {
        var listed = 0;
        foreach (var name in SigningSchemes.Names)
        {
            Assert.True(SigningSchemes.TryGet(name, out var scheme));
            if (scheme.GetType().FullName == className)
            {
                listed++;
            }
        }

        Assert.True(listed == 1, $"{className} is listed {listed} times in SigningSchemes; add it to the list in SigningSchemes.Create");
    }

    [Fact]
    public void Names_are_unique_and_resolve_to_their_scheme()
    {
        var names = SigningSchemes.Names.ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var name in names)
        {
            Assert.True(SigningSchemes.TryGet(name, out var scheme));
            Assert.Equal(name, scheme.Name);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Binance-HMAC")]
    [InlineData("binance")]
    public void Unknown_names_resolve_to_nothing(string? name) => Assert.False(SigningSchemes.TryGet(name, out _));
}
