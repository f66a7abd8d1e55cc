"""Who may use each page and API operation of analysis. See yorozu/common/access.py.

The skeleton's entry only: the engineer building analysis replaces this file with the full table.
"""

from __future__ import annotations

from yorozu.common.access import GET_ONLY, STAFF, Access

ACCESS: dict[str, Access] = {
    "analysis:dataset-list": Access(get=STAFF, methods=GET_ONLY),
}
