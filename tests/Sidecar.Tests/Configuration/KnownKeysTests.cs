using System.Reflection;
using Microsoft.Extensions.Configuration;
using Sidecar.Configuration;

namespace Sidecar.Tests.Configuration;

/// <summary>
/// The known settings come from the options types: every property of every section, at any depth, is a known key,
/// and a misspelt key under any section is reported. The sections are found here by walking the options types, so
/// a section added to an options type but not to KnownKeys fails these tests.
/// </summary>
public sealed class KnownKeysTests
{
    [Fact]
    public void Every_option_property_is_a_known_key()
    {
        var keys = new List<string>();
        Walk(typeof(SidecarOptions), "", insideSameType: false, keys, sections: []);
        var errors = new List<string>();

        KnownKeys.Check(Configuration(keys), errors);

        Assert.Empty(errors);
        Assert.Contains("Hsm:Standby:SignTimeoutMs", keys);
        Assert.Contains("Hsms:entry:Standby:PinFile", keys);
        Assert.Contains("Venues:entry:Policy:OrdersPer10Seconds", keys);
        Assert.Contains("Posture:HardenProcess", keys);
    }

    public static TheoryData<string> EverySection()
    {
        var sections = new List<string>();
        Walk(typeof(SidecarOptions), "", insideSameType: false, keys: [], sections);
        return [.. sections];
    }

    [Theory]
    [MemberData(nameof(EverySection))]
    public void A_misspelt_key_under_any_section_is_reported(string section)
    {
        var errors = new List<string>();

        KnownKeys.Check(Configuration([$"{section}:Nope"]), errors);

        Assert.StartsWith($"unknown setting '{section}:Nope' (known: ", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nope", "unknown setting 'Nope'")]
    [InlineData("hsm:pin", "'hsm:pin' is not allowed: the PIN never goes in the config file; use hsm:PinFile or the SIDECAR_HSM_PIN environment variable")]
    [InlineData("Hsms:cold:Standby:Pin", "'Hsms:cold:Standby:Pin' is not allowed")]
    [InlineData("Hsm:Standby:Standby:Token", "unknown setting 'Hsm:Standby:Standby' (known: Module, Token, PinFile, Sessions, SessionWaitMs, SessionKeyCopies, SignTimeoutMs)")]
    public void Keys_no_option_reads_are_reported(string key, string expected)
    {
        var errors = new List<string>();

        KnownKeys.Check(Configuration([key]), errors);

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("venues:binance:policy:burst")]
    [InlineData("AllowedUids:0")]
    [InlineData("Venues:binance:Hosts:1")]
    [InlineData("Clock:LocalClockVenues:0")]
    public void Keys_are_case_insensitive_and_list_entries_are_not_settings(string key)
    {
        var errors = new List<string>();

        KnownKeys.Check(Configuration([key]), errors);

        Assert.Empty(errors);
    }

    // Every public property becomes a key; a property whose type is an options class (from the sidecar assembly) is
    // a section, walked in turn; a dictionary of them is a section of named entries. A section of its parent's own
    // type (Standby) is walked once: Hsm:Standby:Standby is refused by design.
    private static void Walk(Type type, string prefix, bool insideSameType, List<string> keys, List<string> sections)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix + property.Name;
            var propertyType = property.PropertyType;
            var isDictionary = propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>);
            var sectionType = isDictionary ? propertyType.GetGenericArguments()[1] : propertyType;
            if (!IsOptionsClass(sectionType))
            {
                keys.Add(key);
                continue;
            }

            var sameType = sectionType == type;
            if (sameType && insideSameType)
            {
                continue;
            }

            var sectionPath = isDictionary ? key + ":entry" : key;
            sections.Add(sectionPath);
            Walk(sectionType, sectionPath + ":", sameType, keys, sections);
        }
    }

    private static bool IsOptionsClass(Type type) => type.IsClass && type != typeof(string) && type.Assembly == typeof(SidecarOptions).Assembly;

    private static IConfiguration Configuration(IEnumerable<string> keys) =>
        new ConfigurationBuilder().AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>(k, "1"))).Build();
}
