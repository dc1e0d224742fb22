# Live sessions: the host (or an administrator overseeing the session) puts someone out.
live-col-remove = Retirer
live-remove = Retirer de la séance
live-removed = L’animateur vous a retiré de cette séance : vous ne pouvez pas la rejoindre à nouveau.
live-remove-host = L’animateur ne peut pas être retiré de sa propre séance.
live-remove-who = Cette personne ne fait pas partie de la séance.
