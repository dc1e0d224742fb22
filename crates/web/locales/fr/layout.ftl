# Layout on phones and the dashboards' sections (issue 19).
dash-sections = Détails
