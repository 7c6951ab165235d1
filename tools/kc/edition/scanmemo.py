"""The output scan of many pages at once: what is the same on every page is judged once.

A site's pages share most of their lines byte for byte (the theme's header, menu and footer), and a line's
findings depend only on its text and on the state of the reader where the line starts: inside <script> or
not, how deep in <svg>/<math>, whether the Content-Security-Policy meta tag has been seen. So each page is
read line by line with htmlscan's own reader, and the verdict of a (state, line) pair is remembered for the
next page: its findings (line numbers relative to it) and the state after it. The one thing a verdict
depends on besides that, where the page is (a relative <script src> is resolved against it), is kept as a
deferred check and judged again on every page. A line seen for the first time that is plain markup
(inertline) is not given to the parser at all.

A line is only judged on its own when the reader ends it with nothing pending: no tag, comment or raw text
still open and no <style> text being read (its CSS is judged whole). Otherwise the chunk runs on over the
next lines until it ends clean, and is remembered with all its lines. Anything else (a chunk that never
closes, raw text open at the end, anything the reader stumbles on) sends the page to htmlscan.scan_markup
whole. Either way a page's findings are exactly those of scan_markup, in the same order (tests/
test_scanmemo.py checks that on tricky and on random pages).
"""

from __future__ import annotations

from collections.abc import Callable

from kc.edition.htmlscan import PageScanner, Problem, is_outside, local_script_problem, scan_markup
from kc.edition.inertline import is_inert

MAX_CHUNK_LINES = 64  # a construct open over more lines than this sends the page to the whole-page scan
MAX_CHUNK_CHARS = 256 * 1024  # likewise for characters (re-reading a growing chunk must stay cheap)
MAX_CHUNKS_PER_LINE = 8  # different chunks kept that start with the same line
MAX_REMEMBERED = 2_000_000  # verdicts kept per site, to bound memory on a site of all-different lines

State = tuple  # (raw-text element or None, <svg>/<math> depth, policy seen)


class _Unsure(Exception):
    """The page does not fit the line-by-line reading: scan it whole."""


class _Deferred:
    """A relative <script src> at `line` (relative to its chunk), judged against each page's own path."""

    __slots__ = ("line", "url", "shown")

    def __init__(self, line: int, url: str, shown: str):
        self.line, self.url, self.shown = line, url, shown


class _ChunkScanner(PageScanner):
    """htmlscan's reader, restartable in a given state, with page-dependent script checks deferred."""

    def start(self, state: State) -> None:
        self.reset()  # html.parser's own state: no pending text, line 1, no raw-text element
        cdata, self.foreign, self.policy_seen = state
        self.problems = []
        self._in_style = False
        if cdata is not None:
            depth, self.foreign = self.foreign, 0  # (raw text is never entered inside <svg>)
            self.set_cdata_mode(cdata)
            self.foreign = depth

    def state(self) -> State:
        return (self.cdata_elem, self.foreign, self.policy_seen)

    def pending(self) -> bool:
        return bool(self.rawdata) or self._in_style

    def _script_src(self, url, shown):
        if is_outside(url):
            super()._script_src(url, shown)
        else:
            self.problems.append(_Deferred(self.getpos()[0], url, shown))


