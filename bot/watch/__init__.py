"""What an operator watches: Prometheus metrics (GET /metrics), and logs as JSON lines with each request's
team and kind. Nothing here holds personal text: labels are kinds, results and team ids."""
