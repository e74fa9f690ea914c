"""One router per file: ask, search, documents, health (the JSON API) and pages (the chat page)."""
