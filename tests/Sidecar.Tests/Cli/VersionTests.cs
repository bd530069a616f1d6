using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Cli;

/// <summary><c>sidecar --version</c> on its own or before a command: the version, never the usage text.</summary>
public sealed class VersionTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("run --version")]
    public async Task Version_prints_one_line_and_exits_0(string args)
    {
        var result = await SidecarProcess.RunAsync(null, args.Split(' '));

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^sidecar \d+\.\d+\.\d+\S*\r?\n$", result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
