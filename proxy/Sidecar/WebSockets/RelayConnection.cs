using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using Sidecar.Audit;
using Sidecar.Logging;
using Sidecar.Proxy;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Telemetry;

namespace Sidecar.WebSockets;

/// <summary>
/// One bot connection and the one upstream connection opened for it (1:1; Sidecar never reconnects on its own —
/// ccxt does, and sends its auth again). Three loops: the bot's messages, judged and signed, go upstream; the
/// exchange's frames go, unparsed, into <see cref="OutboundFrames"/>; a writer sends that queue to the bot. Either
/// side closing or dropping closes the other with a matching code.
/// </summary>
internal sealed partial class RelayConnection
{
    /// <summary>How long each side gets to answer a close before its socket is aborted.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    /// <summary>The most replies awaited for audit at once; older ones are recorded as unknown when the list is full.</summary>
    private const int MaxPending = 256;

    /// <summary>Upstream frames are relayed as they arrive, a fragment at a time, through a buffer this big.</summary>
    private const int RelayBufferBytes = 16 * 1024;

    private readonly WebSocketRelay _relay;
    private readonly Venue _venue;
    private readonly string _path;
    private readonly WebSocket _bot;
    private readonly WebSocket _upstream;
    private readonly WebSocketSession _session;
    private readonly OutboundFrames _outbound;
    private readonly ClientFrame _frame = new();
    private readonly SignedRequest _signed = new();
    private readonly ByteBuilder _errorFrame = new(256);
    private readonly ByteBuilder _serverRewrite = new(256);

