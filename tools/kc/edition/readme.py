"""The bilingual read-me at the top of an offline edition: what it is, how to open it, how to check it."""

from __future__ import annotations

README_NAME = "LASMIG-README.txt"

TEXT = """\
Nationellt kunskapscentrum för avhopparverksamhet – lokal kopia
================================================================

Det här är en lokal kopia av kunskapscentrumets webbplats med de nationella riktlinjerna för
kommunernas avhopparverksamhet. Utgåva {date}, källversion {commit}.
Riktlinjer i utgåvan: {guidelines}.

Så öppnar du kopian
- Från disk eller en filresurs: öppna index.html i mappen med en webbläsare. Sökningen fungerar
  utan nätverk.
- På en webbserver i intranätet: lägg mappen på servern. Anvisningar för nginx, Apache och IIS
  finns på sidan hosting/index.html (Drift av en lokal kopia).

Så kontrollerar du kopian
- Filen manifest.sha256 listar kontrollsumman (SHA-256) för varje fil. Kör "kc verify <mappen eller
  zipfilen>" för att kontrollera filerna och kunskapscentrumets underskrift (signature.json). På en
  Windowsserver utan Python kontrollerar verify.ps1 filerna, men inte underskriften. Sidan Drift av
  en lokal kopia beskriver sätten och vad de kan och inte kan visa.
- Den svenska texten gäller. Den engelska är en översättning.

National Knowledge Centre for Exit Programmes – local copy
==========================================================

This is a local copy of the knowledge centre's website with the national guidelines for municipal
exit programmes. Edition {date}, source version {commit}. Guidelines in this edition: {guidelines}.

How to open it
- From disk or a file share: open index.html in this folder with a web browser. Search works
  without a network.
- On an intranet web server: put this folder on the server. Instructions for nginx, Apache and IIS
  are on the page en/hosting/index.html (Hosting a local copy).

How to check it
- manifest.sha256 lists the SHA-256 checksum of every file. Run "kc verify <this folder or the zip>"
  to check the files and the centre's signature (signature.json). On a Windows server without
  Python, verify.ps1 checks the files but not the signature. The page Hosting a local copy describes
  each way and what it can and cannot prove.
- The Swedish text is authoritative; the English text is a translation.
"""


def readme_text(edition: dict) -> str:
    """The read-me of `edition` (its edition.json data), with Windows line ends for Notepad."""
    guidelines = ", ".join(f"{g['id']} {g['version']}" for g in edition.get("guidelines", [])) or "–"
    text = TEXT.format(date=edition.get("date", ""), commit=edition.get("commit", ""), guidelines=guidelines)
    return text.replace("\n", "\r\n")
