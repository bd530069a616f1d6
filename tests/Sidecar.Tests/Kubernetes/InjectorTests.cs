using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sidecar.Injector;
using Sidecar.Injector.Admission;

namespace Sidecar.Tests.Kubernetes;

/// <summary>
/// The webhook from AdmissionReview v1 JSON in to AdmissionReview JSON out: the exact patch for an annotated pod,
/// that patch applied and the result held to the hardening list, no patch for pods not asking or already
/// injected, and a refusal naming the problem for every annotation or pod that would weaken the sidecar.
/// </summary>
public sealed class InjectorTests
{
    /// <summary>
    /// The whole patch for <see cref="InjectorFixtures.BotPod"/>, in order: remove the service-account token the
    /// ServiceAccount plugin mounted, add the native sidecar, its volumes, the bot's base URL, the fsGroup that
    /// lets the sidecar read the 0440 PIN file, no token, and the status that makes a second pass a no-op.
    /// </summary>
    private const string ExpectedPatch = """
    [
      { "op": "remove", "path": "/spec/containers/0/volumeMounts/1" },
      { "op": "remove", "path": "/spec/volumes/1" },
      { "op": "add", "path": "/spec/initContainers", "value": [
        {
          "command": ["/app/sidecar", "run", "--config", "/etc/sidecar/sidecar.json"],
          "env": [
            { "name": "DOTNET_EnableDiagnostics", "value": "0" },
            { "name": "SIDECAR_Listen", "value": "http://127.0.0.1:8080" },
            { "name": "SIDECAR_Admin", "value": "http://0.0.0.0:9901" },
            { "name": "SIDECAR_Hsm__PinFile", "value": "/run/secrets/hsm/pin" }
          ],
          "image": "ghcr.io/example/sidecar:0.1.0",
          "imagePullPolicy": "IfNotPresent",
          "livenessProbe": { "failureThreshold": 3, "httpGet": { "path": "/healthz", "port": 9901 }, "periodSeconds": 10, "timeoutSeconds": 2 },
          "name": "sidecar",
          "ports": [ { "containerPort": 9901, "name": "sidecar-admin", "protocol": "TCP" } ],
          "readinessProbe": { "failureThreshold": 2, "httpGet": { "path": "/readyz", "port": 9901 }, "periodSeconds": 5, "timeoutSeconds": 2 },
          "resources": { "limits": { "cpu": "1", "memory": "256Mi" }, "requests": { "cpu": "50m", "memory": "96Mi" } },
          "restartPolicy": "Always",
          "securityContext": {
            "allowPrivilegeEscalation": false,
            "capabilities": { "drop": ["ALL"] },
            "privileged": false,
            "readOnlyRootFilesystem": true,
            "runAsGroup": 10001,
            "runAsNonRoot": true,
            "runAsUser": 10001,
            "seccompProfile": { "type": "RuntimeDefault" }
          },
          "startupProbe": { "failureThreshold": 30, "httpGet": { "path": "/healthz", "port": 9901 }, "periodSeconds": 2, "timeoutSeconds": 2 },
          "terminationMessagePolicy": "FallbackToLogsOnError",
          "volumeMounts": [
            { "mountPath": "/etc/sidecar", "name": "sidecar-config", "readOnly": true },
            { "mountPath": "/run/secrets/hsm", "name": "sidecar-hsm-pin", "readOnly": true },
            { "mountPath": "/var/lib/sidecar", "name": "sidecar-state" },
            { "mountPath": "/var/log/sidecar", "name": "sidecar-audit" },
            { "mountPath": "/tmp", "name": "sidecar-tmp" }
          ]
        }
      ] },
      { "op": "add", "path": "/spec/volumes/-", "value": { "configMap": { "name": "sidecar-config" }, "name": "sidecar-config" } },
      { "op": "add", "path": "/spec/volumes/-", "value": { "name": "sidecar-hsm-pin", "secret": { "defaultMode": 288, "items": [ { "key": "pin", "path": "pin" } ], "secretName": "sidecar-hsm-pin" } } },
      { "op": "add", "path": "/spec/volumes/-", "value": { "emptyDir": { "sizeLimit": "16Mi" }, "name": "sidecar-state" } },
      { "op": "add", "path": "/spec/volumes/-", "value": { "emptyDir": { "sizeLimit": "1Gi" }, "name": "sidecar-audit" } },
      { "op": "add", "path": "/spec/volumes/-", "value": { "emptyDir": { "medium": "Memory", "sizeLimit": "16Mi" }, "name": "sidecar-tmp" } },
      { "op": "add", "path": "/spec/containers/0/env/-", "value": { "name": "EXCHANGE_BASE_URL", "value": "http://127.0.0.1:8080/binance" } },
      { "op": "add", "path": "/spec/securityContext/fsGroup", "value": 10001 },
      { "op": "add", "path": "/spec/securityContext/fsGroupChangePolicy", "value": "OnRootMismatch" },
      { "op": "add", "path": "/spec/automountServiceAccountToken", "value": false },
      { "op": "add", "path": "/metadata/annotations/sidecar.signing~1status", "value": "injected" }
    ]
    """;

