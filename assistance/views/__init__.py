"""Browser pages of the assistance app: the liaison portal (liaison.py) and the court's pages."""
