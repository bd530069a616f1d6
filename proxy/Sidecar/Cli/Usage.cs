namespace Sidecar.Cli;

internal static class Usage
{
    public const string Text = """
        sidecar — signs trading-bot requests inside an HSM and forwards them to the exchange.

        Usage:
          sidecar run --config FILE
              Serve: the proxy listener (Listen) and the admin listener (Admin: /healthz, /readyz, /metrics). Changes to
              FILE's Venues and Keys are applied while running (the file is watched; SIGHUP reloads it too); an
              invalid file is rejected and the running configuration stays.

          sidecar doctor --config FILE [--json]
              The go-live checklist, checked for real, per venue: the key's permissions as the exchange reports
              them (withdrawals, IP allow-list, transfers), the key object on the token, its age, TLS to the
              upstream, the policy, secrets in the config, the PIN file's mode, listeners, core dumps, root, the
              .NET diagnostics port. Pass / warn / fail with a reason and the fix. Exit 0 no failure, 1 failures,
              2 usage or configuration error.

          sidecar keys import --config FILE --label LABEL --type hmac|ec-p256|ed25519|passphrase
                              [--encoding utf8|base64] [--replace]
              Store a secret read from standard input on the token: an HMAC secret (--encoding base64 for
              Kraken and Coinbase Exchange secrets: the decoded bytes are stored), a PEM private key (Coinbase
              CDP keys), or an API passphrase (OKX, KuCoin, Coinbase Exchange). Keys are sensitive,
              non-extractable and sign-only. Nothing of the secret is echoed or logged.

          sidecar keys generate --config FILE --label LABEL --type ec-p256|ed25519 [--replace]
              Generate a key pair inside the HSM (never extractable) and print its public key (PEM) to
              register with the exchange. `sidecar keys public --config FILE --label LABEL` prints it again.

          sidecar keys rotate --config FILE --venue VENUE --label NEWLABEL [--api-key ID] [--encoding utf8|base64]
              Put a new key on the venue's HSM (its Hsm setting; an HMAC secret goes on that HSM's standby too) —
              an HMAC venue's new secret is read from standard input; Ed25519 and P-256 venues get a key pair
              generated in the HSM (public key printed) — then point
              Venues:VENUE:Key (and ApiKey, with --api-key) at it in FILE, replaced atomically. A running sidecar
              picks the change up by itself. Prints the steps left (register at the exchange, delete the old key).

          sidecar keys delete --config FILE --label LABEL
              Delete every object with that label (key, public key, metadata, passphrase). Refused while a venue
              in FILE still uses it.

          sidecar keys list --config FILE [--json]
              Key labels, types, creation dates, and whether their attributes meet Sidecar's rules.

          sidecar audit verify FILE [--public-key PEMFILE]
              Check the audit log's hash chain across FILE and its rotated files (FILE.1, FILE.2, …) and, with the
              audit key's public key (`sidecar keys public --label AUDITKEY`), its signed checkpoints (in the log and
              in FILE.checkpoints): an edited, removed or reordered record, a rewritten chain, a cut tail, a missing
              file. Names the first bad line; a line torn by a crash is reported, not counted as tampering. Exit 0
              intact, 1 not intact (or no log), 2 usage error.

          sidecar audit show FILE [--venue VENUE] [--since TIME|30m|2h|7d] [--decision DECISION] [--json]
              The records as a table (each intent with the exchange's answer), or JSON lines with --json.

          sidecar audit tail FILE [--lines N] [--follow] [--json]
              The last N records (20), one row each; --follow prints new ones as they are written.

          sidecar hsm init-token --module PATH --token LABEL
              Development tokens (SoftHSM2): initialise a token in a free slot. Reads the SO PIN (line 1) and
              the user PIN (line 2) from standard input.

        The other keys commands take --hsm NAME to work on the Hsms entry NAME instead of the Hsm section, and
        --hsm NAME.standby (or default.standby) for a standby, which needs its own copy of each key.
        The HSM PIN comes from Hsm:PinFile or the SIDECAR_HSM_PIN environment variable, never from arguments.
        sidecar --version prints the version; sidecar --help prints this text.
        Exit codes: 0 ok, 2 usage or configuration error, 1 any other failure.
        """;
}
