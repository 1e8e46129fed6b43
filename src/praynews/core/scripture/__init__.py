"""Scripture: exact verse text by reference, the topical index, verse choice, prayer, reflection."""
