using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Sidecar.Configuration;

/// <summary>
/// The settings one section of the file may hold: the public properties of the options type it binds to, so each
/// setting name is written once, in its options type. A setting that holds a section of its own (<c>Hsm</c>,
/// <c>Venues:{v}:Policy</c>) is checked against that section's settings too; values and lists are not looked into.
/// </summary>
/// <remarks>
/// Native AOT: <see cref="Of{T}"/> asks the trimmer, through <see cref="DynamicallyAccessedMembersAttribute"/>, to
/// keep the public properties of each options type named here, so reading them at run time is warning-free.
/// </remarks>
internal sealed class KnownSection
{
    private readonly string[] _names;
    private readonly Dictionary<string, KnownSection> _sections;
    private readonly KnownSection? _entry;

    private KnownSection(string[] names, Dictionary<string, KnownSection> sections, KnownSection? entry, bool refusesPin)
    {
        _names = names;
        _sections = sections;
        _entry = entry;
        RefusesPin = refusesPin;
    }

    /// <summary>The setting names, as the options type spells them; empty for a section of named entries.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// A <c>Pin</c> here gets its own error, which says where the PIN goes instead (an HSM section: the PIN is a
    /// secret and never belongs in the file).
    /// </summary>
    public bool RefusesPin { get; }

    /// <summary>The section bound to <typeparamref name="T"/>; <paramref name="sections"/> name its settings that are sections of their own.</summary>
    public static KnownSection Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(params (string Name, KnownSection Section)[] sections)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var names = new string[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            names[i] = properties[i].Name;
        }

        var nested = new Dictionary<string, KnownSection>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, section) in sections)
        {
            if (Array.IndexOf(names, name) < 0)
            {
                throw new ArgumentException($"{typeof(T).Name} has no setting '{name}'", nameof(sections));
            }

            nested.Add(name, section);
        }

        return new KnownSection(names, nested, entry: null, refusesPin: false);
    }

    /// <summary>A dictionary bound from the file (<c>Venues</c>, <c>Hsms</c>): any entry name, each entry a <paramref name="entry"/> section.</summary>
    public static KnownSection EntriesOf(KnownSection entry) => new([], [], entry, refusesPin: false);

    /// <summary>This section without the setting <paramref name="name"/> (a standby has no standby of its own).</summary>
    public KnownSection Without(string name)
    {
        var sections = new Dictionary<string, KnownSection>(_sections, StringComparer.OrdinalIgnoreCase);
        sections.Remove(name);
        return new KnownSection(Array.FindAll(_names, n => n != name), sections, _entry, RefusesPin);
    }

    /// <summary>This section, with <c>Pin</c> refused by its own error (see <see cref="RefusesPin"/>).</summary>
    public KnownSection RefusingPin() => new(_names, _sections, _entry, refusesPin: true);

    /// <summary>Configuration keys are case-insensitive, so <c>venues</c> is <c>Venues</c>.</summary>
    public bool Knows(string key)
    {
        if (_entry is not null)
        {
            return true;
        }

        foreach (var name in _names)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The section the setting <paramref name="key"/> holds, or null for a value or a list.</summary>
    public KnownSection? SectionOf(string key) => _entry ?? _sections.GetValueOrDefault(key);

    /// <summary>Adds an error for each setting under <paramref name="section"/> that no option reads.</summary>
    public void Check(IConfigurationSection section, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            if (RefusesPin && string.Equals(child.Key, "Pin", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"'{child.Path}' is not allowed: the PIN never goes in the config file; use {section.Path}:{nameof(HsmOptions.PinFile)} or the {PinSource.EnvironmentVariable} environment variable");
            }
            else if (!Knows(child.Key))
            {
                errors.Add($"unknown setting '{child.Path}' (known: {string.Join(", ", _names)})");
            }
            else
            {
                SectionOf(child.Key)?.Check(child, errors);
            }
        }
    }
}