    // ---- (a) annotated ----------------------------------------------------------------------------------------

    [Fact]
    public void Annotated_pod_is_allowed_with_exactly_the_expected_JSON_patch()
    {
        var answer = InjectorFixtures.Send(InjectorFixtures.Review(InjectorFixtures.BotPod()));

        Assert.Equal("admission.k8s.io/v1", (string?)answer["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)answer["kind"]);
        var response = answer["response"]!;
        Assert.Equal(InjectorFixtures.Uid, (string?)response["uid"]);
        Assert.True((bool)response["allowed"]!);
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        Assert.Null(response["status"]);

        var patch = InjectorFixtures.DecodePatch(answer);
        var expected = JsonNode.Parse(ExpectedPatch)!.AsArray();
        // The order first, readably; then every value.
        Assert.Equal(Paths(expected), Paths(patch));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(expected[i], patch[i]), $"operation {i} differs:\n{patch[i]!.ToJsonString()}");
        }
    }

    [Fact]
    public void The_patch_applied_to_the_pod_gives_a_hardened_pod_that_keeps_the_bot_as_it_was()
    {
        var pod = InjectorFixtures.BotPod();
        var patched = Patched(pod);
        var spec = patched.Spec;

        InjectorHardening.AssertHardened(spec, "sidecar-hsm-pin", "EXCHANGE_BASE_URL", "http://127.0.0.1:8080/binance");
        Assert.Equal("injected", patched.Metadata.Annotations["sidecar.signing/status"]);
        Assert.Equal(["sidecar"], spec.InitContainers.Select(c => c.Name));
        Assert.Equal(["sidecar-config", "sidecar-hsm-pin", "sidecar-state", "sidecar-audit", "sidecar-tmp"],
            Assert.Single(spec.InitContainers).VolumeMounts.Select(m => m.Name));

        // The bot keeps its image, its own env first, its own volume; it loses only the API token.
        var bot = Assert.Single(spec.Containers);
        Assert.Equal("registry.example/bot:1.4.2", bot.Image);
        Assert.Equal(["LOG_LEVEL", "EXCHANGE_BASE_URL"], bot.Env.Select(e => e.Name));
        Assert.Equal(["state"], bot.VolumeMounts.Select(m => m.Name));
        Assert.Equal(["state", "sidecar-config", "sidecar-hsm-pin", "sidecar-state", "sidecar-audit", "sidecar-tmp"], spec.Volumes.Select(v => v.Name));
        Assert.Equal("sidecar-config", spec.Volumes.Single(v => v.Name == "sidecar-config").ConfigMap.Name);
        Assert.Equal(10001, spec.SecurityContext.FsGroup);
    }

