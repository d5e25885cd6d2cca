"""The one home of free-text limits. A form field, its model field and its column take
their length from here, so that what a form accepts the database stores (a reopening
reason of 2,000 characters once broke the history's 100-character column: a 500)."""

# Narratives: activities, obstacles, explanations, the decree's texts; also an imported cell.
NOTE_CHARS = 5000
# A reviewer's comment, an upload's description.
COMMENT_CHARS = 2000
# Why something was reopened or re-issued; also the history's change-reason column.
REASON_CHARS = 2000
