from imports.command import ImportCommand
from imports.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import participants (and, from a workbook, a sheet of their companies) from an .xlsx or "
        ".csv file. Exit status 0: every row valid; 1: some rows rejected (the valid ones are "
        "imported unless --dry-run); 2: the file could not be read."
    )
    kind = ImportKind.PARTICIPANTS
