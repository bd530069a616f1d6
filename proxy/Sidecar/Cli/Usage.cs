namespace Sidecar.Cli;

internal static class Usage
{
    public const string Text = """
        sidecar — signs trading-bot requests inside an HSM and forwards them to the exchange.

        Usage:
          sidecar run --config FILE
              Serve: the proxy listener (Listen) and the admin listener (Admin: /healthz, /readyz).

          sidecar keys import --config FILE --label LABEL --type hmac [--encoding utf8|base64] [--replace]
              Store an exchange secret read from standard input as a sensitive, non-extractable, sign-only key
              on the token. Nothing of it is echoed or logged. Use --encoding base64 for secrets the exchange
              hands out in base64 (Kraken, Coinbase Exchange): the decoded bytes are stored.

          sidecar keys list --config FILE [--json]
              Key labels, types, creation dates, and whether their attributes meet Sidecar's rules.

          sidecar hsm init-token --module PATH --token LABEL
              Development tokens (SoftHSM2): initialise a token in a free slot. Reads the SO PIN (line 1) and
              the user PIN (line 2) from standard input.

        The HSM PIN comes from Hsm:PinFile or the SIDECAR_HSM_PIN environment variable, never from arguments.
        Exit codes: 0 ok, 2 usage or configuration error, 1 any other failure.
        """;
}
