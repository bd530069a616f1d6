using System.Text.Json.Nodes;

namespace Sidecar.Tests.Kubernetes;

/// <summary>
/// A small RFC 6902 applier (add, remove, replace, test) over System.Text.Json.Nodes, written from the RFC, so the
/// tests apply the webhook's patch to the pod as the API server would and look at the result.
/// </summary>
internal static class InjectorJsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray patch)
    {
        var result = document.DeepClone();
        foreach (var operation in patch)
        {
            var op = (string)operation!["op"]!;
            var path = (string)operation["path"]!;
            switch (op)
            {
                case "add":
                    result = Add(result, path, operation["value"]!.DeepClone());
                    break;
                case "remove":
                    Remove(result, path);
                    break;
                case "replace":
                    Remove(result, path);
                    result = Add(result, path, operation["value"]!.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(result, path), operation["value"]))
                    {
                        throw new InvalidOperationException($"test failed at {path}");
                    }

                    break;
                default:
                    throw new NotSupportedException($"op '{op}' is not used by the injector");
            }
        }

        return result;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode value)
    {
        if (path.Length == 0)
        {
            return value; // Replaces the whole document.
        }

        var (parent, token) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value; // RFC 6902 4.1: an existing member is replaced.
                break;
            case JsonArray array when token == "-":
                array.Add(value);
                break;
            case JsonArray array:
                var index = Index(token, array.Count, allowEnd: true);
                array.Insert(index, value);
                break;
            default:
                throw new InvalidOperationException($"cannot add at {path}: the parent is not a container");
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var (parent, token) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(token):
                obj.Remove(token);
                break;
            case JsonArray array:
                array.RemoveAt(Index(token, array.Count, allowEnd: false));
                break;
            default:
                throw new InvalidOperationException($"cannot remove {path}: it does not exist");
        }
    }

    private static (JsonNode Parent, string Token) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        var parent = document;
        foreach (var token in tokens[..^1])
        {
            parent = Step(parent, token) ?? throw new InvalidOperationException($"path {path}: '{token}' does not exist");
        }

        return (parent, tokens[^1]);
    }

    private static JsonNode? Resolve(JsonNode document, string path)
    {
        var node = document;
        foreach (var token in Tokens(path))
        {
            node = Step(node!, token) ?? throw new InvalidOperationException($"path {path}: '{token}' does not exist");
        }

        return node;
    }

    private static JsonNode? Step(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
        JsonArray array => array[Index(token, array.Count, allowEnd: false)],
        _ => null,
    };

    private static string[] Tokens(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new InvalidOperationException($"'{path}' is not a JSON pointer");
        }

        // RFC 6901: ~1 is '/', then ~0 is '~'.
        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static int Index(string token, int count, bool allowEnd)
    {
        if (!int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            || (token.Length > 1 && token[0] == '0') || index > count || (!allowEnd && index == count))
        {
            throw new InvalidOperationException($"array index '{token}' is out of range (count {count})");
        }

        return index;
    }
}
