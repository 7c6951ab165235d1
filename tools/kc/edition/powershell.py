"""verify.ps1, shipped in every edition: a check of the files for Windows/IIS servers without Python.

It compares every file with manifest.sha256 using Get-FileHash and lists unexpected files and links. It
cannot check the signature, so it cannot tell a genuine manifest from a forged one: its header and its
last lines say so, and point to the manifest's published SHA-256 and to `kc verify`.
"""

from __future__ import annotations

SCRIPT = "verify.ps1"

# Written with a byte-order mark: Windows PowerShell 5.1 reads a file without one in the local code page.
TEXT = r"""# verify.ps1 - kontrollerar utgåvans filer mot manifest.sha256 / checks this edition's files
#
# SVENSKA
#   Kör:  powershell -ExecutionPolicy Bypass -File .\verify.ps1   (i den uppackade mappen)
#   Skriptet visar om varje fil stämmer med listan i manifest.sha256, och vilka filer som saknas,
#   har ändrats eller inte hör till utgåvan (även länkar, som en webbserver annars följer).
#   Det kan INTE visa att manifest.sha256 är äkta: den som förfalskar sidor kan skriva om listan.
#   Bara signaturkontrollen (kc verify) visar att utgåvan kommer från kunskapscentrumet. Jämför
#   annars manifestets SHA-256 (skrivs ut sist) med värdet som kunskapscentrumet publicerar för
#   utgåvan på sin webbplats.
#
# ENGLISH
#   Run:  powershell -ExecutionPolicy Bypass -File .\verify.ps1   (in the unzipped folder)
#   It shows whether every file matches the list in manifest.sha256, and which files are missing,
#   changed, or do not belong to the edition (links too, which a web server would follow).
#   It can NOT show that manifest.sha256 is genuine: whoever forges pages can rewrite the list.
#   Only the signature check (kc verify) shows that the edition comes from the knowledge centre.
#   Otherwise compare the manifest's SHA-256 (printed last) with the value the knowledge centre
#   publishes for the edition on its website.
#
# Exit code 0: every file matches the manifest; 1: a problem (listed); 2: no manifest.
param([string]$Path = $PSScriptRoot)
$ErrorActionPreference = 'Stop'

$root = (Resolve-Path -LiteralPath $Path).ProviderPath.TrimEnd('\')
$manifest = Join-Path $root 'manifest.sha256'
if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
    Write-Output "no manifest.sha256 in $root; this is not an edition, or the manifest was removed"
    exit 2
}
$unlisted = @('manifest.sha256', 'signature.json')
$problems = 0

# Every listed file and its checksum. The hashtable ignores case, as Windows file names do.
$expected = @{}
$lines = [System.IO.File]::ReadAllLines($manifest, (New-Object System.Text.UTF8Encoding($false)))
foreach ($line in $lines) {
    if ($line -eq '') { continue }
    if (-not ($line -match '^([0-9a-fA-F]{64})  (.+)$')) {
        Write-Output "damaged manifest line: $line"
        exit 1
    }
    # $Matches holds the groups of the -match just above.
    $hash = $Matches[1].ToLowerInvariant()
    $rel = $Matches[2]
    if ($rel -match '(^|/)\.\.(/|$)' -or $rel -match '^/' -or $rel -match '[\\:]') {
        Write-Output "unsafe name (listed in the manifest): $rel"
        $problems++
        continue
    }
    if ($expected.ContainsKey($rel)) {
        Write-Output "duplicate: $rel"
        $problems++
        continue
    }
    $expected[$rel] = $hash
}

# Every file in the folder, without following links or junctions.
$found = @{}
$queue = New-Object System.Collections.Generic.Queue[string]
$queue.Enqueue($root)
while ($queue.Count -gt 0) {
    $dir = $queue.Dequeue()
    foreach ($item in Get-ChildItem -LiteralPath $dir -Force) {
        $rel = $item.FullName.Substring($root.Length + 1).Replace('\', '/')
        if ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint) {
            Write-Output "link: $rel (an edition holds plain files only)"
            $problems++
        } elseif ($item.PSIsContainer) {
            $queue.Enqueue($item.FullName)
        } else {
            $found[$rel] = $item.FullName
        }
    }
}

$checked = 0
foreach ($rel in ($expected.Keys | Sort-Object)) {
    if (-not $found.ContainsKey($rel)) {
        Write-Output "missing: $rel"
        $problems++
        continue
    }
    $actual = (Get-FileHash -LiteralPath $found[$rel] -Algorithm SHA256).Hash.ToLowerInvariant()
    if ($actual -ne $expected[$rel]) {
        Write-Output "modified: $rel"
        $problems++
    }
    $checked++
}
foreach ($rel in ($found.Keys | Sort-Object)) {
    if (-not $expected.ContainsKey($rel) -and $unlisted -notcontains $rel) {
        Write-Output "unexpected: $rel"
        $problems++
    }
}

$manifestHash = (Get-FileHash -LiteralPath $manifest -Algorithm SHA256).Hash.ToLowerInvariant()
Write-Output ""
Write-Output "SHA-256 of manifest.sha256: $manifestHash"
Write-Output "Compare it with the value the knowledge centre publishes for this edition: this script cannot"
Write-Output "check the signature, so it cannot prove that the manifest itself is genuine (kc verify can)."
if ($problems -gt 0) {
    Write-Output "$problems problem(s): the edition was altered; do not use it, obtain it again"
    exit 1
}
Write-Output "all $checked files match the manifest"
exit 0
"""


def write(folder) -> None:
    """Write verify.ps1 into the edition's top folder (CRLF line ends, UTF-8 with byte-order mark)."""
    (folder / SCRIPT).write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
