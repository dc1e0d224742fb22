# Families and announcements (issue 18): the class picker of the announcement form, the
# child's live sessions of the coming week.
ann-one-class = Une seule classe
child-live-week = Les séances des sept prochains jours.
child-live-none-week = Aucune classe en direct prévue dans les sept prochains jours.
