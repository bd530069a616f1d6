namespace Sidecar.Signing;

/// <summary>
/// Headers a scheme sets on the forwarded request. A fixed number of reusable slots: constant values (the API key)
/// are referenced, computed values (signatures, timestamps) are copied into per-slot buffers, so filling them
/// allocates nothing once warm.
/// </summary>
public sealed class SignedHeaders : IDisposable
{
    /// <summary>The most headers any scheme sets (OKX/KuCoin/Coinbase set five).</summary>
    public const int Capacity = 8;

    private readonly string[] _names = new string[Capacity];
    private readonly string?[] _constants = new string?[Capacity];
    private readonly ByteBuilder?[] _computed = new ByteBuilder?[Capacity];

    public int Count { get; private set; }

    public string NameAt(int index) => _names[CheckIndex(index)];

    /// <summary>The value when it was set from a string; null when it was computed (see <see cref="ComputedValueAt"/>).</summary>
    public string? ConstantValueAt(int index) => _constants[CheckIndex(index)];

    /// <summary>ASCII bytes of a computed value.</summary>
    public ReadOnlySpan<byte> ComputedValueAt(int index) => _computed[CheckIndex(index)]!.WrittenSpan;

    public void Clear() => Count = 0;

    public void Add(string name, string value)
    {
        var slot = NextSlot(name);
        _constants[slot] = value;
    }

    public void Add(string name, ReadOnlySpan<byte> asciiValue)
    {
        var slot = NextSlot(name);
        _constants[slot] = null;
        var builder = _computed[slot] ??= new ByteBuilder(128);
        builder.Clear();
        builder.Append(asciiValue);
    }

    public void Dispose()
    {
        foreach (var builder in _computed)
        {
            builder?.Dispose();
        }
    }

    private int NextSlot(string name)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException("A scheme set more headers than SignedHeaders.Capacity.");
        }

        _names[Count] = name;
        return Count++;
    }

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return index;
    }
}
