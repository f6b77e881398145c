"""Web UI and JSON API (FastAPI): `create_app(db_path, token)` and `serve(db, host, port, token)`."""

from kabar.web.app import create_app, serve

__all__ = ["create_app", "serve"]
