using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Sidecar.Audit;
using Sidecar.Pkcs11;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Audit;

/// <summary>
/// Checkpoints signed in the HSM by the audit key, and <c>sidecar audit verify --public-key</c> against every kind of
/// tampering: an edited line, a deleted line, a cut tail, a chain rewritten whole and consistently, a forged
/// checkpoint, a deleted rotated file, a deleted log; and a line torn by a crash, which is reported, not tampering.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed partial class AuditCheckpointTests(SoftHsmToken token) : IAsyncLifetime
{
    private BinanceAccount _account = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _account = await BinanceAccount.CreateAsync(token);
        _directory = Directory.CreateTempSubdirectory("sidecar-audit-checkpoints-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _account.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(KeyType.Ed25519)]
    [InlineData(KeyType.EcP256)]
    public async Task A_checkpoint_signed_by_the_audit_key_in_the_HSM_ends_the_log_and_verifies_with_its_public_key(KeyType type)
    {
        var (path, publicKey) = await WriteLogAsync(type, requests: 3);

        var records = Records(path);
        var checkpoint = records[^1];
        Assert.Equal("checkpoint", checkpoint.GetProperty("decision").GetString());
        var signed = checkpoint.GetProperty("checkpoint");

        // Made at shutdown, of the head as it was: the last request's answered record.
        Assert.Equal(records[^2].GetProperty("seq").GetInt64(), signed.GetProperty("seq").GetInt64());
        Assert.Equal(Sha256(File.ReadAllLines(path)[^2]), signed.GetProperty("hash").GetString());
        Assert.Equal(KeyTypes.Name(type), signed.GetProperty("alg").GetString());

        // Beside the log too, the same statement.
        var beside = JsonDocument.Parse(Assert.Single(File.ReadAllLines(path + ".checkpoints"))).RootElement;
        Assert.Equal(signed.GetProperty("sig").GetString(), beside.GetProperty("sig").GetString());

        if (type == KeyType.Ed25519)
        {
            // An independent Ed25519 implementation agrees with the one `audit verify` uses (the system's OpenSSL).
            var verifier = new Ed25519Signer();
            verifier.Init(forSigning: false, new Ed25519PublicKeyParameters(PublicKeys.Ed25519FromPem(File.ReadAllText(publicKey))));
            var statement = Encoding.ASCII.GetBytes($"sidecar audit checkpoint v1\n{signed.GetProperty("seq").GetInt64()}\n{signed.GetProperty("hash").GetString()}\n{signed.GetProperty("time").GetString()}\n");
            verifier.BlockUpdate(statement, 0, statement.Length);
            Assert.True(verifier.VerifySignature(Convert.FromBase64String(signed.GetProperty("sig").GetString()!)));
        }

        var verify = await VerifyAsync(path, publicKey);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.Contains("ok: 7 records in 1 file, chain intact", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("checkpoints: 2 verified", verify.Stdout, StringComparison.Ordinal); // in the log and beside it
    }

    public enum Tampering
    {
        EditLine,
        DeleteLine,
        CutTail,
        RewriteChainConsistently,
        RewriteChainAndRemoveCheckpoints,
        ForgeCheckpoint,
        DeleteRotatedFile,
        DeleteLog,
    }

    [Theory]
    [InlineData(Tampering.EditLine, "the previous record's hash does not match")]
    [InlineData(Tampering.DeleteLine, "a record is missing or out of order")]
    [InlineData(Tampering.CutTail, "cut tail")]
    [InlineData(Tampering.RewriteChainConsistently, "rewritten")]
    [InlineData(Tampering.RewriteChainAndRemoveCheckpoints, "rewritten")]
    [InlineData(Tampering.ForgeCheckpoint, "signature does not verify")]
    [InlineData(Tampering.DeleteRotatedFile, "missing")]
    [InlineData(Tampering.DeleteLog, "the log was deleted")]
    public async Task Each_kind_of_tampering_is_caught_and_named(Tampering tampering, string reason)
    {
        var (path, publicKey) = await WriteLogAsync(KeyType.Ed25519, requests: 30, maxFileBytes: 4096);
        var files = AuditChain.FilesOf(path);
        Assert.True(files.Count >= 3, $"{files.Count} files");
        var untouched = await VerifyAsync(path, publicKey);
        Assert.True(untouched.ExitCode == 0, untouched.Stderr);

        // A request's record inside the second file, not its last line: its link to the next line is in the same file.
        var middle = File.ReadAllLines(files[1]);
        var target = Enumerable.Range(2, middle.Length - 3).First(i => middle[i].Contains("\"/api/v3/account\"", StringComparison.Ordinal));
        switch (tampering)
        {
            case Tampering.EditLine:
                middle[target] = middle[target].Replace("\"/api/v3/account\"", "\"/api/v3/acc0unt\"", StringComparison.Ordinal);
                await File.WriteAllLinesAsync(files[1], middle);
                break;
            case Tampering.DeleteLine:
                await File.WriteAllLinesAsync(files[1], middle.Where((_, i) => i != target));
                break;
            case Tampering.CutTail:
                // The last requests' records and the shutdown checkpoint removed: the chain that is left is whole.
                CutLast(files, 4);
                Assert.True(LinksHold(files), "what is left is a whole chain");
                break;
            case Tampering.RewriteChainConsistently:
                // Someone who can write the files edits a record and relinks every line after it: the chain holds,
                // and the signed checkpoints cannot be redone without the HSM.
                RewriteFrom(files, 1, target, line => line.Replace("\"/api/v3/account\"", "\"/api/v3/acc0unt\"", StringComparison.Ordinal));
                Assert.True(LinksHold(files), "the rewritten chain is consistent on its own");
                break;
            case Tampering.RewriteChainAndRemoveCheckpoints:
                RewriteFrom(files, 0, 0, line => line.Contains("\"decision\":\"checkpoint\"", StringComparison.Ordinal) ? null : line);
                File.Delete(path + ".checkpoints");
                Assert.True(AuditChain.Verify(path).Ok, "without checkpoints, the rewritten chain passes the chain check");
                reason = "no checkpoint vouches for these records";
                break;
            case Tampering.ForgeCheckpoint:
                // A checkpoint signed by another key.
                using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    var checkpoints = File.ReadAllLines(path + ".checkpoints");
                    var forged = JsonNode.Parse(checkpoints[^1])!.AsObject();
                    forged["sig"] = Convert.ToBase64String(other.SignData(Encoding.ASCII.GetBytes("forged"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
                    checkpoints[^1] = forged.ToJsonString();
                    await File.WriteAllLinesAsync(path + ".checkpoints", checkpoints);
                }

                break;
            case Tampering.DeleteRotatedFile:
                File.Delete(files[1]);
                break;
            default:
                foreach (var file in files)
                {
                    File.Delete(file);
                }

                break;
        }

        var verify = await VerifyAsync(path, publicKey);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("audit log NOT intact at ", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, verify.Stderr, StringComparison.Ordinal);
        if (tampering is Tampering.EditLine or Tampering.DeleteLine)
        {
            // The first bad line, named (1-based): the line after the edited one (its link breaks), or the one now in
            // the removed one's place.
            Assert.Contains($"{files[1]}:{(tampering == Tampering.EditLine ? target + 2 : target + 1)}:", verify.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_line_torn_by_a_crash_is_reported_and_not_taken_for_tampering()
    {
        var (path, publicKey) = await WriteLogAsync(KeyType.Ed25519, requests: 2);
        const string fragment = "{\"seq\":99,\"prev\":\"0123";
        await File.AppendAllTextAsync(path, fragment);

        var verify = await VerifyAsync(path, publicKey);

        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.Contains($"the last line is torn ({fragment.Length} bytes without a newline)", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_public_key_verify_says_the_signatures_were_not_checked()
    {
        var (path, _) = await WriteLogAsync(KeyType.Ed25519, requests: 1);

        var verify = await SidecarProcess.RunAsync(null, "audit", "verify", path);

        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("signatures NOT checked", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_key_must_be_a_key_pair_on_the_token()
    {
        var hmac = TestSecrets.Label("audit-hmac");
        token.ImportHmac(hmac, RandomNumberGenerator.GetBytes(32));
        var config = Config(Path.Combine(_directory, "audit.log"), hmac);

        var missing = await Assert.ThrowsAsync<Sidecar.Configuration.ConfigException>(() => SidecarUnderTest.StartAsync(Config(Path.Combine(_directory, "audit.log"), "no-such-audit-key")));
        var wrongType = await Assert.ThrowsAsync<Sidecar.Configuration.ConfigException>(() => SidecarUnderTest.StartAsync(config));

        Assert.Contains("Audit:CheckpointKey 'no-such-audit-key' is not on token", Assert.Single(missing.Errors), StringComparison.Ordinal);
        Assert.Contains("is an hmac key; checkpoints are signed with an ed25519 or ec-p256 key pair", Assert.Single(wrongType.Errors), StringComparison.Ordinal);
    }

    /// <summary>Runs a sidecar with the audit key, sends <paramref name="requests"/> signed requests, stops it (the shutdown checkpoint).</summary>
    private async Task<(string Path, string PublicKeyFile)> WriteLogAsync(KeyType type, int requests, long maxFileBytes = AuditOptionsDefaults.MaxFileBytes)
    {
        var label = TestSecrets.Label("audit");
        var publicKey = Path.Combine(_directory, label + ".pem");
        await File.WriteAllTextAsync(publicKey, token.GenerateKeyPair(label, type));
        var path = Path.Combine(_directory, label + ".log");
        await using (var sidecar = await SidecarUnderTest.StartAsync(Config(path, label, maxFileBytes)))
        {
            for (var i = 0; i < requests; i++)
            {
                using (await sidecar.Client.GetAsync("/binance/api/v3/account")) { }
            }
        }

        return (path, publicKey);
    }

    private JsonObject Config(string path, string auditKey, long maxFileBytes = AuditOptionsDefaults.MaxFileBytes)
    {
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
        });
        config["Audit"] = new JsonObject { ["Path"] = path, ["CheckpointKey"] = auditKey, ["MaxFileBytes"] = maxFileBytes };
        return config;
    }

    private static Task<SidecarProcess.Result> VerifyAsync(string path, string publicKey) =>
        SidecarProcess.RunAsync(null, "audit", "verify", path, "--public-key", publicKey);

    private static List<JsonElement> Records(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static string Sha256(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));

    /// <summary>Whether every line's seq and prev follow from the line before it (the chain alone, no checkpoint).</summary>
    private static bool LinksHold(IReadOnlyList<string> files)
    {
        string? previous = null;
        long sequence = 0;
        foreach (var line in files.SelectMany(File.ReadAllLines))
        {
            var record = JsonDocument.Parse(line).RootElement;
            if (previous is not null && (record.GetProperty("seq").GetInt64() != sequence + 1 || record.GetProperty("prev").GetString() != previous))
            {
                return false;
            }

            sequence = record.GetProperty("seq").GetInt64();
            previous = Sha256(line);
        }

        return true;
    }

    /// <summary>Removes the last <paramref name="count"/> lines of the log, across files (a file emptied stays, empty).</summary>
    private static void CutLast(IReadOnlyList<string> files, int count)
    {
        for (var f = files.Count - 1; f >= 0 && count > 0; f--)
        {
            var lines = File.ReadAllLines(files[f]);
            var keep = Math.Max(0, lines.Length - count);
            count -= lines.Length - keep;
            File.WriteAllLines(files[f], lines[..keep]);
        }
    }

    /// <summary>
    /// Changes lines from file <paramref name="fileIndex"/>, line <paramref name="lineIndex"/> on (null drops a line), then
    /// renumbers and relinks everything after, as someone who can write the files but has no HSM would.
    /// </summary>
    private static void RewriteFrom(IReadOnlyList<string> files, int fileIndex, int lineIndex, Func<string, string?> change)
    {
        string? previous = null;
        long sequence = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var rewritten = new List<string>();
            var lines = File.ReadAllLines(files[f]);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (previous is null)
                {
                    sequence = JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64();
                }

                if (f > fileIndex || (f == fileIndex && i >= lineIndex))
                {
                    if (change(line) is not { } changed)
                    {
                        continue;
                    }

                    line = SeqAndPrev().Replace(changed, $"{{\"seq\":{sequence},\"prev\":\"{previous ?? AuditChain.Genesis}\"", 1);
                }

                rewritten.Add(line);
                previous = Sha256(line);
                sequence++;
            }

            File.WriteAllLines(files[f], rewritten);
        }
    }

    [GeneratedRegex("^\\{\"seq\":[0-9]+,\"prev\":\"[0-9a-f]{64}\"")]
    private static partial Regex SeqAndPrev();
}