    [Theory]
    [InlineData("softhsm")]
    [InlineData("isolated")]
    [InlineData("vendor")]
    public void Every_HSM_mode_gives_a_hardened_pod_where_the_token_stays_in_the_sidecar_containers(string mode)
    {
        var pod = InjectorFixtures.BotPod(a => a["sidecar.signing/hsm-mode"] = mode);
        var spec = Patched(pod).Spec;

        InjectorHardening.AssertHardened(spec, "sidecar-hsm-pin", "EXCHANGE_BASE_URL", "http://127.0.0.1:8080/binance");
        var expectedInit = mode switch
        {
            "softhsm" => new[] { "sidecar-softhsm-token", "sidecar" },
            "isolated" => ["sidecar-softhsm-token", "sidecar-softhsm", "sidecar"],
            _ => ["sidecar"],
        };
        Assert.Equal(expectedInit, spec.InitContainers.Select(c => c.Name));
        var sidecarEnv = spec.InitContainers.Single(c => c.Name == "sidecar").Env.ToDictionary(e => e.Name, e => e.Value);

        // Who holds what: the token archive only in the unpacker, the token directory only in the container that
        // loads SoftHSM2, the socket only in Sidecar and the p11-kit server. The bot holds none of them.
        string[] Holders(string volume) => spec.InitContainers.Concat(spec.Containers)
            .Where(c => (c.VolumeMounts ?? []).Any(m => m.Name == volume)).Select(c => c.Name).ToArray();
        switch (mode)
        {
            case "softhsm":
                Assert.Equal(["sidecar-softhsm-token"], Holders("sidecar-softhsm-token"));
                Assert.Equal(["sidecar-softhsm-token", "sidecar"], Holders("sidecar-softhsm-tokens"));
                Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", sidecarEnv["SIDECAR_Hsm__Module"]);
                Assert.Null(spec.InitContainers[0].RestartPolicy); // a plain init container: runs to completion first
                break;
            case "isolated":
                Assert.Equal(["sidecar-softhsm-token"], Holders("sidecar-softhsm-token"));
                Assert.Equal(["sidecar-softhsm-token", "sidecar-softhsm"], Holders("sidecar-softhsm-tokens"));
                Assert.Equal(["sidecar-softhsm", "sidecar"], Holders("sidecar-p11-kit"));
                Assert.Equal("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so", sidecarEnv["SIDECAR_Hsm__Module"]);
                Assert.Equal("unix:path=/run/p11-kit/pkcs11", sidecarEnv["P11_KIT_SERVER_ADDRESS"]);
                var server = spec.InitContainers[1];
                Assert.Equal("Always", server.RestartPolicy);
                Assert.Equal("ghcr.io/example/sidecar-softhsm:0.1.0", server.Image);
                Assert.Equal("pkcs11:token=sidecar", server.Command[^1]);
                Assert.NotNull(server.StartupProbe?.Exec);
                break;
            default:
                Assert.False(sidecarEnv.ContainsKey("SIDECAR_Hsm__Module"), "vendor mode keeps sidecar.json's module");
                Assert.Empty(Holders("sidecar-softhsm-tokens"));
                break;
        }
    }