    // The session is called from both readers (the bot's frames, the exchange's replies): one at a time.
    private readonly Lock _sessionLock = new();
    private readonly SemaphoreSlim _upstreamSend = new(1, 1);
    private readonly TaskCompletionSource _closeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Id, string Method, long Intent)> _pending = [];
    private OrderFields? _order;
    private int _closing;
    private WebSocketCloseStatus _botClose;
    private string _botCloseText = "";
    private WebSocketCloseStatus? _upstreamClose;
    private string _upstreamCloseText = "";
    private bool _botNotReading;

    public RelayConnection(WebSocketRelay relay, Venue venue, string path, WebSocket bot, WebSocket upstream)
    {
        _relay = relay;
        _venue = venue;
        _path = path;
        _bot = bot;
        _upstream = upstream;
        _session = venue.Exchange.WebSocket.Open(new WebSocketSessionContext(venue.Scheme, venue.Credentials, path));
        _outbound = new OutboundFrames(relay.Settings.MaxBufferBytes);
    }

    /// <summary>Relays until either side closes, drops or breaks a limit, or Sidecar shuts down (1001).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var onStop = stopping.Register(static state => ((RelayConnection)state!).RequestClose(
            WebSocketCloseStatus.EndpointUnavailable, "sidecar is shutting down", WebSocketCloseStatus.NormalClosure, "sidecar is shutting down"), this);
        var fromBot = Task.Run(ReadBotAsync);
        var fromUpstream = Task.Run(ReadUpstreamAsync);
        var toBot = _outbound.DrainToAsync(_bot);
        _ = toBot.ContinueWith(static (task, state) => ((RelayConnection)state!).RequestClose(
            WebSocketCloseStatus.EndpointUnavailable, "the bot's connection failed", WebSocketCloseStatus.NormalClosure, "the bot went away"),
            this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        await _closeRequested.Task;
        await CloseUpstreamAsync();
        await CloseBotAsync(toBot);
        await Task.WhenAny(Task.WhenAll(fromBot, fromUpstream), Task.Delay(CloseWait));
        _upstream.Abort();
        _bot.Abort();
        _outbound.Discard();
        foreach (var (id, method, intent) in _pending)
        {
            // The connection ended before the exchange answered: whatever it did with the frame is unknown.
            _relay.RecordAnswer(_venue, _path, method, id, intent, status: null, UpstreamFailure.Unknown);
        }

        _signed.Dispose();
        _errorFrame.Dispose();
        _serverRewrite.Dispose();
        _upstreamSend.Dispose();
    }

    /// <summary>Ends the connection: the bot gets <paramref name="botStatus"/>, the upstream <paramref name="upstreamStatus"/> (null: it is gone).</summary>
    private void RequestClose(WebSocketCloseStatus botStatus, string botText, WebSocketCloseStatus? upstreamStatus, string upstreamText)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _botClose = botStatus;
        _botCloseText = botText;
        _upstreamClose = upstreamStatus;
        _upstreamCloseText = upstreamText;
        _closeRequested.TrySetResult();
    }

    private bool Closing => Volatile.Read(ref _closing) != 0;

    private async Task ReadBotAsync()
    {
        var limit = _relay.Settings.MaxMessageBytes;
        var message = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var filled = 0;
            while (true)
            {
                // Once closing, the rest of what the bot sends is read and dropped until its close comes: a socket
                // aborted with unread data resets the connection, and the bot would never see its close code.
                var result = await _bot.ReceiveAsync(message.AsMemory(filled, limit + 1 - filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var closed = _bot.CloseStatus ?? WebSocketCloseStatus.NormalClosure;
                    RequestClose(closed, _bot.CloseStatusDescription ?? "", closed, _bot.CloseStatusDescription ?? "");
                    return;
                }

                if (Closing)
                {
                    filled = 0;
                    continue;
                }

                filled += result.Count;
                if (filled > limit)
                {
                    _relay.CountFrame(_venue.Name, Direction.ToExchange, RequestOutcome.Decisions.Refused);
                    RequestClose(WebSocketCloseStatus.MessageTooBig, $"a message is larger than Limits:MaxWebSocketMessageBytes ({limit} bytes)",
                        WebSocketCloseStatus.NormalClosure, "the bot broke a limit");
                    filled = 0;
                    continue;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                await HandleBotMessageAsync(message.AsMemory(0, filled), result.MessageType);
                filled = 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            RequestClose(WebSocketCloseStatus.EndpointUnavailable, "", WebSocketCloseStatus.EndpointUnavailable, "the bot went away");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private async Task HandleBotMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type)
    {
        if (type == WebSocketMessageType.Binary)
        {
            // Every supported exchange speaks JSON text; a binary frame cannot be judged, so it is never forwarded.
            _relay.CountFrame(_venue.Name, Direction.ToExchange, RequestOutcome.Decisions.Refused);
            RequestClose(WebSocketCloseStatus.InvalidMessageType, "binary frames are not accepted: Sidecar judges and signs JSON text",
                WebSocketCloseStatus.NormalClosure, "the bot broke a limit");
            return;
        }

        if (!Utf8.IsValid(message.Span))
        {
            _relay.CountFrame(_venue.Name, Direction.ToExchange, RequestOutcome.Decisions.Refused);
            RequestClose(WebSocketCloseStatus.InvalidPayloadData, "a text message is not valid UTF-8", WebSocketCloseStatus.NormalClosure, "the bot broke a limit");
            return;
        }

        var verdict = Judge(message.Span);
        if (verdict.Error is { } error)
        {
            Refuse(message.Span, error, verdict.Text!, verdict.Rule);
            return;
        }

        var forward = message;
        if (_frame.Action == FrameAction.Rebuild)
        {
            var signed = Sign(message.Span);
            if (signed is null)
            {
                return;
            }

            forward = signed.Value;
        }

        var signedNow = _frame.Action == FrameAction.Rebuild && _signed.SignedBy is not null;
        if (!signedNow && _frame.Endpoint.Access != EndpointAccess.Public && !RecordForwarded(message.Span))
        {
            return;
        }

        await _upstreamSend.WaitAsync();
        try
        {
            if (_upstream.State == WebSocketState.Open)
            {
                await _upstream.SendAsync(forward, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        finally
        {
            _upstreamSend.Release();
        }

        _relay.CountFrame(_venue.Name, Direction.ToExchange, signedNow ? RequestOutcome.Decisions.Signed : RequestOutcome.Decisions.Forwarded);
    }

    /// <summary>
    /// A frame that acts on the account without a signature of its own (an order on a connection Sidecar logged in, a
    /// token swapped in): its intent record, before it leaves, as a signed one's, and its answer awaited. False (the
    /// bot told why) when the record could not be written and the log fails closed: the frame is not sent.
    /// </summary>
    private bool RecordForwarded(ReadOnlySpan<byte> message) =>
        WriteAhead(message, RequestOutcome.Decisions.Forwarded, signedSha256: null, hsm: null);

    /// <summary>Write-ahead of a frame about to leave: its intent record, and the wait for its answer.</summary>
    private bool WriteAhead(ReadOnlySpan<byte> message, string decision, string? signedSha256, string? hsm)
    {
        if (_relay.Audit is not { } audit)
        {
            return true;
        }

        var id = IdOf(message);
        var method = MethodOf(message);
        var intent = _relay.Record(_venue, _path, method, id, decision, rule: null, _order, signedSha256, hsm);
        if (intent == 0 && audit.FailClosed)
        {
            Refuse(message, FrameError.AuditUnavailable,
                "the audit log cannot be written, so nothing that acts with the venue's key is forwarded (Audit:FailClosed)", ErrorCodes.AuditUnavailable);
            return false;
        }

        if (id is not null && intent != 0)
        {
            Await(id, method, intent);
        }

        return true;
    }

    /// <summary>The frame's method against the venue's policy, order guards and limits; an error when it is refused.</summary>
    private Verdict Judge(ReadOnlySpan<byte> message)
    {
        bool read;
        lock (_sessionLock)
        {
            read = _session.TryRead(message, _frame);
        }

        if (!read)
        {
            return new Verdict(FrameError.BadRequest, _frame.Error, ErrorCodes.BadRequest);
        }

        var endpoint = _frame.Endpoint;
        _order = null;
        if (message[_frame.Method].Length > ClientFrame.MaxMethodBytes)
        {
            // Every session bounds the name it reads; this guards the stack copy below against one that does not.
            return new Verdict(FrameError.BadRequest, $"the method name is longer than {ClientFrame.MaxMethodBytes} bytes", ErrorCodes.BadRequest);
        }

        Span<byte> path = stackalloc byte[message[_frame.Method].Length + 1];
        path[0] = (byte)'/';
        message[_frame.Method].CopyTo(path[1..]);
        var decision = _venue.Policy.Evaluate(WebSocketAdapter.FrameMethod, path, endpoint);
        OrderRead orders = OrderRead.None;
        if (decision.Allowed)
        {
            try
            {
                orders = _frame.OrderJson.Equals(default(Range)) ? OrderRead.None : endpoint.ReadOrders([], message[_frame.OrderJson], BodyFormat.Json);
            }
            catch (FormatException ex)
            {
                return new Verdict(FrameError.BadRequest, "the order cannot be read: " + ex.Message, ErrorCodes.BadRequest);
            }

            _order = orders.Orders.Count > 0 ? orders.Orders[0] : null;
            decision = _venue.Policy.EvaluateOrders(orders);
            if (decision.Allowed && _venue.Limits.Check(endpoint, orders, path, [], [], out _) is { } limited)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds));
                return new Verdict(FrameError.RateLimited, $"venue '{_venue.Name}' is over its {limited.Rule} limit; retry after {seconds} s", limited.Rule);
            }
        }

        if (!decision.Allowed)
        {
            return new Verdict(FrameError.PolicyDenied, $"{decision.Message} (rule: {decision.Rule})", decision.Rule);
        }

        if (_venue.Reconciles)
        {
            // Frames' answers are not read: orders placed over WebSocket are matched by their client order id.
            _venue.Orders.RecordSigned(orders);
        }

        // Fail closed, as over REST: nothing that acts with the venue's key goes out unrecorded.
        if ((_frame.Action == FrameAction.Rebuild || endpoint.Access != EndpointAccess.Public) && _relay.Audit is { FailClosed: true } audit && !audit.CanRecord)
        {
            return new Verdict(FrameError.AuditUnavailable, "the audit log cannot be written, so nothing that acts with the venue's key is forwarded (Audit:FailClosed)", ErrorCodes.AuditUnavailable);
        }

        return default;
    }

    /// <summary>Rebuilds the frame (signed in the HSM, or with a credential swapped in); null (the bot told why) when it cannot be.</summary>
    private ReadOnlyMemory<byte>? Sign(ReadOnlySpan<byte> message)
    {
        using var activity = SidecarTelemetry.Source.StartActivity("sidecar.websocket.sign");
        activity?.SetTag("sidecar.venue", _venue.Name);
        activity?.SetTag("sidecar.key", _venue.Credentials.Key.Label);
        var started = _relay.Clock.GetTimestamp();
        SignOutcome outcome;
        try
        {
            var clock = new FrameClock(_relay.Clock.GetUtcNow().ToUnixTimeMilliseconds() + _venue.Clock.OffsetMilliseconds, _venue.Clock.Restamp);
            lock (_sessionLock)
            {
                outcome = _session.Rewrite(message, _frame, clock, _signed);
            }
        }
        catch (SigningKeyUnavailableException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ErrorCodes.HsmUnavailable);
            Log.HsmFailed(_relay.Logger, _venue.Name, _venue.Credentials.Key.Label, ex.Message);
            SidecarTelemetry.HsmErrors.Add(1, new TagList { { "result", ex is Pkcs11.HsmException hsm ? hsm.Result.ToString() : "unavailable" } });
            Refuse(message, FrameError.HsmUnavailable, $"the HSM could not sign for venue '{_venue.Name}'; nothing was forwarded", null, RequestOutcome.Decisions.Failed);
            return null;
        }

        if (outcome == SignOutcome.Rejected)
        {
            Refuse(message, FrameError.BadRequest, _signed.Error!, ErrorCodes.BadRequest);
            return null;
        }

        var signed = outcome == SignOutcome.Signed;
        if (signed)
        {
            SidecarTelemetry.SignDuration.Record(_relay.Clock.GetElapsedTime(started).TotalMilliseconds, new TagList { { "venue", _venue.Name } });
            _relay.Statistics.CountSign(_venue.Name);

            // Write-ahead: the frame's record is written before its bytes leave Sidecar; the exchange's answer to its id
            // is recorded when it comes. Not written (fail closed): the signature is dropped unused.
            if (_relay.Audit is not null
                && !WriteAhead(message, RequestOutcome.Decisions.Signed, Convert.ToHexStringLower(_signed.SignedBytesSha256), _signed.SignedBy))
            {
                return null;
            }
        }

        return _signed.Body.WrittenMemory;
    }

    /// <summary>Answers a refused frame in the exchange's own envelope, with the bot's id; nothing is forwarded.</summary>
    private void Refuse(ReadOnlySpan<byte> message, FrameError error, string text, string? rule, string decision = RequestOutcome.Decisions.Refused)
    {
        Log.Refused(_relay.Logger, _venue.Name, error.Name, text);
        _relay.CountRefusal(_venue.Name, error, rule);
        if (error != FrameError.AuditUnavailable)
        {
            _relay.Record(_venue, _path, _frame.Method.Equals(default(Range)) ? "?" : MethodOf(message), IdOf(message), decision, rule ?? error.Name, _order, null, null);
        }

        _errorFrame.Clear();
        lock (_sessionLock)
        {
            _session.WriteError(message, _frame, error, text, _errorFrame);
        }

        if (!_outbound.TryAdd(_errorFrame.WrittenSpan, WebSocketMessageType.Text, endOfMessage: true))
        {
            NotReading();
        }

        _relay.CountFrame(_venue.Name, Direction.ToExchange, decision);
    }

    private async Task ReadUpstreamAsync()
    {
        // A session that looks at the exchange's messages (tokens in an auth reply) gets them whole; others are relayed
        // a fragment at a time, unparsed.
        var inspect = _session.InspectsServerMessages;
        var limit = inspect ? (int)Math.Min(_relay.Settings.MaxBufferBytes, int.MaxValue - 1) : RelayBufferBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(inspect ? limit + 1 : RelayBufferBytes);
        try
        {
            var filled = 0;
            while (true)
            {
                var result = await _upstream.ReceiveAsync(buffer.AsMemory(filled, (inspect ? limit + 1 : buffer.Length) - filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var closed = _upstream.CloseStatus ?? WebSocketCloseStatus.NormalClosure;
                    RequestClose(closed, _upstream.CloseStatusDescription ?? "", closed, _upstream.CloseStatusDescription ?? "");
                    return;
                }

                if (Closing)
                {
                    filled = 0;
                    continue;
                }

                if (inspect)
                {
                    filled += result.Count;
                    if (filled > limit)
                    {
                        // Too large to look at whole, so it cannot be relayed: it might carry what the session keeps from the bot.
                        RequestClose(WebSocketCloseStatus.MessageTooBig, "the exchange sent a message larger than Sidecar inspects",
                            WebSocketCloseStatus.MessageTooBig, "message too big");
                        filled = 0;
                        continue;
                    }

                    if (!result.EndOfMessage)
                    {
                        continue;
                    }
                }
                else
                {
                    filled = result.Count;
                }

                var frame = buffer.AsSpan(0, filled);
                filled = 0;
                if (!Relay(frame, result.MessageType, inspect || result.EndOfMessage, inspect))
                {
                    NotReading();
                    return;
                }

                _relay.CountFrame(_venue.Name, Direction.ToBot, RequestOutcome.Decisions.Forwarded);
                if (_pending.Count > 0 && (inspect || (result.EndOfMessage && result.Count < buffer.Length)))
                {
                    ReadReply(frame);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The exchange dropped the connection without a close: 1014 (bad gateway), as a proxy reports it.
            RequestClose((WebSocketCloseStatus)1014, "the exchange's connection dropped", null, "");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Queues one of the exchange's frames for the bot, as it came or as the session rewrote it; false when the bot's buffer is full.</summary>
    private bool Relay(ReadOnlySpan<byte> frame, WebSocketMessageType type, bool endOfMessage, bool whole)
    {
        if (!whole || type != WebSocketMessageType.Text)
        {
            return _outbound.TryAdd(frame, type, endOfMessage);
        }

        ServerFrameAction action;
        _serverRewrite.Clear();
        lock (_sessionLock)
        {
            action = _session.RewriteServerMessage(frame, _serverRewrite);
        }

        return action switch
        {
            ServerFrameAction.Drop => true,
            ServerFrameAction.Rewritten => _outbound.TryAdd(_serverRewrite.WrittenSpan, type, endOfMessage: true),
            _ => _outbound.TryAdd(frame, type, endOfMessage),
        };
    }

    private void ReadReply(ReadOnlySpan<byte> frame)
    {
        ReadOnlySpan<byte> id;
        int status;
        bool reply;
        lock (_sessionLock)
        {
            reply = _session.TryReadReply(frame, out id, out status);
        }

        if (reply)
        {
            Answered(id, status);
        }
    }

    /// <summary>The bot stopped reading and its buffer is full: 1013 (try again later); the exchange's side is closed too.</summary>
    private void NotReading()
    {
        _botNotReading = true;
        RequestClose((WebSocketCloseStatus)1013, $"the bot is not reading: more than Limits:MaxWebSocketBufferBytes ({_relay.Settings.MaxBufferBytes} bytes) waiting",
            WebSocketCloseStatus.NormalClosure, "the bot is not reading");
    }

    private async Task CloseUpstreamAsync()
    {
        if (_upstreamClose is not { } status)
        {
            return;
        }

        await _upstreamSend.WaitAsync();
        try
        {
            if (_upstream.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseWait);
                await _upstream.CloseOutputAsync(status, _upstreamCloseText, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone: nothing more to tell it.
        }
        finally
        {
            _upstreamSend.Release();
        }
    }

    private async Task CloseBotAsync(Task toBot)
    {
        // What is queued for the bot (answers, refusals) goes out before the close; a bot that stopped reading loses
        // what waits, and gets its close once the frame being sent to it goes through (if it ever reads again).
        if (Volatile.Read(ref _botNotReading))
        {
            _outbound.CompleteDroppingQueued();
        }
        else
        {
            _outbound.Complete();
        }

        await Task.WhenAny(toBot, Task.Delay(_botNotReading ? CloseWait * 3 : CloseWait));
        try
        {
            if (_bot.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseWait);
                await _bot.CloseOutputAsync(_botClose, Truncate(_botCloseText), timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The bot went away first, or a send to it is still stuck: it is aborted below.
        }
    }

    /// <summary>Waits for the reply to a signed frame, to record what the exchange answered.</summary>
    private void Await(string id, string method, long intent)
    {
        lock (_pending)
        {
            if (_pending.Count == MaxPending)
            {
                var (oldId, oldMethod, oldIntent) = _pending[0];
                _pending.RemoveAt(0);
                _relay.RecordAnswer(_venue, _path, oldMethod, oldId, oldIntent, status: null, UpstreamFailure.Unknown);
            }

            _pending.Add((id, method, intent));
        }
    }

    private void Answered(ReadOnlySpan<byte> id, int status)
    {
        lock (_pending)
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                if (Matches(_pending[i].Id, id))
                {
                    var (pendingId, method, intent) = _pending[i];
                    _pending.RemoveAt(i);
                    _relay.RecordAnswer(_venue, _path, method, pendingId, intent, status, status >= 500 ? UpstreamFailure.Unknown : "ok");
                    return;
                }
            }
        }
    }

    // Compares without decoding the reply's id into a string: replies arrive for every pending frame.
    private static bool Matches(string pending, ReadOnlySpan<byte> id)
    {
        if (pending.Length != id.Length)
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            if (pending[i] != id[i])
            {
                return false;
            }
        }

        return true;
    }

    private string? IdOf(ReadOnlySpan<byte> message) =>
        _frame.Id.Equals(default(Range)) ? null : Encoding.UTF8.GetString(message[_frame.Id]);

    private string MethodOf(ReadOnlySpan<byte> message) => Encoding.UTF8.GetString(message[_frame.Method]);

    // A close reason is at most 123 bytes (RFC 6455 §5.5: control frames carry 125, two are the code).
    private static string Truncate(string text) => Encoding.UTF8.GetByteCount(text) <= 123 ? text : text[..60];

    private readonly record struct Verdict(FrameError? Error, string? Text, string? Rule);

    private static partial class Log
    {
        [LoggerMessage(EventIds.WebSocketRefused, LogLevel.Warning, "Refused a WebSocket frame on venue {Venue}: {Code}: {Reason}")]
        public static partial void Refused(ILogger logger, string venue, string code, string reason);

        [LoggerMessage(EventIds.WebSocketHsmFailed, LogLevel.Error, "HSM could not sign a WebSocket frame for venue {Venue} with key {KeyLabel}: {Reason}. Nothing was forwarded.")]
        public static partial void HsmFailed(ILogger logger, string venue, string keyLabel, string reason);
    }
}
