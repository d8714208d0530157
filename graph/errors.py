"""One exception hierarchy for the whole tool, caught once at the CLI edge.

Every error names the file or value at fault and what was expected, so the CLI can
print it as a single line.  Exit codes are part of the documented interface:

=====  ===================================================================
code   meaning
=====  ===================================================================
0      success
1      the build finished but some pages could not be read (see messages)
2      bad command line, or a named query / parameter that does not exist
3      invalid input data: lexicon, ontology, pattern table, gold file
4      the graph does not conform to ``ontology/shapes.ttl``
5      a query was refused (update, SERVICE, remote FROM) or timed out
6      an output could not be written (disk full, permissions); previous
       outputs are left intact
=====  ===================================================================
"""

from __future__ import annotations


class CztError(Exception):
    """Base class: a problem the user can fix, reported as one line."""

    exit_code = 1

    def __init__(self, message: str, *, path: object | None = None, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(message)

    def __reduce__(self):
        # an error crossing processes (a forked stage reports it) keeps its place
        return (_restored, (type(self), self.args, self.__dict__))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        msg = super().__str__()
        return f"{where}: {msg}" if where else msg


class PageError(CztError):
    """A page cannot be read as text (binary, empty, undecodable, unreadable)."""

    exit_code = 1


class UsageError(CztError):
    """Bad command line: unknown query name, missing parameter, bad option value."""

    exit_code = 2


class DataError(CztError):
    """Invalid curated data: lexicon row, pattern table, ontology, gold annotation."""

    exit_code = 3


class ValidationFailed(CztError):
    """The built graph violates the SHACL shapes; ``report`` holds the readable report."""

    exit_code = 4

    def __init__(self, message: str, report: str = ""):
        super().__init__(message)
        self.report = report


class QueryRefused(CztError):
    """A query that would write, reach the network or read remote data."""

    exit_code = 5


class QueryTimeout(CztError):
    """A query ran past its time limit."""

    exit_code = 5


class OutputError(CztError):
    """An output file could not be written; the previous one is kept."""

    exit_code = 6


def _restored(cls, args: tuple, state: dict) -> CztError:
    """A :class:`CztError` as pickled by :meth:`CztError.__reduce__`."""
    exc = Exception.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc
