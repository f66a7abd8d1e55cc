"""Who may use each page and API operation of casebook. See yorozu/common/access.py.

The skeleton's entry only: the engineer building casebook replaces this file with the full table.
"""

from __future__ import annotations

from yorozu.common.access import GET_ONLY, STAFF, Access

ACCESS: dict[str, Access] = {
    "casebook:case-study-list": Access(get=STAFF, methods=GET_ONLY),
}
