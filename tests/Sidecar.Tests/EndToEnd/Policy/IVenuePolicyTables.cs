namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// The theory tables a <see cref="VenuePolicyTests{TSelf, TAccount}"/> venue states. Static abstract, because xunit 2
/// looks a <c>[MemberData]</c> member up on the type that declares the test method (the base), not on the concrete
/// test class: the base reads these through its <c>TSelf</c>.
/// </summary>
public interface IVenuePolicyTables
{
    /// <summary>
    /// Raw request targets for the withdrawal endpoint, as the docs spell it and then respelled, each with the status
    /// and <c>X-Sidecar-Error</c> code it must get.
    /// </summary>
    static abstract TheoryData<string, int, string> WithdrawalSpellings { get; }

    /// <summary>Orders outside the guarded venue's policy, each with the rule its refusal must name.</summary>
    static abstract TheoryData<string, string> GuardViolations { get; }
}