class SiteScanner:
    """Scans the pages of one site (same `script_ok`, base and policy), remembering verdicts across pages."""

    def __init__(self, script_ok: Callable[[str], bool], base: str = "/", policy: str | None = None):
        self.script_ok, self.base, self.policy = script_ok, base, policy
        self.reader = _ChunkScanner("", script_ok, base, policy=policy)
        self.verdicts: dict[State, tuple[dict, set]] = {}
        self.remembered = 0
        # Hashes of the plain lines (inertline) seen once so far. Most of a page's lines are its own text,
        # never seen again, and remembering each (the line, its verdict) kept the whole site's text in memory
        # (some 30 MB at 500 guidelines); a plain line, cheap to judge again, is remembered from its second
        # reading on. (A hash that collides only remembers a line early: verdicts are looked up by the line.)
        self.seen_once: set[int] = set()
        self.whole_pages = 0  # pages that needed the whole-page scan (for tests and profiling)

    def scan(self, data: bytes | str, page: str) -> list[Problem]:
        """Every problem of the HTML page `data` (UTF-8, or text) at site path `page`: exactly those of
        htmlscan.scan_markup on its text (undecodable bytes read as U+FFFD, as the rest of the scan does)."""
        if isinstance(data, str):
            try:
                data = data.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: no bytes to work on
                return self._whole(data, page)
        # Lines are kept as bytes and decoded only when read: decoding UTF-8 with replacement restarts at
        # every line break (no multi-byte sequence holds one), so the lines decode to the page's lines.
        if b"\0" in data:
            data = data.replace(b"\0", "\ufffd".encode())
        try:
            return self._scan(data, page)
        except (_Unsure, AssertionError, ValueError, RecursionError):
            return self._whole(data.decode("utf-8", errors="replace"), page)

    def _whole(self, text: str, page: str) -> list[Problem]:
        self.whole_pages += 1
        return scan_markup(text, page, self.script_ok, self.base, policy=self.policy)

    def _scan(self, data: bytes, page: str) -> list[Problem]:
        # scan_markup reads up to the last '>' only (see there); the lines are that part.
        lines = data[: data.rfind(b">") + 1].split(b"\n")
        last = len(lines) - 1
        state: State = (None, 0, self.policy is None)
        problems: list[Problem] = []
        i = 0
        while i <= last:
            table, quiet = self._tables(state)
            # Which lines are known to leave this state as it is with nothing to say, found at C speed; the
            # last line is always read, as it ends the page rather than at a line break.
            first = i
            skip = list(map(quiet.__contains__, lines[first:last]))
            skip.append(False)
            while i <= last:
                at = first + skip.index(False, i - first)
                i, (found, after, _) = self._verdict(state, lines, at, table, quiet)
                if found:
                    self._replay(found, at + 1, page, problems)
                if after != state:
                    state = after
                    break
        if state[0] is not None:
            raise _Unsure  # raw text open at the end: scan_markup reads on past the last '>'
        if not state[2]:
            problems.append(Problem(1, "page without the site's Content-Security-Policy meta tag; it was "
                                       "not made by the build's templates, remove it"))
        return problems

    def _tables(self, state: State) -> tuple[dict, set]:
        """The verdicts known for lines read from `state`, and the set of those that say nothing."""
        if state not in self.verdicts:
            self.verdicts[state] = ({}, set())
        return self.verdicts[state]

    def _verdict(self, state: State, lines: list[bytes], i: int, table: dict, quiet: set
                 ) -> tuple[int, tuple]:
        """The verdict for the chunk starting at line i: (line after it, (findings, state after, rest)), where
        rest is the chunk's lines after the first (a tag or raw text open over several lines)."""
        line, last = lines[i], len(lines) - 1
        if i < last:
            known = table.get(line)
            if type(known) is tuple:  # a line read alone
                return i + 1, known
            if known is not None:  # the chunks that started with this line: the rest must match too
                for verdict in known:
                    rest = verdict[2]
                    # (and the chunk must end before the page's last line, which is read without its break)
                    if i + len(rest) < last and tuple(lines[i + 1 : i + 1 + len(rest)]) == rest:
                        return i + 1 + len(rest), verdict
            elif state[0] is None and state[1] == 0 and is_inert(line):
                verdict = ((), state, ())
                key = hash(line)
                if key in self.seen_once:
                    self.seen_once.discard(key)
                    self._remember(state, line, verdict, table, quiet)
                else:
                    self.seen_once.add(key)
                return i + 1, verdict
        end, found, after = self._read(state, lines, i)
        verdict = (found, after, tuple(lines[i + 1 : end]))
        if end <= last:  # (a chunk with the page's last line was read without its line break)
            self._remember(state, line, verdict, table, quiet)
        return end, verdict

    def _remember(self, state: State, line: bytes, verdict: tuple, table: dict, quiet: set) -> None:
        if self.remembered >= MAX_REMEMBERED:
            return
        self.remembered += 1
        if verdict[2]:
            # Whether a line is read alone depends on it only; chunks that start with it may differ after it
            # (one per language, say): keep a few.
            known = table.get(line)
            table[line] = [verdict, *(known if isinstance(known, list) else ())][:MAX_CHUNKS_PER_LINE]
        else:
            table[line] = verdict
            if not verdict[0] and verdict[1] == state:
                quiet.add(line)

    def _read(self, state: State, lines: list[bytes], i: int) -> tuple[int, tuple, State]:
        """Read lines i.. from `state` up to the first line end with nothing pending: (next line, findings
        with lines relative to line i, state after)."""
        reader, last = self.reader, len(lines) - 1
        end = i + 1
        while True:
            reader.start(state)
            reader.whole = end > last  # the page's last line: what is still open runs to its end
            chunk = b"\n".join(lines[i:end]).decode("utf-8", errors="replace")
            reader.feed(chunk if end > last else chunk + "\n")
            if not reader.pending():
                return end, tuple(reader.problems), reader.state()
            if end > last or end - i >= MAX_CHUNK_LINES or len(chunk) > MAX_CHUNK_CHARS:
                raise _Unsure
            # Twice the lines each time: a chunk that never closes costs twice its length to give up on,
            # not its square. (A chunk may take in more than one construct: it only has to end clean.)
            end = min(i + 2 * (end - i), last + 1)

    def _replay(self, found: tuple, first: int, page: str, problems: list[Problem]) -> None:
        for p in found:
            if isinstance(p, _Deferred):
                message = local_script_problem(page, p.url, p.shown, self.base, self.script_ok)
                if message:
                    problems.append(Problem(first + p.line - 1, message))
            else:
                problems.append(Problem(first + p.line - 1, p.message))