    [Fact]
    public void Isolated_mode_on_a_pod_with_init_containers_and_two_containers_inserts_and_adds_lists_where_needed()
    {
        var pod = InjectorFixtures.BotPod(a =>
        {
            a["sidecar.signing/hsm-mode"] = "isolated";
            a["sidecar.signing/hsm-token"] = "bot-a";
            a["sidecar.signing/env-var"] = "BINANCE_URL";
            a["sidecar.signing/config"] = "bot-a-sidecar";
            a["sidecar.signing/pin-secret"] = "bot-a-pin";
            a["sidecar.signing/softhsm-token-secret"] = "bot-a-token";
            a["sidecar.signing/image"] = "ghcr.io/example/sidecar@sha256:" + new string('a', 64);
        });
        var spec = pod["spec"]!.AsObject();
        spec["initContainers"] = JsonNode.Parse("""[ { "name": "migrate", "image": "registry.example/bot:1.4.2", "command": ["/bot", "migrate"] } ]""");
        spec["containers"]!.AsArray().Add(JsonNode.Parse("""{ "name": "metrics", "image": "registry.example/exporter:2" }"""));
        spec.Remove("securityContext");
        spec.Remove("volumes");
        spec["containers"]![0]!["volumeMounts"] = new JsonArray();

        var answer = InjectorFixtures.Send(InjectorFixtures.Review(pod));
        var patch = InjectorFixtures.DecodePatch(answer);

        Assert.Equal(
        [
            "add /spec/initContainers/0",
            "add /spec/initContainers/1",
            "add /spec/initContainers/2",
            "add /spec/volumes",
            "add /spec/containers/0/env/-",
            "add /spec/containers/1/env",
            "add /spec/securityContext",
            "add /spec/automountServiceAccountToken",
            "add /metadata/annotations/sidecar.signing~1status",
        ], Paths(patch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "fsGroup": 10001, "fsGroupChangePolicy": "OnRootMismatch" }"""), patch[6]!["value"]));
        Assert.Equal(
            ["sidecar-config", "sidecar-hsm-pin", "sidecar-state", "sidecar-audit", "sidecar-tmp", "sidecar-softhsm-token", "sidecar-softhsm-tokens", "sidecar-p11-kit"],
            patch[3]!["value"]!.AsArray().Select(v => (string)v!["name"]!));

        var patched = KubernetesJson.Deserialize<V1Pod>(InjectorJsonPatch.Apply(pod, patch).ToJsonString()).Spec;
        InjectorHardening.AssertHardened(patched, "bot-a-pin", "BINANCE_URL", "http://127.0.0.1:8080/binance");
        Assert.Equal(["sidecar-softhsm-token", "sidecar-softhsm", "sidecar", "migrate"], patched.InitContainers.Select(c => c.Name));
        Assert.Equal("bot-a-sidecar", patched.Volumes.Single(v => v.Name == "sidecar-config").ConfigMap.Name);
        Assert.Equal("bot-a-token", patched.Volumes.Single(v => v.Name == "sidecar-softhsm-token").Secret.SecretName);
        Assert.Equal("pkcs11:token=bot-a", patched.InitContainers[1].Command[^1]);
        Assert.Contains(patched.InitContainers[2].Env, e => e.Name == "SIDECAR_Hsm__Token" && e.Value == "bot-a");
        Assert.Equal("ghcr.io/example/sidecar@sha256:" + new string('a', 64), patched.InitContainers[2].Image);
    }

    [Fact]
    public void Without_a_venue_the_bot_gets_the_proxy_root_for_ccxt_proxyUrl()
    {
        var pod = InjectorFixtures.BotPod(a => a.Remove("sidecar.signing/venue"));
        InjectorHardening.AssertHardened(Patched(pod).Spec, "sidecar-hsm-pin", "EXCHANGE_BASE_URL", "http://127.0.0.1:8080/");
    }

    // ---- (b) not annotated, (c) already injected ---------------------------------------------------------------

    [Theory]
    [InlineData("none")]
    [InlineData("false")]
    [InlineData("label-only")]
    public void Pod_not_annotated_is_allowed_without_a_patch(string variant)
    {
        var pod = InjectorFixtures.BotPod(a =>
        {
            a.Remove("sidecar.signing/inject");
            if (variant == "false")
            {
                a["sidecar.signing/inject"] = "false";
            }
        });
        if (variant == "none")
        {
            pod["metadata"]!.AsObject().Remove("annotations");
            pod["metadata"]!["labels"]!.AsObject().Remove("sidecar.signing/inject");
        }

        AssertAllowedUnchanged(InjectorFixtures.Send(InjectorFixtures.Review(pod)));
    }

    [Theory]
    [InlineData("vendor")]
    [InlineData("softhsm")]
    [InlineData("isolated")]
    public void Pod_already_injected_is_allowed_without_a_patch(string mode)
    {
        var pod = InjectorFixtures.BotPod(a => a["sidecar.signing/hsm-mode"] = mode);
        var once = InjectorJsonPatch.Apply(pod, InjectorFixtures.DecodePatch(InjectorFixtures.Send(InjectorFixtures.Review(pod))));

        AssertAllowedUnchanged(InjectorFixtures.Send(InjectorFixtures.Review(once)));
    }

    [Theory]
    [InlineData("UPDATE", "Pod")]
    [InlineData("CREATE", "ConfigMap")]
    public void Anything_but_a_pod_CREATE_is_allowed_untouched(string operation, string kind)
    {
        AssertAllowedUnchanged(InjectorFixtures.Send(InjectorFixtures.Review(InjectorFixtures.BotPod(), operation, kind)));
    }

    // ---- (d) hostile annotations --------------------------------------------------------------------------------

    [Theory]
    [InlineData("sidecar.signing/pin-mount-containers", "sidecar,bot", "pin-mount-containers names 'bot': the HSM PIN is mounted only into the 'sidecar' container")]
    [InlineData("sidecar.signing/image", "ghcr.io/attacker/sidecar:0.1.0", "image 'ghcr.io/attacker/sidecar:0.1.0' (sidecar.signing/image) is not on the injector's allow-list")]
    [InlineData("sidecar.signing/image", "ghcr.io/example/sidecar-evil:0.1.0", "is not on the injector's allow-list")]
    [InlineData("sidecar.signing/image", "ghcr.io/example/sidecar/../evil:1", "is not on the injector's allow-list")]
    [InlineData("sidecar.signing/image", "GHCR.io/example/sidecar:0.1.0", "is not on the injector's allow-list")]
    [InlineData("sidecar.signing/privileged", "true", "annotation sidecar.signing/privileged is refused: a privileged sidecar")]
    [InlineData("sidecar.signing/privileged", "false", "annotation sidecar.signing/privileged is refused")]
    [InlineData("sidecar.signing/allow-privilege-escalation", "true", "allowPrivilegeEscalation: false")]
    [InlineData("sidecar.signing/run-as-root", "true", "the sidecar always runs as a non-root user")]
    [InlineData("sidecar.signing/capabilities", "NET_ADMIN", "drops ALL capabilities")]
    [InlineData("sidecar.signing/read-only-root-filesystem", "false", "root filesystem is always read-only")]
    [InlineData("sidecar.signing/seccomp-profile", "Unconfined", "RuntimeDefault seccomp profile")]
    [InlineData("sidecar.signing/share-process-namespace", "true", "read the sidecar's memory through /proc")]
    [InlineData("sidecar.signing/automount-service-account-token", "true", "could read the PIN Secret through the API")]
    [InlineData("sidecar.signing/enable-diagnostics", "1", "DOTNET_EnableDiagnostics=0")]
    [InlineData("sidecar.signing/listen", "http://0.0.0.0:8080", "the proxy listens on 127.0.0.1:8080 only")]
    [InlineData("sidecar.signing/hardening", "off", "hardening cannot be turned off")]
    [InlineData("sidecar.signing/probes", "none", "probes cannot be turned off")]
    [InlineData("sidecar.signing/pin-mount", "bot", "unknown annotation sidecar.signing/pin-mount; the injector reads")]
    [InlineData("sidecar.signing/hsm-mode", "none", "annotation sidecar.signing/hsm-mode 'none' must be softhsm, isolated or vendor")]
    [InlineData("sidecar.signing/hsm-module", "../../tmp/evil.so", "'../../tmp/evil.so' must be an absolute path to a .so")]
    [InlineData("sidecar.signing/hsm-token", "sidecar,token=other", "applies to sidecar.signing/hsm-mode: isolated only")]
    [InlineData("sidecar.signing/env-var", "SIDECAR_Hsm__PinFile", "uses a prefix Sidecar or .NET reads")]
    [InlineData("sidecar.signing/env-var", "LD_PRELOAD=x", "is not an environment variable name")]
    [InlineData("sidecar.signing/venue", "../admin", "'../admin' is not a venue name")]
    [InlineData("sidecar.signing/pin-secret", "Bad_Name", "'Bad_Name' is not a Secret name")]
    [InlineData("sidecar.signing/status", "skipped", "only \"injected\" is meaningful")]
    [InlineData("sidecar.signing/inject", "yes", "must be \"true\" or \"false\" (got \"yes\")")]
    public void Hostile_annotation_is_refused_with_a_message_naming_it(string key, string value, string expected)
    {
        var pod = InjectorFixtures.BotPod(a => a[key] = value);

        var message = AssertRefused(InjectorFixtures.Send(InjectorFixtures.Review(pod)));

        Assert.StartsWith("sidecar injection refused: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_path_is_taken_in_vendor_mode_only_and_a_token_secret_in_SoftHSM_modes_only()
    {
        var vendor = InjectorFixtures.BotPod(a =>
        {
            a["sidecar.signing/hsm-mode"] = "vendor";
            a["sidecar.signing/hsm-module"] = "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so";
        });
        var sidecar = Patched(vendor).Spec.InitContainers.Single(c => c.Name == "sidecar");
        Assert.Contains(sidecar.Env, e => e.Name == "SIDECAR_Hsm__Module" && e.Value == "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so");

        var softhsm = InjectorFixtures.BotPod(a =>
        {
            a["sidecar.signing/hsm-mode"] = "softhsm";
            a["sidecar.signing/hsm-module"] = "/opt/evil/lib.so";
            a["sidecar.signing/softhsm-token-secret"] = "sidecar-hsm-pin";
        });
        var message = AssertRefused(InjectorFixtures.Send(InjectorFixtures.Review(softhsm)));
        Assert.Contains("sidecar.signing/hsm-module applies to sidecar.signing/hsm-mode: vendor only", message, StringComparison.Ordinal);
        Assert.Contains("the token Secret and the PIN Secret must differ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var pod = InjectorFixtures.BotPod(a =>
        {
            a["sidecar.signing/privileged"] = "true";
            a["sidecar.signing/image"] = "docker.io/library/busybox";
            a["sidecar.signing/pin-mount-containers"] = "bot";
        });
        pod["spec"]!["shareProcessNamespace"] = true;

        var message = AssertRefused(InjectorFixtures.Send(InjectorFixtures.Review(pod)));

        Assert.Contains("sidecar.signing/privileged", message, StringComparison.Ordinal);
        Assert.Contains("'docker.io/library/busybox'", message, StringComparison.Ordinal);
        Assert.Contains("names 'bot'", message, StringComparison.Ordinal);
        Assert.Contains("shareProcessNamespace: true", message, StringComparison.Ordinal);
    }

    // ---- (e) pods that already weaken it --------------------------------------------------------------------------

    [Theory]
    [InlineData("pin-volume-in-bot", "container 'bot' mounts the HSM PIN Secret 'sidecar-hsm-pin' (volume 'pin'); only the 'sidecar' container")]
    [InlineData("pin-projected-in-bot", "container 'bot' mounts the HSM PIN Secret 'sidecar-hsm-pin' (volume 'creds')")]
    [InlineData("pin-env-in-bot", "container 'bot' reads the Secret 'sidecar-hsm-pin' into env HSM_PIN")]
    [InlineData("pin-envfrom-in-init", "initContainer 'setup' loads the Secret 'sidecar-hsm-pin' with envFrom")]
    [InlineData("token-in-bot", "container 'bot' mounts 't', which holds the HSM token or its socket")]
    [InlineData("share-process-namespace", "shareProcessNamespace: true lets the bot read the sidecar's memory")]
    [InlineData("host-pid", "hostPID: true")]
    [InlineData("host-network", "hostNetwork: true")]
    [InlineData("automount-token", "automountServiceAccountToken: true")]
    [InlineData("sidecar-name-taken", "the pod already has a container named 'sidecar' but is not marked sidecar.signing/status: injected")]
    [InlineData("volume-name-taken", "the pod already has a volume named 'sidecar-tmp'")]
    [InlineData("port-taken", "container 'bot' declares port 8080, which the sidecar listens on")]
    [InlineData("env-taken", "container 'bot' already sets EXCHANGE_BASE_URL; remove it or choose another name with sidecar.signing/env-var")]
    [InlineData("marked-but-empty", "marked sidecar.signing/status: injected but has no 'sidecar' init container")]
    public void Pod_that_already_weakens_the_sidecar_is_refused(string variant, string expected)
    {
        var pod = InjectorFixtures.BotPod();
        var spec = pod["spec"]!.AsObject();
        var bot = spec["containers"]![0]!.AsObject();
        switch (variant)
        {
            case "pin-volume-in-bot":
                spec["volumes"]!.AsArray().Add(JsonNode.Parse("""{ "name": "pin", "secret": { "secretName": "sidecar-hsm-pin" } }"""));
                bot["volumeMounts"]!.AsArray().Add(JsonNode.Parse("""{ "name": "pin", "mountPath": "/pin" }"""));
                break;
            case "pin-projected-in-bot":
                spec["volumes"]!.AsArray().Add(JsonNode.Parse("""{ "name": "creds", "projected": { "sources": [ { "configMap": { "name": "x" } }, { "secret": { "name": "sidecar-hsm-pin" } } ] } }"""));
                bot["volumeMounts"]!.AsArray().Add(JsonNode.Parse("""{ "name": "creds", "mountPath": "/creds" }"""));
                break;
            case "pin-env-in-bot":
                bot["env"]!.AsArray().Add(JsonNode.Parse("""{ "name": "HSM_PIN", "valueFrom": { "secretKeyRef": { "name": "sidecar-hsm-pin", "key": "pin" } } }"""));
                break;
            case "pin-envfrom-in-init":
                spec["initContainers"] = JsonNode.Parse("""[ { "name": "setup", "image": "x", "envFrom": [ { "secretRef": { "name": "sidecar-hsm-pin" } } ] } ]""");
                break;
            case "token-in-bot":
                pod["metadata"]!["annotations"]!["sidecar.signing/hsm-mode"] = "softhsm";
                pod["metadata"]!["annotations"]!["sidecar.signing/softhsm-token-secret"] = "bot-token";
                spec["volumes"]!.AsArray().Add(JsonNode.Parse("""{ "name": "t", "secret": { "secretName": "bot-token" } }"""));
                bot["volumeMounts"]!.AsArray().Add(JsonNode.Parse("""{ "name": "t", "mountPath": "/t" }"""));
                break;
            case "share-process-namespace":
                spec["shareProcessNamespace"] = true;
                break;
            case "host-pid":
                spec["hostPID"] = true;
                break;
            case "host-network":
                spec["hostNetwork"] = true;
                break;
            case "automount-token":
                spec["automountServiceAccountToken"] = true;
                break;
            case "sidecar-name-taken":
                spec["containers"]!.AsArray().Add(JsonNode.Parse("""{ "name": "sidecar", "image": "ghcr.io/example/sidecar:0.1.0" }"""));
                break;
            case "volume-name-taken":
                spec["volumes"]!.AsArray().Add(JsonNode.Parse("""{ "name": "sidecar-tmp", "emptyDir": {} }"""));
                break;
            case "port-taken":
                bot["ports"] = JsonNode.Parse("""[ { "containerPort": 8080 } ]""");
                break;
            case "env-taken":
                bot["env"]!.AsArray().Add(JsonNode.Parse("""{ "name": "EXCHANGE_BASE_URL", "value": "https://api.binance.com" }"""));
                break;
            case "marked-but-empty":
                pod["metadata"]!["annotations"]!["sidecar.signing/status"] = "injected";
                break;
        }

        var message = AssertRefused(InjectorFixtures.Send(InjectorFixtures.Review(pod)));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Injected_pod_that_mounts_the_PIN_into_the_bot_afterwards_is_refused_on_reinvocation()
    {
        // reinvocationPolicy: IfNeeded calls the webhook again after later webhooks changed the pod.
        var pod = InjectorFixtures.BotPod();
        var injected = InjectorJsonPatch.Apply(pod, InjectorFixtures.DecodePatch(InjectorFixtures.Send(InjectorFixtures.Review(pod))));
        injected["spec"]!["containers"]![0]!["volumeMounts"]!.AsArray().Add(JsonNode.Parse("""{ "name": "sidecar-hsm-pin", "mountPath": "/pin" }"""));

        var message = AssertRefused(InjectorFixtures.Send(InjectorFixtures.Review(injected)));

        Assert.Contains("container 'bot' mounts the HSM PIN Secret 'sidecar-hsm-pin' (volume 'sidecar-hsm-pin')", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image", "the pod is marked sidecar.signing/status: injected but its 'sidecar' image 'docker.io/attacker/pin-reader:1' is not on the injector's allow-list")]
    [InlineData("privileged", "its 'sidecar' container is not hardened")]
    [InlineData("restart", "the 'sidecar' init container must have restartPolicy: Always")]
    public void Pod_marked_injected_by_hand_with_a_sidecar_the_injector_would_not_make_is_refused(string variant, string expected)
    {
        var pod = InjectorFixtures.BotPod();
        var injected = InjectorJsonPatch.Apply(pod, InjectorFixtures.DecodePatch(InjectorFixtures.Send(InjectorFixtures.Review(pod))));
        var sidecar = injected["spec"]!["initContainers"]![0]!.AsObject();
        switch (variant)
        {
            case "image":
                sidecar["image"] = "docker.io/attacker/pin-reader:1";
                break;
            case "privileged":
                sidecar["securityContext"]!["privileged"] = true;
                break;
            case "restart":
                sidecar.Remove("restartPolicy");
                break;
        }

        Assert.Contains(expected, AssertRefused(InjectorFixtures.Send(InjectorFixtures.Review(injected))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_review_that_is_not_AdmissionReview_v1_is_an_error_not_an_answer()
    {
        var handler = new AdmissionHandler(InjectorFixtures.Options());
        var v1beta1 = InjectorFixtures.Review(InjectorFixtures.BotPod());
        v1beta1["apiVersion"] = "admission.k8s.io/v1beta1";
        var noUid = InjectorFixtures.Review(InjectorFixtures.BotPod());
        noUid["request"]!.AsObject().Remove("uid");

        Assert.Contains("admissionReviewVersions: [v1]", Assert.Throws<AdmissionFormatException>(() => handler.Handle(v1beta1.ToJsonString(), out _, out _)).Message, StringComparison.Ordinal);
        Assert.Contains("no uid", Assert.Throws<AdmissionFormatException>(() => handler.Handle(noUid.ToJsonString(), out _, out _)).Message, StringComparison.Ordinal);
        Assert.Throws<AdmissionFormatException>(() => handler.Handle("{not json", out _, out _));
    }

    // ---- options ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("ghcr.io/example/sidecar:0.1.0", true)]
    [InlineData("ghcr.io/example/sidecar", true)]
    [InlineData("ghcr.io/example/sidecar@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("ghcr.io/example/sidecar-evil:0.1.0", false)]
    [InlineData("ghcr.io/example/sidecar/evil:0.1.0", false)]
    [InlineData("ghcr.io/example:sidecar", false)]
    [InlineData("evil.io/ghcr.io/example/sidecar:1", false)]
    [InlineData("ghcr.io/example/sidecar:0.1.0 ", false)]
    [InlineData("ghcr.io/example/sidecar@sha256:short", false)]
    [InlineData("registry.internal:5000/sidecar/sidecar:1", true)]
    [InlineData("registry.internal:5000/other:1", false)]
    public void Images_are_allowed_by_exact_repository_or_by_a_prefix_ending_in_a_slash(string image, bool allowed)
    {
        Assert.Equal(allowed, ImageReference.IsAllowed(image, ["ghcr.io/example/sidecar", "registry.internal:5000/sidecar/"]));
    }

    [Fact]
    public void Default_options_are_valid_and_bad_ones_are_all_reported()
    {
        Assert.Empty(new InjectorOptions().Validate());

        var bad = new InjectorOptions
        {
            AllowedImages = ["ghcr.io/example/sidecar:latest"],
            DefaultImage = "docker.io/library/busybox",
            DefaultHsmMode = "cloud",
            RunAsUser = 0,
            MemoryLimit = "lots",
        };
        var problems = bad.Validate();
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("AllowedImages entry 'ghcr.io/example/sidecar:latest'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("MemoryLimit 'lots'", StringComparison.Ordinal));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static V1Pod Patched(JsonObject pod)
    {
        var answer = InjectorFixtures.Send(InjectorFixtures.Review(pod));
        Assert.True((bool)answer["response"]!["allowed"]!, answer["response"]!["status"]?.ToJsonString());
        var applied = InjectorJsonPatch.Apply(pod, InjectorFixtures.DecodePatch(answer));
        return KubernetesJson.Deserialize<V1Pod>(applied.ToJsonString());
    }

    private static void AssertAllowedUnchanged(JsonObject answer)
    {
        var response = answer["response"]!.AsObject();
        Assert.Equal(InjectorFixtures.Uid, (string?)response["uid"]);
        Assert.True((bool)response["allowed"]!);
        Assert.False(response.ContainsKey("patch"), "no patch");
        Assert.False(response.ContainsKey("patchType"), "no patchType");
        Assert.False(response.ContainsKey("status"), "no status");
    }

    private static string AssertRefused(JsonObject answer)
    {
        var response = answer["response"]!.AsObject();
        Assert.Equal(InjectorFixtures.Uid, (string?)response["uid"]);
        Assert.False((bool)response["allowed"]!);
        Assert.False(response.ContainsKey("patch"), "a refusal carries no patch");
        Assert.Equal(403, (int)response["status"]!["code"]!);
        Assert.Equal("Forbidden", (string?)response["status"]!["reason"]);
        return (string)response["status"]!["message"]!;
    }

    private static List<string> Paths(JsonArray patch) => patch.Select(o => $"{(string)o!["op"]!} {(string)o["path"]!}").ToList();
}
