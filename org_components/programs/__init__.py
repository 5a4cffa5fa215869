"""Stack programs built from the components; the files under stacks/ are thin entry points to these."""
