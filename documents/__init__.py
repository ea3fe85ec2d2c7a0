"""Official documents, part of the shared kernel every app issues its documents through.

- kinds.py       the registry: kind key → title, template, numbering code, who may issue, context
- formatting.py  dates in Chinese numerals, amounts as 人民币…元, a party's particulars
- rendering.py   Django template → PDF with WeasyPrint, QR code, and the glyph check
- services.py    document_issue, document_render_preview, document_verify, batches
- urls.py        the browser routes (case documents page, preview, download, batches, /verify/)

Adding a kind is one `register(DocumentKind(...))` call in the app that owns it, plus its template
under templates/documents/pdf/ extending documents/pdf/base.html.
"""
