"""One speed-up on WeasyPrint shared by every PDF the project makes (certificates, hours sheets,
plans, reports): imported by the apps' PDF engines, which import WeasyPrint only when a PDF is
made."""

import re

_SIZED_ARRAY = re.compile(r"^(\w+)\[(\d+)\]$")


def sized_arrays_without_parsing() -> None:
    """WeasyPrint subsets each PDF's fonts with HarfBuzz through arrays typed by their length
    (`ffi.new(f"hb_codepoint_t[{n}]", values)`, weasyprint/pdf/fonts.py). cffi parses every
    new type string with pycparser, ~15 ms each, and a sheet's glyph count is nearly always
    new to the process: a third of a sheet's render went there. An array whose length is its
    initial values' is the same as the open array type `hb_codepoint_t[]` with those values,
    parsed once; `ffi.new` gets that instead. Other calls go through unchanged. Once per
    process."""
    from weasyprint.text.ffi import ffi

    if getattr(ffi.new, "sized_arrays_open", False):
        return
    original = ffi.new
    open_types: dict[str, object] = {}

    def new(cdecl, init=None):
        if isinstance(cdecl, str) and init is not None:
            match = _SIZED_ARRAY.match(cdecl)
            if match and int(match[2]) == len(init):
                item = match[1]
                if item not in open_types:
                    open_types[item] = ffi.typeof(f"{item}[]")
                cdecl = open_types[item]
        return original(cdecl, init)

    new.sized_arrays_open = True
    ffi.new = new
