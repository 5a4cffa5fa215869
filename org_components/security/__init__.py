"""Organization-wide security services: the spec's cross-field checks, and what the program and the live commands share."""
