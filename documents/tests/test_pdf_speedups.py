"""The PDF engine's one speed-up on WeasyPrint: font-subsetting arrays typed by their length
are made from the open array type, parsed once, and hold the same values."""

from certificates import pdf_engine  # noqa: F401 (applies the change on import)
from documents.pdf_speedups import sized_arrays_without_parsing


def test_sized_arrays_are_made_without_parsing_a_new_type():
    from weasyprint.text.ffi import ffi

    before = set(ffi._parsed_types)
    array = ffi.new("hb_codepoint_t[7]", [1, 2, 3, 5, 8, 13, 21])
    assert list(array) == [1, 2, 3, 5, 8, 13, 21]
    assert ffi.sizeof(array) == 7 * ffi.sizeof("hb_codepoint_t")
    assert "hb_codepoint_t[7]" not in set(ffi._parsed_types) - before
    # Anything else goes through unchanged.
    assert ffi.sizeof(ffi.new("hb_codepoint_t[4]")) == 4 * ffi.sizeof("hb_codepoint_t")
    sized_arrays_without_parsing()  # once per process: a second call changes nothing
    assert ffi.new.sized_arrays_open
