"""What people read, built from the published mart (and, for restricted/, the warehouse):
reports/<quarter>/exceptions.*, dashboard.html, dq_report.html, restricted/dq_<source>.xlsx."""
