"""The Whoosh index of `kc search` and the browser's search index; the only users of whoosh."""
