"""The performance coaching intervention (`/coach`)."""
