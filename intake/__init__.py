"""intake: a ministry communication office's social-media coordination pipeline.

fetch (IMAP, Maildir) → parse (mail → submission) → store (Markdown + YAML)
→ render (pages, feeds) → build (mkdocs).
"""

__version__ = "0.1.0"
