"""What the repository says: records, texts, clauses and shared data; no pages, no generator."""
