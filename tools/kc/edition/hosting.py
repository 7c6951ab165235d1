"""Example web-server configurations for a local copy, generated from the site's own policy (csp.py).

The hosting guide places them with `<!-- kc:hosting-nginx -->` and the like, so the Content-Security-Policy
and the list of never-changing asset folders in the examples are always those of the edition they ship in.
"""

from __future__ import annotations

import base64

from kc.edition import csp, signing

# Folders whose files carry a checksum in their name (Material's bundles, our moved inline scripts): a file
# there never changes, so browsers may keep it for a year. Everything else is checked again on every visit.
IMMUTABLE_DIRS = ("assets/javascripts", "assets/stylesheets", csp.INLINE_DIR)
LONG_CACHE = "max-age=31536000, immutable"
SHORT_CACHE = "no-cache"

HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", csp.header_policy()),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

_WORDS = {
    "sv": {
        "folder": "mappen 'current' pekar på den utgåva som används (se 'Byta till en ny utgåva')",
        "tls": "certifikatet och nyckeln enligt er egen rutin",
        "headers": "säkerhetshuvuden: bara webbplatsens egna filer får laddas",
        "cache": "filer med kontrollsumma i namnet ändras aldrig; allt annat kontrolleras vid varje besök",
        "iis": "i applicationHost.config (eller via Configuration Editor i IIS Manager), inte i kopians mapp",
        "links": "följ inga länkar inuti utgåvan (bara länken 'current' till den)",
        "keys": ("nyckel", "utfärdare", "giltig från", "status", "fingeravtryck (SHA-256)"),
        "status": {"in use": "används", "retired": "pensionerad", "revoked": "spärrad"},
        "public": "publik nyckel (Ed25519, base64)",
    },
    "en": {
        "folder": "'current' points at the edition in use (see 'Replacing it with a newer edition')",
        "tls": "the certificate and key, as your own procedure says",
        "headers": "security headers: only the site's own files may load",
        "cache": "files with a checksum in their name never change; all others are checked on every visit",
        "iis": "in applicationHost.config (or the Configuration Editor of IIS Manager), not in the copy",
        "links": "follow no links inside the edition (only the 'current' link to it)",
        "keys": ("key", "signer", "valid from", "status", "fingerprint (SHA-256)"),
        "status": {"in use": "in use", "retired": "retired", "revoked": "revoked"},
        "public": "public key (Ed25519, base64)",
    },
}


def _fence(lang: str, code: str) -> str:
    return f"```{lang}\n{code.rstrip()}\n```\n"


def policy_block(project, ctx) -> str:
    """The Content-Security-Policy header value as a code block."""
    return _fence("text", csp.header_policy())


def nginx(project, ctx) -> str:
    """A server block for nginx (in conf.d/, inside http)."""
    w = _WORDS[ctx.lang]
    dirs = "|".join(d.removeprefix("assets/") for d in IMMUTABLE_DIRS)
    headers = "\n".join(f'    add_header {name} "{value}" always;' for name, value in HEADERS)
    return _fence("nginx", f"""\
# {w['cache']}
map $uri $kc_cache_control {{
    ~/assets/({dirs})/ "{LONG_CACHE}";
    default "{SHORT_CACHE}";
}}

server {{
    listen 443 ssl;
    server_name riktlinjer.kommun.example;
    # {w['tls']}
    ssl_certificate     /etc/ssl/certs/riktlinjer.kommun.example.pem;
    ssl_certificate_key /etc/ssl/private/riktlinjer.kommun.example.key;

    # {w['folder']}
    root /srv/kunskapscentrum/current;
    index index.html;
    charset utf-8;
    autoindex off;
    server_tokens off;

    # {w['links']}
    disable_symlinks on from=$document_root;

    # {w['headers']}
{headers}
    add_header Cache-Control $kc_cache_control always;

    location / {{
        try_files $uri $uri/ =404;
    }}
}}
""")


def apache(project, ctx) -> str:
    """A virtual host for Apache httpd 2.4 (needs mod_headers and mod_ssl)."""
    w = _WORDS[ctx.lang]
    dirs = "|".join(d.removeprefix("assets/") for d in IMMUTABLE_DIRS)
    headers = "\n".join(f'    Header always set {name} "{value}"' for name, value in HEADERS)
    return _fence("apache", f"""\
<VirtualHost *:443>
    ServerName riktlinjer.kommun.example
    # {w['tls']}
    SSLEngine on
    SSLCertificateFile    /etc/ssl/certs/riktlinjer.kommun.example.pem
    SSLCertificateKeyFile /etc/ssl/private/riktlinjer.kommun.example.key

    # {w['folder']}
    DocumentRoot /srv/kunskapscentrum/current
    <Directory /srv/kunskapscentrum/current>
        Options -Indexes +FollowSymLinks
        AllowOverride None
        Require all granted
    </Directory>
    DirectoryIndex index.html
    AddDefaultCharset utf-8

    # {w['headers']}
{headers}

    # {w['cache']}
    Header set Cache-Control "{SHORT_CACHE}"
    <LocationMatch "/assets/({dirs})/">
        Header set Cache-Control "{LONG_CACHE}"
    </LocationMatch>
</VirtualHost>
""")


def iis(project, ctx) -> str:
    """Settings for an IIS site named Kunskapscentrum, kept outside the copy's folder."""
    w = _WORDS[ctx.lang]
    headers = "\n".join(f'          <add name="{name}" value="{value}" />' for name, value in HEADERS)
    immutable = "\n".join(f"""\
<location path="Kunskapscentrum/{d}">
  <system.webServer>
    <staticContent>
      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00" />
    </staticContent>
  </system.webServer>
</location>""" for d in IMMUTABLE_DIRS)
    return _fence("xml", f"""\
<!-- {w['iis']} -->
<location path="Kunskapscentrum">
  <system.webServer>
    <directoryBrowse enabled="false" />
    <defaultDocument enabled="true">
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <staticContent>
      <!-- {w['cache']} -->
      <clientCache cacheControlMode="DisableCache" />
      <remove fileExtension=".js" />
      <mimeMap fileExtension=".js" mimeType="text/javascript; charset=utf-8" />
      <remove fileExtension=".csv" />
      <mimeMap fileExtension=".csv" mimeType="text/csv; charset=utf-8" />
    </staticContent>
    <httpProtocol>
      <customHeaders>
        <!-- {w['headers']} -->
        <remove name="X-Powered-By" />
{headers}
      </customHeaders>
    </httpProtocol>
  </system.webServer>
</location>
{immutable}
""")


def signing_keys(project, ctx) -> str:
    """The centre's public signing keys, shipped with kc, with their fingerprints and status."""
    w = _WORDS[ctx.lang]
    head = w["keys"]
    rows = [f"| {' | '.join(head)} |", "|---|---|---|---|---|"]
    blocks = []
    for key in signing.trusted_keys():
        status = w["status"]["revoked" if key.revoked else "retired" if key.retired else "in use"]
        if key.retired and not key.revoked:
            status += f" {key.retired.isoformat()}"
        signer = key.signer.replace("|", "/")
        rows.append(f"| `{key.id}` | {signer} | {key.valid_from} | {status} | `{key.fingerprint}` |")
        blocks.append(f"{key.id}\n{w['public']}: {base64.b64encode(key.public).decode()}\n"
                      f"{head[4]}: {key.fingerprint}")
    return "\n".join(rows) + "\n\n" + _fence("text", "\n\n".join(blocks))
