namespace Sidecar.Injector;

/// <summary>What to add to one pod, decided from its annotations and the injector's options.</summary>
internal sealed record InjectionPlan
{
    public required string Image { get; init; }

    public required string ConfigMap { get; init; }

    public required string PinSecret { get; init; }

    public required HsmMode Mode { get; init; }

    /// <summary>Vendor mode: the module path that overrides sidecar.json's <c>Hsm:Module</c>; null keeps the file's.</summary>
    public string? HsmModule { get; init; }

    /// <summary>Isolated mode: the token p11-kit serves.</summary>
    public required string HsmToken { get; init; }

    /// <summary>SoftHSM modes: the Secret holding token.tar.</summary>
    public required string TokenSecret { get; init; }

    public string? Venue { get; init; }

    public required string EnvVar { get; init; }

    /// <summary><c>http://127.0.0.1:8080/{venue}</c>, or <c>http://127.0.0.1:8080/</c> (ccxt's proxyUrl) without a venue.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Indexes into <c>spec.containers</c> that get the env var (those that already have it, equal, are skipped).</summary>
    public required IReadOnlyList<int> EnvTargets { get; init; }
}

/// <summary>The planner's answer for one pod.</summary>
internal abstract record PlanDecision
{
    private PlanDecision()
    {
    }

    /// <summary>Allowed unchanged: not asked for, or already injected (and still sound).</summary>
    public sealed record Skip(string Reason) : PlanDecision;

    /// <summary>Refused: every problem found, each naming what is wrong.</summary>
    public sealed record Refuse(IReadOnlyList<string> Problems) : PlanDecision
    {
        public string Message => "sidecar injection refused: " + string.Join("; ", Problems);
    }

    public sealed record Inject(InjectionPlan Plan) : PlanDecision;
}
