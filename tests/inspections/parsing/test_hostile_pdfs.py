"""Crafted PDFs meant to exhaust the importer: each ends in a clear refusal, fast.

Every file is built here, in the test. The bound asserted is the service's promise
(a refusal within 10 seconds, with the caller's memory untouched), not a benchmark.
"""

import logging
import os
import resource
import time
import zlib

import pytest

from inspections.parsing import LetterError, extract_pdf_text

BOUND_SECONDS = 10.0
# The reader runs in a child process, so the test process's peak memory must not grow
# by anything like the gigabytes these files ask for.
MEMORY_SLACK_KB = 64 * 1024


def pdf(*objects: bytes, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF with the given objects numbered from 1, and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), extra, content)


def one_page(content: bytes, extra: bytes = b"") -> bytes:
    """A one-page PDF drawing ``content`` (a content stream) in Helvetica."""
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content, extra),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    )


def deflate_bomb(chunk: bytes, copies: int) -> bytes:
    """A zlib stream that inflates to ``copies`` times ``chunk``, built without
    compressing the whole: a full flush makes each compressed chunk independent."""
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(copies):
        checksum = zlib.adler32(chunk, checksum)
    tail = compressor.flush(zlib.Z_FINISH)[:-4] + checksum.to_bytes(4, "big")
    return head + body * (copies - 1) + tail


def refuse_in_time(data: bytes, match: str) -> LetterError:
    """Extract, and assert a clear refusal within the bound without the caller's memory growing."""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    with pytest.raises(LetterError, match=match) as error:
        extract_pdf_text(data)
    elapsed = time.monotonic() - start
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.1f} s"
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert peak_after - peak_before < MEMORY_SLACK_KB + len(data) // 1024
    return error.value


def test_a_decompression_bomb_is_refused_for_its_memory():
    # 2 GiB of drawing operators behind about 2 MB of Flate data.
    bomb = deflate_bomb(b"0 0 m 1 1 l S\n" * 74_899, 2048)

    refuse_in_time(one_page(bomb, b"/Filter /FlateDecode"), match="needs too much memory")


def test_objects_nested_tens_of_thousands_deep_are_refused():
    # PDFium gives up on the nested objects, which leaves a page with no text.
    depth = 50_000
    nested = b"[" * depth + b"]" * depth
    dicts = b"<< /A " * depth + b">>" * depth

    refuse_in_time(
        pdf(
            b"<< /Type /Catalog /Pages 2 0 R /Deep " + nested + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Deeper " + dicts + b" >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ),
        match="no text",
    )


def test_a_pdf_with_thousands_of_pages_is_refused_with_its_page_count():
    pages = 5000
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"

    error = refuse_in_time(
        pdf(
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            stream(b"BT /F1 12 Tf 72 720 Td (Ofsted) Tj ET"),
            *[page] * pages,
        ),
        match="has 5,000 pages",
    )
    assert "at most 1,000" in str(error)


def test_a_content_stream_of_millions_of_tiny_text_operators_is_refused():
    operators = b"BT /F1 1 Tf " + b"1 0 0 1 9 9 Tm (a) Tj\n" * 4_000_000 + b"ET"
    content = zlib.compress(operators, 9)

    refuse_in_time(
        one_page(content, b"/Filter /FlateDecode"),
        match="took too long to read|needs too much memory",
    )


def test_objects_and_cross_references_that_point_at_themselves_are_refused():
    looping = pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 3 0 R /Contents 4 0 R /Resources 3 0 R >>",
        b"4 0 R",
        trailer=b"/Root 1 0 R /Prev 9",
    )

    refuse_in_time(looping, match="damaged or incomplete")


def endless_content() -> bytes:
    """A form of half a million do-nothing operators drawn twenty thousand times: work
    without end in little memory, which only the deadline stops (13 KB)."""
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /F1 5 0 R >> >> >>",
        stream(zlib.compress(b"/F1 Do " * 20_000), b"/Filter /FlateDecode"),
        stream(
            zlib.compress(b"q Q " * 500_000),
            b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Filter /FlateDecode",
        ),
    )


def test_a_hostile_pdf_cannot_tie_up_the_caller(caplog):
    busy = endless_content()

    with caplog.at_level(logging.WARNING, logger="inspections.parsing.pdf_sandbox"):
        refuse_in_time(busy, match="took too long to read")

    stopped = [record.args[0] for record in caplog.records if "Stopped PDF reader" in record.msg]
    assert stopped, "the child was not stopped"
    with pytest.raises(ProcessLookupError):
        os.kill(stopped[0], 0)
    # And the reader is ready for the next file.
    letter = one_page(
        b"BT /F1 12 Tf 72 720 Td (Ofsted: a letter about social care for children) Tj ET"
    )
    assert "social care for children" in extract_pdf_text(letter)
