namespace Sidecar.Doctor;

/// <summary>A check of the sidecar as a whole: its configuration, its PIN file, its process.</summary>
internal interface IPostureCheck
{
    IEnumerable<CheckResult> Run(DoctorContext context);
}
