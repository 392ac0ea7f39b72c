"""`schedule_changed` is sent after a year's official schedule is loaded, edited or removed.

Receivers recompute every date they derived for those years (provisional or not), e.g. the
catalog's due periods and participation's request deadlines. Sent with `years=set[int]`.
"""

from django.dispatch import Signal

schedule_changed = Signal()
