namespace Sidecar.Logging;

/// <summary>
/// The event-id ledger: every log event Sidecar writes, one id each, never reused. Ranges: 1xx start-up and
/// configuration, 2xx proxying (24x the WebSocket relay), 3xx HSM, 4xx admin, 5xx audit, 6xx clock, 7xx posture,
/// 8xx the exchange's limits (80x) and order reconciliation (82x).
/// </summary>
internal static class EventIds
{
    public const int Starting = 100;
    public const int ConfigWarning = 101;
    public const int Listening = 102;
    public const int VenueReady = 103;
    public const int Stopping = 104;

    // 120–139: configuration reload and key rotation.
    public const int ConfigReloaded = 120;
    public const int ConfigReloadRejected = 121;
    public const int ConfigRestartRequired = 122;
    public const int ConfigWatching = 123;
    public const int ConfigReloadWarning = 124;
    public const int ConfigWatchFailed = 125;

    public const int RequestForwarded = 200;
    public const int RequestRefused = 201;
    public const int UpstreamFailed = 202;

    public const int ShutdownDraining = 220;
    public const int ShutdownFinished = 221;

    // 240–259: the WebSocket relay.
    public const int WebSocketOpened = 240;
    public const int WebSocketClosed = 241;
    public const int WebSocketRefused = 242;
    public const int WebSocketHsmFailed = 243;
    public const int WebSocketUpstreamFailed = 244;

    public const int HsmSignFailed = 300;
    public const int HsmConnected = 301;
    public const int HsmKeyResolved = 302;
    public const int HsmStateChanged = 303;
    public const int KeyTooOld = 304;
    public const int HsmOpened = 320;
    public const int HsmPinRejectedAtStart = 321;
    public const int HsmFailoverSwitched = 322;
    public const int HsmSignAbandoned = 324;

    public const int PostureSummary = 700;
    public const int PostureFinding = 701;
    public const int PostureCheckCrashed = 702;
    public const int PostureRecheck = 703;

    public const int AuditWriteFailed = 500;
    public const int AuditRecovered = 501;
    public const int AuditSyncFailed = 502;
    public const int AuditTornLineCut = 503;
    public const int AuditCheckpointFailed = 504;
    public const int AuditCheckpointRecovered = 505;
    public const int AuditExportFailed = 506;

    public const int ClockSynced = 600;
    public const int ClockSyncFailed = 601;
    public const int ClockSkewed = 602;
    public const int ClockOffsetExpired = 603;
    public const int ClockLocal = 604;

    public const int LimitsPublished = 800;
    public const int LimitsReadFailed = 801;

    public const int ReconcileSucceeded = 820;
    public const int ReconcileFailed = 821;
    public const int UnknownOrder = 822;
}
