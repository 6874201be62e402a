"""Slack's Block Kit limits, in one place; every builder keeps within them."""

MAX_BLOCKS = 50  # blocks in one message
MAX_VIEW_BLOCKS = 100  # blocks in a modal or the App Home tab
MAX_SECTION_TEXT = 3000  # characters in a section's text
MAX_FIELD_TEXT = 2000  # characters in one section field
MAX_SECTION_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ELEMENTS = 25
MAX_OPTION_TEXT = 75
MAX_MODAL_TITLE = 24
MAX_PRIVATE_METADATA = 3000
MAX_MESSAGE_TEXT = 3000  # the plain-text fallback we send beside blocks (Slack truncates at 40,000)

PAGE_SIZE = 8  # actions per message page: two blocks each keeps a full page well under MAX_BLOCKS
