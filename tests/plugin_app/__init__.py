"""A small app, installed by the test settings only, that plugs into every registry the way a new app
(sanctions, money, …) does: it registers a case action with its approver role, a document kind with
its template, a menu entry with a page of its own, and a timeline renderer, all from its
AppConfig.ready(). No other file names it but config/settings/test.py (tests/test_plugin_app.py)."""
