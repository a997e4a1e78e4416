from django.dispatch import Signal

# Sent inside the posting transaction with cadre, on (date), actor, posting. Receivers hand
# over the cadre's assignments; an exception rolls the whole posting back.
cadre_posted_away = Signal()
