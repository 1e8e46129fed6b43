"""The Django shell: storage, the editor's admin, the public site and feeds."""
