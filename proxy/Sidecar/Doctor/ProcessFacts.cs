namespace Sidecar.Doctor;

/// <summary>The process facts the checks read. Not sealed: tests substitute a process that is not root.</summary>
internal class ProcessFacts
{
    public static readonly ProcessFacts Current = new();

    public virtual int? Dumpable() => NativeProcess.Dumpable();

    public virtual ulong? CoreLimit() => NativeProcess.CoreLimit();

    public virtual uint EffectiveUid() => NativeProcess.EffectiveUid();
}
