namespace Sidecar.Signing.Policy;

/// <summary>
/// An exchange's endpoints, from its documentation: one row per endpoint or family, each saying what the request
/// needs (<see cref="EndpointAccess"/>), what it does (<see cref="EndpointCategory"/>) and which orders it places.
/// The first matching row wins, so tables list denials (withdrawals, transfers, key management) before broader
/// rows. A request no row covers is <see cref="ExchangeEndpoint.Unlisted"/>: signed, and allowed only by an Allow rule.
/// <para>
/// <see cref="Find"/> runs once per proxied request. It walks a tree of the rows' path segments instead of trying
/// every row (a table holds up to ~200 rows, and an unmatched path would try them all), and allocates nothing.
/// </para>
/// </summary>
public sealed class EndpointTable
{
    /// <summary>Longest literal segment looked up by value; a longer path segment cannot equal any literal.</summary>
    private const int MaxStackSegment = 256;

    private readonly ExchangeEndpoint[] _rows;
    private readonly Node _root = new();

    public EndpointTable(params ExchangeEndpoint[] rows)
    {
        _rows = rows;
        for (var i = 0; i < rows.Length; i++)
        {
            Add(i, rows[i].Pattern.Segments);
        }

        _root.Freeze();
    }

    public IReadOnlyList<ExchangeEndpoint> Rows => _rows;

    public int Count => _rows.Length;

    /// <summary>The first row that matches <paramref name="method"/> and the raw upstream <paramref name="path"/>.</summary>
    public ExchangeEndpoint Find(string method, ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path[0] != (byte)'/')
        {
            return ExchangeEndpoint.Unlisted;
        }

        var best = int.MaxValue;
        Walk(_root, method, path[1..], done: false, ref best);
        return best == int.MaxValue ? ExchangeEndpoint.Unlisted : _rows[best];
    }

    /// <summary>The same answer as <see cref="Find"/> by trying every row in order; the reference the tree is tested against.</summary>
    internal ExchangeEndpoint FindByScan(string method, ReadOnlySpan<byte> path)
    {
        foreach (var row in _rows)
        {
            if (row.Pattern.Matches(method, path))
            {
                return row;
            }
        }

        return ExchangeEndpoint.Unlisted;
    }

    private void Add(int row, ReadOnlySpan<PatternSegment> segments)
    {
        var node = _root;
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Rest:
                    node.AddRest(row);
                    return;
                case SegmentKind.Any:
                    node = node.Any ??= new Node();
                    break;
                case SegmentKind.Prefix:
                    node = node.PrefixChild(segment.Text);
                    break;
                default:
                    node = node.LiteralChild(segment.Text);
                    break;
            }
        }

        node.AddEnd(row);
    }

    private void Walk(Node node, string method, ReadOnlySpan<byte> rest, bool done, ref int best)
    {
        Consider(node.Rests, method, ref best);
        if (done)
        {
            Consider(node.Ends, method, ref best);
            return;
        }

        var slash = rest.IndexOf((byte)'/');
        var segment = slash < 0 ? rest : rest[..slash];
        var nextRest = slash < 0 ? default : rest[(slash + 1)..];
        var nextDone = slash < 0;
        if (node.Literals is { } literals && segment.Length <= MaxStackSegment)
        {
            Span<char> text = stackalloc char[segment.Length];
            for (var i = 0; i < segment.Length; i++)
            {
                text[i] = (char)segment[i];
            }

            if (literals.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var child))
            {
                Walk(child, method, nextRest, nextDone, ref best);
            }
        }

        if (node.Any is { } any && !segment.IsEmpty)
        {
            Walk(any, method, nextRest, nextDone, ref best);
        }

        foreach (var (prefix, child) in node.Prefixes)
        {
            if (new PatternSegment(SegmentKind.Prefix, prefix).Matches(segment))
            {
                Walk(child, method, nextRest, nextDone, ref best);
            }
        }
    }

    private void Consider(int[] rows, string method, ref int best)
    {
        // Rows are in table order: the first whose method matches is this node's best.
        foreach (var row in rows)
        {
            if (row >= best)
            {
                return;
            }

            if (_rows[row].Pattern.AcceptsMethod(method))
            {
                best = row;
                return;
            }
        }
    }

    private sealed class Node
    {
        private List<int>? _ends;
        private List<int>? _rests;
        private List<(string Prefix, Node Node)>? _prefixes;

        public Dictionary<string, Node>? Literals { get; private set; }

        public Node? Any { get; set; }

        public (string Prefix, Node Node)[] Prefixes { get; private set; } = [];

        public int[] Ends { get; private set; } = [];

        public int[] Rests { get; private set; } = [];

        public Node LiteralChild(string text)
        {
            Literals ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!Literals.TryGetValue(text, out var child))
            {
                Literals.Add(text, child = new Node());
            }

            return child;
        }

        public Node PrefixChild(string prefix)
        {
            _prefixes ??= [];
            foreach (var (existing, node) in _prefixes)
            {
                if (existing == prefix)
                {
                    return node;
                }
            }

            var child = new Node();
            _prefixes.Add((prefix, child));
            return child;
        }

        public void AddEnd(int row) => (_ends ??= []).Add(row);

        public void AddRest(int row) => (_rests ??= []).Add(row);

        public void Freeze()
        {
            Ends = _ends is null ? [] : [.. _ends];
            Rests = _rests is null ? [] : [.. _rests];
            Prefixes = _prefixes is null ? [] : [.. _prefixes];
            foreach (var child in Literals?.Values ?? (IEnumerable<Node>)[])
            {
                child.Freeze();
            }

            Any?.Freeze();
            foreach (var (_, child) in Prefixes)
            {
                child.Freeze();
            }
        }
    }
}
