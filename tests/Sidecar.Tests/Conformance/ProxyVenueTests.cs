using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// The base of a venue's own proxy tests (what only that venue does), on the same set-up as its row in
/// <see cref="ProxyConformanceTests"/>: a fresh fake exchange and sidecar for each test.
/// </summary>
/// <typeparam name="TAccount">The venue's account fixture, as its row creates it.</typeparam>
public abstract class ProxyVenueTests<TAccount>(SoftHsmToken token, ProxyVenue venue) : IAsyncLifetime
    where TAccount : class
{
    private ProxyRun _run = null!;

    protected TAccount Account => (TAccount)_run.Account.Inner;

    protected SidecarUnderTest Proxy => _run.Sidecar;

    public async Task InitializeAsync() => _run = await ProxyRun.StartAsync(token, venue);

    public async Task DisposeAsync() => await _run.DisposeAsync();
}
